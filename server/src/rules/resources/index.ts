// Resource requests, limits and quota rules (RES…), in catalogue order.
import type { Rule } from '../types';
import { requestsMissing } from './RES001-requests-missing';
import { limitsMissing } from './RES002-limits-missing';
import { requestExceedsLimit } from './RES003-request-exceeds-limit';
import { invalidQuantity } from './RES004-invalid-quantity';
import { ephemeralStorage } from './RES005-ephemeral-storage';

export const RESOURCE_RULES: Rule[] = [requestsMissing, limitsMissing, requestExceedsLimit, invalidQuantity, ephemeralStorage];
