// classify: each difference's class, manager and time from the live object's managedFields, and its display path.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classify, classOf, type ClassifyContext } from '../../../server/src/drift/classify';
import { parseManagedFields } from '../../../server/src/drift/managedFields';
import type { PathSegment } from '../../../server/src/drift/types';
import { liveDeployment } from './fixtures';

const entries = parseManagedFields(liveDeployment);
const ctx: ClassifyContext = { entries, applier: 'kustomize-controller' };
const web: PathSegment[] = ['spec', 'template', 'spec', 'containers', { keys: { name: 'web' } }];

describe('classify', () => {
  it('a field the applier owns is the buffer’s change (git)', () => {
    const f = classify({ segments: [...web, 'resources', 'limits', 'memory'], git: '2Gi', live: '1Gi' }, ctx);
    assert.deepEqual(f, {
      path: 'spec.template.spec.containers[name=web].resources.limits.memory',
      segments: [...web, 'resources', 'limits', 'memory'],
      class: 'git',
      git: '2Gi',
      live: '1Gi',
      manager: 'kustomize-controller',
      time: '2026-12-01T10:00:00Z',
    });
  });

  it('a field a person’s tool wrote last is human, with that tool and its time', () => {
    const f = classify({ segments: [...web, 'image'], git: 'a', live: 'b' }, ctx);
    assert.deepEqual([f.class, f.manager, f.time], ['human', 'kubectl-edit', '2026-12-02T15:30:00Z']);
  });

  it('replicas written through the scale subresource are the controller’s', () => {
    const f = classify({ segments: ['spec', 'replicas'], git: 2, live: 5 }, ctx);
    assert.deepEqual([f.class, f.manager], ['controller', 'kube-controller-manager']);
  });

  it('an HPA target’s replicas are the controller’s whoever owns them', () => {
    const f = classify({ segments: ['spec', 'replicas'], git: 2, live: 5 }, { ...ctx, entries: entries.slice(0, 1), hpaTargeted: true });
    assert.equal(f.class, 'controller');
  });

  it('a field the live object lacks is attributed through its nearest ancestor, the applier first', () => {
    const f = classify({ segments: ['metadata', 'labels', 'tier'], git: 'frontend', live: undefined }, ctx);
    assert.deepEqual([f.class, f.manager, f.git, 'live' in f], ['git', 'kustomize-controller', 'frontend', false]);
  });

  it('without managedFields a difference is the buffer’s, with no manager', () => {
    const f = classify({ segments: ['data', 'a'], git: '1', live: '2' }, { entries: [] });
    assert.deepEqual(f, { path: 'data.a', segments: ['data', 'a'], class: 'git', git: '1', live: '2' });
  });

  it('a shared field goes to the latest writer', () => {
    const shared = parseManagedFields({
      metadata: {
        managedFields: [
          { manager: 'kustomize-controller', operation: 'Apply', time: '2026-12-01T00:00:00Z', fieldsV1: { 'f:data': { 'f:a': {} } } },
          { manager: 'kubectl-patch', operation: 'Update', time: '2026-12-02T00:00:00Z', fieldsV1: { 'f:data': { 'f:a': {} } } },
        ],
      },
    });
    assert.equal(classify({ segments: ['data', 'a'], git: '1', live: '2' }, { entries: shared, applier: 'kustomize-controller' }).manager, 'kubectl-patch');
  });

  it('Secret values are masked: changed, added, removed', () => {
    const secret = { entries: [], secret: true };
    assert.deepEqual(classify({ segments: ['data', 'k'], git: 'hash:1', live: 'hash:2' }, secret), { path: 'data.k', segments: ['data', 'k'], class: 'git', git: '(changed)', live: '(changed)' });
    assert.deepEqual(classify({ segments: ['data', 'k'], git: 'hash:1', live: undefined }, secret), { path: 'data.k', segments: ['data', 'k'], class: 'git', git: '(added)' });
    assert.deepEqual(classify({ segments: ['data', 'k'], git: undefined, live: 'hash:2' }, secret), { path: 'data.k', segments: ['data', 'k'], class: 'git', live: '(removed)' });
    // A Secret's other fields are shown as they are.
    assert.deepEqual(classify({ segments: ['type'], git: 'Opaque', live: 'kubernetes.io/tls' }, secret).live, 'kubernetes.io/tls');
  });

  it('a Secret key applied through stringData is found under stringData', () => {
    const owned = parseManagedFields({ metadata: { managedFields: [{ manager: 'kubectl-edit', operation: 'Update', fieldsV1: { 'f:stringData': { 'f:k': {} } } }] } });
    assert.equal(classify({ segments: ['data', 'k'], git: 'hash:1', live: 'hash:2' }, { entries: owned, secret: true, applier: 'kustomize-controller' }).class, 'human');
  });

  it('managers it does not recognise count as people; webhooks and controllers as themselves', () => {
    assert.equal(classOf({ manager: 'deploy.sh', operation: 'Update' }), 'human');
    assert.equal(classOf({ manager: 'kyverno', operation: 'Update' }), 'webhook');
    assert.equal(classOf({ manager: 'vpa-updater', operation: 'Update' }), 'controller');
  });
});
