// Network, Service and Ingress rules (NET…) and references (REF…), in catalogue order.
import type { Rule } from '../types';

export const NETWORK_RULES: Rule[] = [];
