// REL001–REL013: probes, replicas, disruption budgets, spread, selectors, restart policies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lintWithRules, type LintedFinding } from './ruleTestKit';

const container = (body = '') => `        - name: web # the app
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 8080
${body}`;
const PROBES = `          readinessProbe:
            httpGet: { path: /ready, port: http }
          livenessProbe:
            tcpSocket: { port: http }
`;
const workload = (kind: string, opts: { spec?: string; pod?: string; containers?: string; labels?: string } = {}) => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: web
  namespace: shop
spec:
${opts.spec ?? ''}  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        ${opts.labels ?? 'app: web'}
    spec:
${opts.pod ?? ''}      containers:
${opts.containers ?? container(PROBES)}`;
const PDB = (spec: string, ns = 'shop') => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
  namespace: ${ns}
spec:
  selector:
    matchLabels:
      app: web
${spec}`;
const HPA = (min = 'minReplicas: 2') => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: shop
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  ${min}
  maxReplicas: 5
`;

type Files = Record<string, string> | string;
const only = (files: Files, id: string) => lintWithRules(files, { only: [id] });
const brief = (fs: LintedFinding[]) => fs.map((f) => [f.ruleId, f.severity, f.text]);

/** Applies the fix to the first file, re-lints the workspace: the finding is gone, nothing new breaks, comments stay. */
function assertFixed(files: Files, f: LintedFinding, title?: string): string {
  const map = typeof files === 'string' ? { '/ws/manifest.yaml': files } : files;
  const [path, text] = Object.entries(map)[0];
  const fixed = applyFix(text, f, title);
  const after = lintWithRules({ ...map, [path]: fixed });
  const broken = (fs: LintedFinding[]) => fs.filter((x) => x.ruleId === 'schema' || x.ruleId === 'yaml').map((x) => x.message);
  assert.deepEqual(broken(after), broken(lintWithRules(map)), fixed);
  assert.equal(after.filter((x) => x.ruleId === f.ruleId && x.message === f.message).length, 0, fixed);
  for (const comment of text.match(/#.*$/gm) ?? []) assert.ok(fixed.includes(comment), `comment lost: ${comment}`);
  return fixed;
}

test('REL001/REL002: app containers without probes; fixes insert a probe on the first port', () => {
  const text = workload('Deployment', { containers: container() });
  const [ready] = only(text, 'REL001');
  assert.deepEqual(brief([ready]), [['REL001', 'warning', 'name: web']]);
  assert.equal(ready.message, 'Container `web` has no readiness probe');
  const [live] = only(text, 'REL002');
  assert.deepEqual(brief([live]), [['REL002', 'info', 'name: web']]);
  const withReady = assertFixed(text, ready);
  assert.match(withReady, /readinessProbe:\n {12}httpGet:\n {14}path: \/\n {14}port: http\n {12}periodSeconds: 10\n/);
  // Liveness must not copy readiness (REL003): it falls back to tcpSocket on the same port.
  const both = assertFixed(withReady, only(withReady, 'REL002')[0]);
  assert.match(both, /livenessProbe:\n {12}tcpSocket:\n {14}port: http\n/);
  assert.deepEqual(only(both, 'REL003'), []);
  assert.deepEqual(only(workload('Deployment'), 'REL001'), []);
  assert.deepEqual(only(workload('Deployment'), 'REL002'), []);
});

test('REL001: a non-HTTP first port gets a tcpSocket probe; no port, no fix', () => {
  const redis = workload('Deployment', { containers: '        - name: cache\n          image: redis:7.4\n          ports:\n            - containerPort: 6379\n' });
  assert.match(assertFixed(redis, only(redis, 'REL001')[0]), /readinessProbe:\n {12}tcpSocket:\n {14}port: 6379\n/);
  const portless = workload('Deployment', { containers: '        - name: worker\n          image: busybox:1.37\n' });
  assert.deepEqual(only(portless, 'REL001')[0].fixes?.map((x) => x.title), ['Ignore REL001 for this line', 'Ignore REL001 for this object']);
});

test('REL001/REL002 (B.4): init containers are exempt (Polaris), Jobs and CronJobs are not Wlong', () => {
  const init = workload('Deployment', { pod: '      initContainers:\n        - name: migrate\n          image: busybox:1.37\n' });
  assert.deepEqual(only(init, 'REL001'), []);
  assert.deepEqual(only(init, 'REL002'), []);
  const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
${container()}`;
  assert.deepEqual(only(job, 'REL001'), []);
  assert.deepEqual(only(job, 'REL002'), []);
});

test('REL001 (B.4): fires without any Service selecting the pods (kube-score would not; the catalogue follows Polaris)', () => {
  const text = workload('Deployment', { containers: container() });
  assert.deepEqual(brief(lintWithRules({ '/ws/d.yaml': text }, { only: ['REL001'] })), [['REL001', 'warning', 'name: web']]);
});

test('REL003: identical liveness and readiness handlers', () => {
  const same = container(`          readinessProbe:\n            httpGet: { path: /healthz, port: http }\n          livenessProbe:\n            httpGet: { port: http, path: /healthz }\n`);
  assert.deepEqual(brief(only(workload('Deployment', { containers: same }), 'REL003')), [['REL003', 'warning', 'livenessProbe']]);
  assert.deepEqual(only(workload('Deployment'), 'REL003'), []);
});

test('REL004: named probe port not declared → E, undeclared number → I', () => {
  const probes = container(`          readinessProbe:\n            httpGet: { path: /, port: metrics }\n          livenessProbe:\n            tcpSocket: { port: 9090 }\n`);
  assert.deepEqual(brief(only(workload('Deployment', { containers: probes }), 'REL004')), [
    ['REL004', 'info', 'port'],
    ['REL004', 'error', 'port'],
  ]);
  const udp = container(`          startupProbe:\n            tcpSocket: { port: dns }\n`).replace('ports:\n', 'ports:\n            - name: dns\n              containerPort: 53\n              protocol: UDP\n');
  assert.equal(only(workload('Deployment', { containers: udp }), 'REL004')[0].severity, 'error');
  assert.deepEqual(only(workload('Deployment', { containers: container(`          livenessProbe:\n            tcpSocket: { port: 8080 }\n`) }), 'REL004'), []);
  assert.deepEqual(only(workload('Deployment'), 'REL004'), []);
});

test('REL005: fewer than two replicas unless an HPA scales it; fix sets replicas: 2', () => {
  const one = workload('Deployment', { spec: '  replicas: 1 # for now\n' });
  const [f] = only(one, 'REL005');
  assert.deepEqual(brief([f]), [['REL005', 'warning', 'replicas']]);
  assert.match(assertFixed(one, f), /replicas: 2 # for now/);
  const unset = workload('StatefulSet');
  const [u] = only(unset, 'REL005');
  assert.deepEqual(brief([u]), [['REL005', 'warning', 'spec']]);
  assert.match(assertFixed(unset, u), /\n {2}replicas: 2\n$/);
  assert.deepEqual(only(workload('Deployment', { spec: '  replicas: 3\n' }), 'REL005'), []);
  assert.deepEqual(only({ '/ws/d.yaml': workload('Deployment'), '/ws/hpa.yaml': HPA() }, 'REL005'), []);
});

test('REL006: replicated workload without a PDB; fix appends a PDB selecting its pods', () => {
  const text = workload('Deployment', { spec: '  replicas: 3\n' });
  const [f] = only(text, 'REL006');
  assert.deepEqual(brief([f]), [['REL006', 'info', 'labels']]);
  const fixed = assertFixed(text, f);
  assert.ok(fixed.endsWith('---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  maxUnavailable: 1\n  unhealthyPodEvictionPolicy: AlwaysAllow\n  selector:\n    matchLabels:\n      app: web\n'), fixed);
  assert.deepEqual(only({ '/ws/d.yaml': text, '/ws/pdb.yaml': PDB('  maxUnavailable: 1\n') }, 'REL006'), []);
  // A PDB in another namespace does not count; one replica needs none.
  assert.equal(only({ '/ws/d.yaml': text, '/ws/pdb.yaml': PDB('  maxUnavailable: 1\n', 'other') }, 'REL006').length, 1);
  assert.deepEqual(only(workload('Deployment'), 'REL006'), []);
  assert.equal(only({ '/ws/d.yaml': workload('Deployment'), '/ws/hpa.yaml': HPA() }, 'REL006').length, 1);
});

test('REL007: budgets that allow no eviction, against the selected workload and its HPA', () => {
  assert.deepEqual(brief(only(PDB('  maxUnavailable: 0\n'), 'REL007')), [['REL007', 'warning', 'maxUnavailable']]);
  assert.deepEqual(brief(only(PDB('  minAvailable: "100%"\n'), 'REL007')), [['REL007', 'warning', 'minAvailable']]);
  const pdb = PDB('  minAvailable: 2\n');
  const three = workload('Deployment', { spec: '  replicas: 3\n' });
  assert.deepEqual(only({ '/ws/pdb.yaml': pdb, '/ws/d.yaml': three }, 'REL007'), []);
  const two = only({ '/ws/pdb.yaml': pdb, '/ws/d.yaml': workload('Deployment', { spec: '  replicas: 2\n' }) }, 'REL007');
  assert.deepEqual(brief(two), [['REL007', 'warning', 'minAvailable']]);
  assert.match(two[0].message, /not below the 2 replicas of Deployment `web`/);
  const hpa = only({ '/ws/pdb.yaml': pdb, '/ws/d.yaml': three, '/ws/h.yaml': HPA('minReplicas: 1') }, 'REL007');
  assert.match(hpa[0].message, /more than the `minReplicas: 1` of HorizontalPodAutoscaler `web`/);
  assert.deepEqual(only({ '/ws/pdb.yaml': pdb, '/ws/d.yaml': three, '/ws/h.yaml': HPA('minReplicas: 2') }, 'REL007'), []);
  assert.deepEqual(only(PDB('  maxUnavailable: 1\n'), 'REL007'), []);
});

test('REL008: no min/max → W, no unhealthyPodEvictionPolicy → I; fixes set them', () => {
  const text = PDB('') + '  # budget to be decided\n';
  const fs = only(text, 'REL008');
  assert.deepEqual(brief(fs), [
    ['REL008', 'warning', 'spec'],
    ['REL008', 'info', 'spec'],
  ]);
  assert.match(assertFixed(text, fs[0]), /\n {2}maxUnavailable: 1\n/);
  const policy = assertFixed(text, fs[1]);
  assert.match(policy, /\n {2}unhealthyPodEvictionPolicy: AlwaysAllow\n/);
  assert.deepEqual(only(PDB('  maxUnavailable: 1\n  unhealthyPodEvictionPolicy: IfHealthyBudget\n'), 'REL008'), []);
});

test('REL009: replicas without spread → I; invalid spread constraint → E', () => {
  const spread = workload('Deployment', { spec: '  replicas: 3\n' });
  assert.deepEqual(brief(only(spread, 'REL009')), [['REL009', 'info', 'spec']]);
  const anti = `      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector: { matchLabels: { app: web } }
`;
  assert.deepEqual(only(workload('Deployment', { spec: '  replicas: 3\n', pod: anti }), 'REL009'), []);
  // Anti-affinity against other pods' labels does not spread this workload.
  assert.equal(only(workload('Deployment', { spec: '  replicas: 3\n', pod: anti.replace('app: web', 'app: db') }), 'REL009').length, 1);
  const bad = `      topologySpreadConstraints:\n        - maxSkew: 0\n          topologyKey: topology.kubernetes.io/zone\n          whenUnsatisfiable: DoNotSchedule\n          labelSelector: { matchLabels: { app: web } }\n`;
  assert.deepEqual(brief(only(workload('Deployment', { pod: bad }), 'REL009')), [['REL009', 'error', 'maxSkew']]);
  assert.deepEqual(only(workload('Deployment', { spec: '  replicas: 3\n', pod: bad.replace('maxSkew: 0', 'maxSkew: 1') }), 'REL009'), []);
  assert.deepEqual(only(workload('Deployment'), 'REL009'), []);
});

test('REL010: selector that does not match the template labels', () => {
  const fs = only(workload('Deployment', { labels: 'app: website' }), 'REL010');
  assert.deepEqual(brief(fs), [['REL010', 'error', 'app']]);
  assert.match(fs[0].message, /`app: web` does not match the pod template labels/);
  const expr = workload('DaemonSet').replace('    matchLabels:\n      app: web\n', '    matchExpressions:\n      - { key: tier, operator: In, values: [front] }\n');
  const [e] = only(expr, 'REL010');
  assert.deepEqual(brief([e]), [['REL010', 'error', 'key: tier']]);
  assert.equal(e.message, "The selector's expression `tier In` does not match the pod template labels: the apiserver rejects the DaemonSet");
  assert.deepEqual(only(workload('Deployment'), 'REL010'), []);
});

const SERVICE = (extra = '') => `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
${extra}  selector:
    app: web
  ports:
    - port: 80
      targetPort: http
`;

test('REL011: Recreate while a Service selects the pods', () => {
  const recreate = workload('Deployment', { spec: '  strategy:\n    type: Recreate\n' });
  assert.deepEqual(brief(only({ '/ws/d.yaml': recreate, '/ws/s.yaml': SERVICE() }, 'REL011')), [['REL011', 'info', 'type']]);
  assert.deepEqual(only(recreate, 'REL011'), []);
  assert.deepEqual(only({ '/ws/d.yaml': workload('Deployment'), '/ws/s.yaml': SERVICE() }, 'REL011'), []);
});

test('REL012: StatefulSet needs a headless Service of its serviceName that selects its pods', () => {
  assert.deepEqual(brief(only(workload('StatefulSet'), 'REL012')), [['REL012', 'warning', 'spec']]);
  const sts = workload('StatefulSet', { spec: '  serviceName: web\n' });
  assert.match(only(sts, 'REL012')[0].message, /is not defined in the workspace/);
  const notHeadless = only({ '/ws/s.yaml': sts, '/ws/svc.yaml': SERVICE() }, 'REL012');
  assert.deepEqual(brief(notHeadless), [['REL012', 'warning', 'serviceName']]);
  assert.match(notHeadless[0].message, /is not headless/);
  assert.deepEqual(only({ '/ws/s.yaml': sts, '/ws/svc.yaml': SERVICE('  clusterIP: None\n') }, 'REL012'), []);
});

test('REL013: Jobs need OnFailure/Never, controllers only Always', () => {
  const job = (policy: string) => `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: once\nspec:\n  template:\n    spec:\n${policy}      containers:\n        - name: run\n          image: busybox:1.37\n`;
  assert.deepEqual(brief(only(job(''), 'REL013')), [['REL013', 'error', 'spec']]);
  assert.deepEqual(brief(only(job('      restartPolicy: Always\n'), 'REL013')), [['REL013', 'error', 'restartPolicy']]);
  assert.deepEqual(only(job('      restartPolicy: OnFailure\n'), 'REL013'), []);
  assert.deepEqual(brief(only(workload('Deployment', { pod: '      restartPolicy: Never\n' }), 'REL013')), [['REL013', 'error', 'restartPolicy']]);
  assert.deepEqual(only(workload('Deployment', { pod: '      restartPolicy: Always\n' }), 'REL013'), []);
});
