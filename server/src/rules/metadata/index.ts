// Metadata and API rules (META…, API001), in catalogue order.
import type { Rule } from '../types';

export const METADATA_RULES: Rule[] = [];
