// Pod security and service-account rules (SEC…), in catalogue order.
import type { Rule } from '../types';
import { privilegedContainer } from './SEC001-privileged-container';
import { hostNetwork, hostPid, hostIpc } from './SEC002-004-host-namespaces';
import { hostPathVolume } from './SEC005-host-path-volume';
import { hostPort } from './SEC006-host-port';
import { capabilitiesAdded } from './SEC007-capabilities-added';
import { capabilitiesNotDropped } from './SEC008-capabilities-not-dropped';
import { allowPrivilegeEscalation } from './SEC009-allow-privilege-escalation';
import { runAsNonRoot } from './SEC010-run-as-non-root';
import { rootGroup } from './SEC011-root-or-low-uid-gid';
import { readOnlyRootFs } from './SEC012-read-only-root-fs';
import { seccompProfile } from './SEC013-seccomp-profile';
import { appArmorProfile, seLinuxOptions } from './SEC014-015-apparmor-selinux';
import { procMount } from './SEC016-proc-mount';
import { unsafeSysctls } from './SEC017-unsafe-sysctls';
import { windowsHostProcess } from './SEC018-windows-host-process';
import { restrictedVolumeTypes } from './SEC019-restricted-volume-types';
import { probeLifecycleHost } from './SEC020-probe-lifecycle-host';
import { automountServiceAccountToken } from './SEC021-automount-sa-token';
import { serviceAccountHygiene } from './SEC022-service-account-hygiene';
import { secretLiteral, secretFromEnv } from './SEC023-024-secrets-in-env';

export const SECURITY_RULES: Rule[] = [
  privilegedContainer, hostNetwork, hostPid, hostIpc, hostPathVolume, hostPort, capabilitiesAdded, capabilitiesNotDropped,
  allowPrivilegeEscalation, runAsNonRoot, rootGroup, readOnlyRootFs, seccompProfile, appArmorProfile, seLinuxOptions,
  procMount, unsafeSysctls, windowsHostProcess, restrictedVolumeTypes, probeLifecycleHost, automountServiceAccountToken,
  serviceAccountHygiene, secretLiteral, secretFromEnv,
];
