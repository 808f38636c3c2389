// Pod security and service-account rules (SEC…), in catalogue order.
import type { Rule } from '../types';
import { privilegedContainer } from './SEC001-privileged-container';
import { hostNetwork, hostPid, hostIpc } from './SEC002-004-host-namespaces';

export const SECURITY_RULES: Rule[] = [privilegedContainer, hostNetwork, hostPid, hostIpc];
