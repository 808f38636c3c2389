// RBAC rules (RBAC…), in catalogue order.
import type { Rule } from '../types';

export const RBAC_RULES: Rule[] = [];
