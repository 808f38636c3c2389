// Reliability rules: probes, replicas, disruption budgets, selectors (REL…), in catalogue order.
import type { Rule } from '../types';
import { readinessProbeMissing, livenessProbeMissing } from './REL001-002-probes-missing';
import { probesIdentical } from './REL003-probes-identical';
import { probePortNotExposed } from './REL004-probe-port-not-exposed';
import { tooFewReplicas } from './REL005-too-few-replicas';
import { pdbMissing } from './REL006-pdb-missing';
import { pdbBlocksEviction } from './REL007-pdb-blocks-eviction';
import { pdbPolicy } from './REL008-pdb-policy';
import { noSpread } from './REL009-no-spread';
import { selectorMismatch } from './REL010-selector-mismatch';
import { updateStrategy } from './REL011-update-strategy';
import { statefulSetServiceName } from './REL012-statefulset-service-name';
import { restartPolicyInvalid } from './REL013-restart-policy-invalid';

export const RELIABILITY_RULES: Rule[] = [
  readinessProbeMissing,
  livenessProbeMissing,
  probesIdentical,
  probePortNotExposed,
  tooFewReplicas,
  pdbMissing,
  pdbBlocksEviction,
  pdbPolicy,
  noSpread,
  selectorMismatch,
  updateStrategy,
  statefulSetServiceName,
  restartPolicyInvalid,
];
