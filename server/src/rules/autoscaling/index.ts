// HorizontalPodAutoscaler rules (HPA…), in catalogue order.
import type { Rule } from '../types';
import { hpaReplicaBounds } from './HPA001-hpa-replica-bounds';
import { hpaTargetMissing } from './HPA002-hpa-target-missing';
import { hpaWithStaticReplicas } from './HPA003-hpa-with-static-replicas';
import { workloadWithoutHpa } from './HPA004-workload-without-hpa';

export const AUTOSCALING_RULES: Rule[] = [hpaReplicaBounds, hpaTargetMissing, hpaWithStaticReplicas, workloadWithoutHpa];
