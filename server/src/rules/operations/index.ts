// Operations rules: shutdown, jobs, env, logs (OPS…), in catalogue order.
import type { Rule } from '../types';
import { gracefulShutdown } from './OPS001-graceful-shutdown';
import { jobLifecycle } from './OPS002-job-lifecycle';
import { duplicateEnvVar } from './OPS003-duplicate-env-var';
import { logAggregation } from './OPS004-log-aggregation';

export const OPERATIONS_RULES: Rule[] = [gracefulShutdown, jobLifecycle, duplicateEnvVar, logAggregation];
