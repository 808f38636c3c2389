import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lintWithRules, type LintedFinding } from './ruleTestKit';
import type { RulesConfig } from '../../../server/src/rules/config';

// A Deployment that passes every security rule; cases edit it by replacing one line.
const HARDENED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      # pod-level settings
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
        seccompProfile:
          type: RuntimeDefault
      automountServiceAccountToken: false
      containers:
        - name: web # main container
          image: nginx:1.27
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: [ALL]
`;

const SEC_IDS = Array.from({ length: 24 }, (_, i) => `SEC${String(i + 1).padStart(3, '0')}`);

function variant(...edits: [string, string][]): string {
  return edits.reduce((text, [from, to]) => {
    assert.ok(text.includes(from), `fixture has ${from}`);
    return text.replace(from, to);
  }, HARDENED);
}

interface Opts { config?: Partial<RulesConfig>; kubernetesVersion?: string; files?: Record<string, string> }

function lint(yaml: string, ids: string[], opts: Opts = {}): LintedFinding[] {
  return lintWithRules({ '/ws/manifest.yaml': yaml, ...opts.files }, { only: ids, config: opts.config, kubernetesVersion: opts.kubernetesVersion });
}

/** Asserts exactly one finding of `id`, with its highlighted text and severity; returns it. */
function fires(yaml: string, id: string, text: string, severity: string, opts: Opts = {}): LintedFinding {
  const found = lint(yaml, [id], opts);
  assert.equal(found.length, 1, `${id}: ${found.map((f) => `${f.text}: ${f.message}`).join('; ')}`);
  assert.equal(found[0].ruleId, id);
  assert.equal(found[0].text, text);
  assert.equal(found[0].severity, severity);
  return found[0];
}

function passes(yaml: string, ids: string[], opts: Opts = {}): void {
  assert.deepEqual(lint(yaml, ids, opts).map((f) => `${f.ruleId} ${f.text}: ${f.message}`), []);
}

/** Applies the finding's fix; that finding is gone, no yaml/schema finding appears, comments survive. */
function fixes(yaml: string, f: LintedFinding, title: string, opts: Opts = {}): string {
  const fixed = applyFix(yaml, f, title);
  const parseProblems = (t: string) => lintWithRules(t, { kubernetesVersion: opts.kubernetesVersion }).filter((x) => x.ruleId === 'schema' || x.ruleId === 'yaml').length;
  assert.equal(parseProblems(fixed), parseProblems(yaml), fixed);
  assert.deepEqual(lint(fixed, [f.ruleId], opts).filter((x) => x.message === f.message), [], fixed);
  for (const comment of ['# pod-level settings', '# main container']) assert.ok(fixed.includes(comment), fixed);
  return fixed;
}

const RESTRICTED: Opts = { config: { profile: 'restricted' } };
const WINDOWS: [string, string] = ['      # pod-level settings\n', '      # pod-level settings\n      os: {name: windows}\n'];
const USERNS: [string, string] = ['      # pod-level settings\n', '      # pod-level settings\n      hostUsers: false\n'];
const CAPS = (list: string): [string, string] => ['              drop: [ALL]\n', `              drop: [ALL]\n              add: ${list}\n`];
const VOLUME = (source: string): [string, string] => ['      containers:\n', `      volumes:\n        - name: data\n          ${source}\n      containers:\n`];

test('the hardened Deployment passes every security rule, also under the restricted profile', () => {
  passes(HARDENED, SEC_IDS);
  passes(HARDENED, SEC_IDS, RESTRICTED);
});

test('SEC005 hostPath: W, sensitive path or runtime socket E, writable mount W with a readOnly fix', () => {
  fires(variant(VOLUME('hostPath: {path: /var/log}')), 'SEC005', 'path', 'warning');
  fires(variant(VOLUME('hostPath: {path: /var/run/docker.sock}')), 'SEC005', 'path', 'error');
  fires(variant(VOLUME('hostPath: {path: /etc/}')), 'SEC005', 'path', 'error');
  const mounted = variant(VOLUME('hostPath: {path: /var/log}'), ['image: nginx:1.27\n', 'image: nginx:1.27\n          volumeMounts:\n            - name: data # logs\n              mountPath: /logs\n']);
  const found = lint(mounted, ['SEC005']);
  assert.deepEqual(found.map((f) => [f.text, f.severity]), [['path', 'warning'], ['name: data', 'warning']]);
  const fixed = fixes(mounted, found[1], 'Mount it `readOnly: true`');
  assert.equal(lint(fixed, ['SEC005']).length, 1);
  passes(variant(VOLUME('emptyDir: {}')), ['SEC005']);
});

test('SEC006 hostPort: W on the key, deleted by the fix; 0 passes', () => {
  const yaml = variant(['image: nginx:1.27\n', 'image: nginx:1.27\n          ports:\n            - hostPort: 8080 # on the node\n              containerPort: 8080\n']);
  fixes(yaml, fires(yaml, 'SEC006', 'hostPort', 'warning'), 'Delete `hostPort`');
  passes(variant(['image: nginx:1.27\n', 'image: nginx:1.27\n          ports: [{containerPort: 80, hostPort: 0}]\n']), ['SEC006']);
});

test('SEC007 capabilities: E outside the baseline set (any case for SYS_ADMIN), W in restricted beyond NET_BIND_SERVICE', () => {
  const yaml = variant(CAPS('[SYS_ADMIN, NET_BIND_SERVICE]'));
  fixes(yaml, fires(yaml, 'SEC007', 'SYS_ADMIN', 'error'), 'Remove `SYS_ADMIN` from `add`');
  fires(variant(CAPS('[sys_admin]')), 'SEC007', 'sys_admin', 'error');
  passes(variant(CAPS('[CHOWN]')), ['SEC007']);
  fires(variant(CAPS('[CHOWN]')), 'SEC007', 'CHOWN', 'warning', RESTRICTED);
  passes(variant(CAPS('[NET_BIND_SERVICE]')), ['SEC007'], RESTRICTED);
  passes(variant(CAPS('[CHOWN]'), WINDOWS), ['SEC007'], RESTRICTED);
});

test('SEC008 drop: W without ALL (baseline accepts NET_RAW); the fix adds ALL', () => {
  const none = variant(['            capabilities:\n              drop: [ALL]\n', '']);
  fixes(none, fires(none, 'SEC008', 'name: web', 'warning'), 'Add `drop: [ALL]`');
  const netRaw = variant(['drop: [ALL]', 'drop: [NET_RAW]']);
  passes(netRaw, ['SEC008']);
  const fixed = fixes(netRaw, fires(netRaw, 'SEC008', 'drop', 'warning', RESTRICTED), 'Add `drop: [ALL]`', RESTRICTED);
  assert.match(fixed, /drop: \[NET_RAW, ALL\]/);
  passes(variant(['drop: [ALL]', 'drop: [CHOWN]'], WINDOWS), ['SEC008'], RESTRICTED);
});

test('SEC009 allowPrivilegeEscalation: E when true/privileged/SYS_ADMIN, W when unset (kube-linter is silent there)', () => {
  const unset = variant(['            allowPrivilegeEscalation: false\n', '']);
  fixes(unset, fires(unset, 'SEC009', 'name: web', 'warning'), 'Set `allowPrivilegeEscalation: false`');
  const on = variant(['allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: true']);
  fixes(on, fires(on, 'SEC009', 'allowPrivilegeEscalation', 'error'), 'Set `allowPrivilegeEscalation: false`');
  fires(variant(['allowPrivilegeEscalation: false', 'privileged: true']), 'SEC009', 'privileged', 'error');
  fires(variant(CAPS('[SYS_ADMIN]')), 'SEC009', 'SYS_ADMIN', 'error');
  passes(variant(['            allowPrivilegeEscalation: false\n', ''], WINDOWS), ['SEC009']);
});

test('SEC010 runAsNonRoot: E for UID 0, W when unset; runAsUser > 0 passes only outside restricted', () => {
  const bare = variant(['        runAsNonRoot: true\n        runAsUser: 10001\n', '']);
  fixes(bare, fires(bare, 'SEC010', 'name: web', 'warning'), 'Set `runAsNonRoot: true`');
  const uidOnly = variant(['        runAsNonRoot: true\n', '']);
  passes(uidOnly, ['SEC010']);
  fixes(uidOnly, fires(uidOnly, 'SEC010', 'name: web', 'warning', RESTRICTED), 'Set `runAsNonRoot: true`', RESTRICTED);
  fires(variant(['runAsUser: 10001', 'runAsUser: 0']), 'SEC010', 'runAsUser', 'error');
  const containerFalse = variant(['            allowPrivilegeEscalation: false\n', '            allowPrivilegeEscalation: false\n            runAsNonRoot: false\n']);
  fixes(containerFalse, fires(containerFalse, 'SEC010', 'runAsNonRoot', 'warning', RESTRICTED), 'Set `runAsNonRoot: true`', RESTRICTED);
  // PSA ≥1.35 exempts user-namespaced pods.
  passes(variant(['runAsUser: 10001', 'runAsUser: 0'], USERNS), ['SEC010'], { kubernetesVersion: '1.35' });
  fires(variant(['runAsUser: 10001', 'runAsUser: 0'], USERNS), 'SEC010', 'runAsUser', 'error', { kubernetesVersion: '1.34' });
});

test('SEC011 root group: W for runAsGroup, fsGroup or supplementalGroups 0', () => {
  fires(variant(['runAsGroup: 10001', 'runAsGroup: 0']), 'SEC011', 'runAsGroup', 'warning');
  fires(variant(['runAsGroup: 10001', 'runAsGroup: 10001\n        fsGroup: 0']), 'SEC011', 'fsGroup', 'warning');
  fires(variant(['runAsGroup: 10001', 'runAsGroup: 10001\n        supplementalGroups: [10001, 0]']), 'SEC011', '0', 'warning');
});

test('SEC012 readOnlyRootFilesystem: W unless true; the fix sets it', () => {
  const off = variant(['readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: false']);
  fixes(off, fires(off, 'SEC012', 'readOnlyRootFilesystem', 'warning'), 'Set `readOnlyRootFilesystem: true`');
  const unset = variant(['            readOnlyRootFilesystem: true\n', '']);
  fixes(unset, fires(unset, 'SEC012', 'name: web', 'warning'), 'Set `readOnlyRootFilesystem: true`');
});

test('SEC013 seccomp: Unconfined E; restricted requires RuntimeDefault or Localhost (Checkov fails Localhost)', () => {
  const unconfined = variant(['type: RuntimeDefault', 'type: Unconfined']);
  fixes(unconfined, fires(unconfined, 'SEC013', 'type', 'error'), 'Use `RuntimeDefault`');
  const legacy = variant(['      labels: {app: web}\n', '      labels: {app: web}\n      annotations:\n        seccomp.security.alpha.kubernetes.io/pod: unconfined\n']);
  fires(legacy, 'SEC013', 'seccomp.security.alpha.kubernetes.io/pod', 'error');
  const none = variant(['        seccompProfile:\n          type: RuntimeDefault\n', '']);
  passes(none, ['SEC013']);
  fixes(none, fires(none, 'SEC013', 'securityContext', 'warning', RESTRICTED), 'Set the pod\'s seccomp profile to `RuntimeDefault`', RESTRICTED);
  passes(variant(['type: RuntimeDefault', 'type: Localhost\n          localhostProfile: profiles/web.json']), ['SEC013'], RESTRICTED);
  passes(variant(['        seccompProfile:\n          type: RuntimeDefault\n', ''], WINDOWS), ['SEC013'], RESTRICTED);
});

test('SEC014 AppArmor and SEC015 SELinux overrides are errors', () => {
  fires(variant(['readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: true\n            appArmorProfile: {type: Unconfined}']), 'SEC014', 'type', 'error');
  passes(variant(['readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: true\n            appArmorProfile: {type: RuntimeDefault}']), ['SEC014']);
  const annotated = (v: string) => variant(['      labels: {app: web}\n', `      labels: {app: web}\n      annotations:\n        container.apparmor.security.beta.kubernetes.io/web: ${v}\n`]);
  fires(annotated('unconfined'), 'SEC014', 'container.apparmor.security.beta.kubernetes.io/web', 'error');
  passes(annotated('localhost/web'), ['SEC014']);
  fires(variant(['runAsGroup: 10001', 'runAsGroup: 10001\n        seLinuxOptions: {type: spc_t}']), 'SEC015', 'type', 'error');
  fires(variant(['runAsGroup: 10001', 'runAsGroup: 10001\n        seLinuxOptions: {user: system_u}']), 'SEC015', 'user', 'error');
  passes(variant(['runAsGroup: 10001', 'runAsGroup: 10001\n        seLinuxOptions: {type: container_engine_t, level: "s0:c1"}']), ['SEC015']);
});

test('SEC016 procMount: E unless Default; user namespaces exempt at baseline from 1.35, never under restricted', () => {
  const unmasked = variant(['readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: true\n            procMount: Unmasked # needed?']);
  fixes(unmasked, fires(unmasked, 'SEC016', 'procMount', 'error'), 'Delete `procMount`');
  const userns = variant(['readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: true\n            procMount: Unmasked'], USERNS);
  passes(userns, ['SEC016'], { kubernetesVersion: '1.35' });
  fires(userns, 'SEC016', 'procMount', 'error', { kubernetesVersion: '1.34' });
  fires(userns, 'SEC016', 'procMount', 'error', { ...RESTRICTED, kubernetesVersion: '1.35' });
});

test('SEC017 sysctls: E outside the safe set of the target minor', () => {
  const sysctl = (name: string) => variant(['runAsGroup: 10001', `runAsGroup: 10001\n        sysctls:\n          - name: ${name}\n            value: "1"`]);
  fires(sysctl('kernel.msgmax'), 'SEC017', 'name', 'error');
  passes(sysctl('net.ipv4.tcp_keepalive_time'), ['SEC017']);
  fires(sysctl('net.ipv4.tcp_notsent_lowat'), 'SEC017', 'name', 'error', { kubernetesVersion: '1.36' });
  passes(sysctl('net.ipv4.tcp_notsent_lowat'), ['SEC017'], { kubernetesVersion: '1.37' });
});

test('SEC018 HostProcess, SEC019 restricted volume types, SEC020 probe host', () => {
  fires(variant(['runAsGroup: 10001', 'runAsGroup: 10001\n        windowsOptions: {hostProcess: true}']), 'SEC018', 'hostProcess', 'error');
  const nfs = variant(VOLUME('nfs: {server: nfs.local, path: /data}'));
  passes(nfs, ['SEC019']);
  fires(nfs, 'SEC019', 'nfs', 'warning', RESTRICTED);
  passes(variant(VOLUME('persistentVolumeClaim: {claimName: data}')), ['SEC019'], RESTRICTED);
  const probe = variant(['image: nginx:1.27\n', 'image: nginx:1.27\n          livenessProbe:\n            httpGet: {host: 10.0.0.1, path: /healthz, port: 8080}\n']);
  fixes(probe, fires(probe, 'SEC020', 'host', 'warning'), 'Delete `host`');
});

test('SEC021 token automount: W unless the pod or its ServiceAccount in the workspace opts out; default SA I', () => {
  const mounted = variant(['      automountServiceAccountToken: false\n', '      serviceAccountName: web\n']);
  fixes(mounted, fires(mounted, 'SEC021', 'spec', 'warning'), 'Set `automountServiceAccountToken: false`');
  const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\nautomountServiceAccountToken: false\n';
  passes(mounted, ['SEC021'], { files: { '/ws/sa.yaml': sa } });
  const def = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default # the namespace default\n';
  const f = lintWithRules(def, { only: ['SEC021'] });
  assert.deepEqual(f.map((x) => [x.text, x.severity]), [['name', 'info']]);
  const fixed = applyFix(def, f[0], 'Set `automountServiceAccountToken: false`');
  assert.ok(fixed.includes('# the namespace default'));
  assert.deepEqual(lintWithRules(fixed, { only: ['SEC021', 'schema', 'yaml'] }), []);
});

test('SEC022 deprecated serviceAccount: W when it differs; the fix deletes or renames it', () => {
  const differs = variant(['      automountServiceAccountToken: false\n', '      automountServiceAccountToken: false\n      serviceAccountName: web\n      serviceAccount: legacy # old\n']);
  fixes(differs, fires(differs, 'SEC022', 'serviceAccount', 'warning'), 'Delete deprecated `serviceAccount`');
  const only = variant(['      automountServiceAccountToken: false\n', '      automountServiceAccountToken: false\n      serviceAccount: web\n']);
  const renamed = fixes(only, fires(only, 'SEC022', 'serviceAccount', 'warning'), 'Rename to `serviceAccountName`');
  assert.match(renamed, /serviceAccountName: web/);
  passes(variant(['      automountServiceAccountToken: false\n', '      automountServiceAccountToken: false\n      serviceAccountName: web\n      serviceAccount: web\n']), ['SEC022']);
});

test('SEC023 secret literals: E in env, W in ConfigMap data; SEC024 secret references are I', () => {
  const env = (entry: string) => variant(['image: nginx:1.27\n', `image: nginx:1.27\n          env:\n            - ${entry}\n`]);
  fires(env('{name: DB_PASSWORD, value: hunter2}'), 'SEC023', 'value', 'error');
  fires(env('{name: TLS, value: "-----BEGIN RSA PRIVATE KEY-----"}'), 'SEC023', 'value', 'error');
  passes(env('{name: LOG_LEVEL, value: debug}'), ['SEC023']);
  const ref = env('{name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}');
  passes(ref, ['SEC023']);
  fires(ref, 'SEC024', 'secretKeyRef', 'info');
  fires(variant(['image: nginx:1.27\n', 'image: nginx:1.27\n          envFrom: [{secretRef: {name: db}}]\n']), 'SEC024', 'secretRef', 'info');
  const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  api_token: abc\n  mode: fast\n';
  assert.deepEqual(lintWithRules(cm, { only: ['SEC023'] }).map((f) => [f.text, f.severity]), [['api_token', 'warning']]);
});
