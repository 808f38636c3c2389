// RBAC rules (RBAC…), in catalogue order.
import type { Rule } from '../types';
import { wildcardInRules } from './RBAC001-wildcard-in-rules';
import { clusterAdminBinding } from './RBAC002-cluster-admin-binding';
import { sensitiveResourceAccess } from './RBAC003-sensitive-resource-access';
import { execAttachProxy } from './RBAC004-exec-attach-proxy';
import { escalationVerbs } from './RBAC005-escalation-verbs';
import { defaultServiceAccountBound } from './RBAC006-default-sa-bound';

export const RBAC_RULES: Rule[] = [wildcardInRules, clusterAdminBinding, sensitiveResourceAccess, execAttachProxy, escalationVerbs, defaultServiceAccountBound];
