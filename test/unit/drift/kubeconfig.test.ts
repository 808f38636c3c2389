// Which kubeconfig drift reads and how KUBECONFIG lists merge, without a cluster.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { contextInfo, kubeconfigFiles, KubeconfigError, loadKubeconfig } from '../../../server/src/drift/kubeconfig';

const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const first = join(dir, 'first');
const second = join(dir, 'second');
writeFileSync(first, `apiVersion: v1
kind: Config
current-context: dev
clusters:
  - name: dev
    cluster: { server: https://dev.example:6443, certificate-authority: certs/ca.crt }
contexts:
  - name: dev
    context: { cluster: dev, user: dev, namespace: team-a }
users:
  - name: dev
    user: { token: abc }
`);
writeFileSync(second, `apiVersion: v1
kind: Config
current-context: prod
clusters:
  - name: dev
    cluster: { server: https://shadowed.example }
  - name: prod
    cluster: { server: https://prod.example }
contexts:
  - name: prod
    context: { cluster: prod, user: cloud }
users:
  - name: cloud
    user:
      exec: { apiVersion: client.authentication.k8s.io/v1, command: ./bin/get-token }
`);

test('an explicit path wins over KUBECONFIG, which wins over ~/.kube/config', () => {
  assert.deepEqual(kubeconfigFiles({ explicitPath: first, env: { KUBECONFIG: second } }), [first]);
  assert.deepEqual(kubeconfigFiles({ env: { KUBECONFIG: `${first}:${second}:` } }), [first, second]);
  assert.deepEqual(kubeconfigFiles({ env: {}, home: '/home/x' }), ['/home/x/.kube/config']);
});

test('a KUBECONFIG list merges: first name and first current-context win, paths resolve beside their file', () => {
  const config = loadKubeconfig({ env: { KUBECONFIG: `${first}:${join(dir, 'missing')}:${second}` } });
  assert.deepEqual(config.files, [first, second]);
  assert.deepEqual(config.contexts, ['dev', 'prod']);
  assert.equal(config.current, 'dev');
  const dev = contextInfo(config, undefined);
  assert.deepEqual(dev, { name: 'dev', server: 'https://dev.example:6443', namespace: 'team-a', usesExec: false, user: 'dev' });
  const clusters = config.merged.clusters as { name: string; cluster: Record<string, string> }[];
  assert.equal(clusters.find((c) => c.name === 'dev')!.cluster['certificate-authority'], join(dir, 'certs', 'ca.crt'));
  const prod = contextInfo(config, 'prod');
  assert.equal(prod.usesExec, true);
  assert.equal(prod.namespace, undefined);
  const users = config.merged.users as { name: string; user: { exec?: { command: string } } }[];
  assert.equal(users.find((u) => u.name === 'cloud')!.user.exec!.command, join(dir, 'bin', 'get-token'));
});

test('unknown contexts and unreadable explicit files are errors in plain words', () => {
  const config = loadKubeconfig({ explicitPath: first });
  assert.throws(() => contextInfo(config, 'nope'), (e: unknown) => e instanceof KubeconfigError && /no context named "nope"/.test(e.message));
  assert.throws(() => loadKubeconfig({ explicitPath: join(dir, 'absent') }), KubeconfigError);
  const empty = join(dir, 'home');
  mkdirSync(empty);
  assert.throws(() => loadKubeconfig({ env: {}, home: empty }), /No kubeconfig found/);
});
