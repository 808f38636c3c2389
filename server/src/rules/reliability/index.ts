// Reliability rules: probes, replicas, disruption budgets, selectors (REL…), in catalogue order.
import type { Rule } from '../types';

export const RELIABILITY_RULES: Rule[] = [];
