// HorizontalPodAutoscaler rules (HPA…), in catalogue order.
import type { Rule } from '../types';

export const AUTOSCALING_RULES: Rule[] = [];
