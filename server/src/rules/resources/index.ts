// Resource requests, limits and quota rules (RES…), in catalogue order.
import type { Rule } from '../types';

export const RESOURCE_RULES: Rule[] = [];
