// Network, Service and Ingress rules (NET…) and references (REF…), in catalogue order.
import type { Rule } from '../types';
import { serviceExposureType } from './NET001-service-exposure-type';
import { serviceSelectsNothing } from './NET002-service-selects-nothing';
import { invalidPortName } from './NET003-invalid-port-name';
import { ingressBackendMissing } from './NET004-ingress-backend-missing';
import { ingressTlsMissing } from './NET005-ingress-tls-missing';
import { ingressHostNotApproved } from './NET006-ingress-host-not-approved';
import { podNotIsolated } from './NET007-pod-not-isolated';
import { selectorMatchesNothing } from './NET008-selector-matches-nothing';
import { sensitiveContainerPort } from './NET009-sensitive-container-port';
import { ingressNginxSnippet } from './NET010-ingress-nginx-snippet';
import { referencedObjectMissing } from './REF001-referenced-object-missing';

export const NETWORK_RULES: Rule[] = [
  serviceExposureType,
  serviceSelectsNothing,
  invalidPortName,
  ingressBackendMissing,
  ingressTlsMissing,
  ingressHostNotApproved,
  podNotIsolated,
  selectorMatchesNothing,
  sensitiveContainerPort,
  ingressNginxSnippet,
  referencedObjectMissing,
];
