// OPS001–OPS004: graceful shutdown, Job clean-up and deadlines, duplicate env vars, log collection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lintWithRules, type LintedFinding } from './ruleTestKit';

const deployment = (pod = '', container = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
${pod}      containers:
        - name: web # the app
          image: nginx:1.27
${container}`;
const job = (spec = '', extraMeta = '') => `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
${extraMeta}spec:
${spec}  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: busybox:1.37
`;
const cronJob = (spec = '', jobSpec = '') => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
${spec}  jobTemplate:
    spec:
${jobSpec}      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: run
              image: busybox:1.37
`;

const only = (files: Record<string, string> | string, id: string, config = {}) => lintWithRules(files, { only: [id], config });
const brief = (fs: LintedFinding[]) => fs.map((f) => [f.ruleId, f.severity, f.text]);

test('OPS001: terminationGracePeriodSeconds 0 on long-running workloads only', () => {
  assert.deepEqual(brief(only(deployment('      terminationGracePeriodSeconds: 0\n'), 'OPS001')), [['OPS001', 'warning', 'terminationGracePeriodSeconds']]);
  assert.deepEqual(only(deployment('      terminationGracePeriodSeconds: 45\n'), 'OPS001'), []);
  assert.deepEqual(only(deployment(), 'OPS001'), []);
  assert.deepEqual(only(job().replace('      restartPolicy', '      terminationGracePeriodSeconds: 0\n      restartPolicy'), 'OPS001'), []);
});

test('OPS002: standalone Job without TTL; CronJob without deadline or with a TTL on its Jobs', () => {
  assert.deepEqual(brief(only(job(), 'OPS002')), [['OPS002', 'info', 'spec']]);
  assert.deepEqual(only(job('  ttlSecondsAfterFinished: 3600\n'), 'OPS002'), []);
  const owned = '  ownerReferences:\n    - { apiVersion: batch/v1, kind: CronJob, name: nightly, uid: 4f0c0a7e-0000-4000-8000-000000000000 }\n';
  assert.deepEqual(only(job('', owned), 'OPS002'), []);
  const cj = only(cronJob('', '      ttlSecondsAfterFinished: 60\n'), 'OPS002');
  assert.deepEqual(brief(cj), [
    ['OPS002', 'info', 'ttlSecondsAfterFinished'],
    ['OPS002', 'info', 'spec'],
  ]);
  assert.match(cj[1].message, /CronJob `nightly` has no `startingDeadlineSeconds`/);
  assert.deepEqual(only(cronJob('  startingDeadlineSeconds: 300\n'), 'OPS002'), []);
});

test('OPS003: the same env var twice in a container (init containers too); fixes delete one entry', () => {
  const env = `          env:
            - name: LOG_LEVEL
              value: debug
            - name: PORT # listen port
              value: "8080"
            - name: LOG_LEVEL
              value: info
`;
  const text = deployment('', env);
  const [f] = only(text, 'OPS003');
  assert.deepEqual(brief([f]), [['OPS003', 'warning', 'name']]);
  assert.equal(text.slice(0, f.start).split('\n').length, 22);
  assert.equal(f.message, 'Container `web` sets `LOG_LEVEL` twice: this entry overrides the one above');
  for (const title of ['Delete the earlier `LOG_LEVEL` entry (keeps the effective value)', 'Delete this `LOG_LEVEL` entry']) {
    const fixed = applyFix(text, f, title);
    assert.equal(fixed.match(/LOG_LEVEL/g)?.length, 1);
    assert.ok(fixed.includes(title.startsWith('Delete this') ? 'value: debug' : 'value: info'));
    assert.ok(fixed.includes('- name: PORT # listen port') && fixed.includes('- name: web # the app'));
    assert.deepEqual(lintWithRules(fixed).filter((x) => ['OPS003', 'schema', 'yaml'].includes(x.ruleId)), []);
  }
  const init = deployment('      initContainers:\n        - name: setup\n          image: busybox:1.37\n          env:\n            - { name: A, value: "1" }\n            - { name: A, value: "2" }\n');
  assert.equal(only(init, 'OPS003').length, 1);
  assert.deepEqual(only(deployment('', '          env:\n            - name: A\n              value: "1"\n            - name: B\n              value: "1"\n'), 'OPS003'), []);
});

const LOGS = `          volumeMounts:
            - name: logs
              mountPath: /var/log/app
`;
const COLLECTOR = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluent-bit
spec:
  selector:
    matchLabels: { app: fluent-bit }
  template:
    metadata:
      labels: { app: fluent-bit }
    spec:
      containers:
        - name: fluent-bit
          image: cr.fluentbit.io/fluent/fluent-bit:3.2
`;

test('OPS004: off by default; log files on a pod-local volume without a shipper, and no collector DaemonSet', () => {
  const on = { levels: { OPS004: 'info' as const } };
  const files = (text: string) => ({ '/ws/d.yaml': text, '/ws/ds.yaml': COLLECTOR });
  const text = deployment('      volumes:\n        - name: logs\n          emptyDir: {}\n', LOGS);
  assert.deepEqual(only(files(text), 'OPS004'), []);
  assert.deepEqual(brief(only(files(text), 'OPS004', on)), [['OPS004', 'info', 'mountPath']]);
  const sidecar = text + '        - name: shipper\n          image: fluent/fluent-bit:3.2\n' + LOGS;
  assert.deepEqual(only(files(sidecar), 'OPS004', on), []);
  // A PersistentVolumeClaim keeps the files: not reported.
  assert.deepEqual(only(files(text.replace('emptyDir: {}', 'persistentVolumeClaim: { claimName: logs }')), 'OPS004', on), []);
  const noCollector = only(deployment(), 'OPS004', on);
  assert.deepEqual(brief(noCollector), [['OPS004', 'info', 'name']]);
  assert.match(noCollector[0].message, /No log collector DaemonSet/);
});
