// Operations rules: shutdown, jobs, env, logs (OPS…), in catalogue order.
import type { Rule } from '../types';

export const OPERATIONS_RULES: Rule[] = [];
