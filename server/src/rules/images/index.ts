// Container image rules (IMG…), in catalogue order.
import type { Rule } from '../types';

export const IMAGE_RULES: Rule[] = [];
