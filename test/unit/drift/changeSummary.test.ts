// clusterChangeLines: what a sync of the new contents would do, one line per object, for pull-request descriptions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clusterChangeLines } from '../../../server/src/drift/changeSummary';
import { SECRET_MARKERS } from '../../../server/src/drift/secrets';
import type { DriftField, DriftObject } from '../../../server/src/drift/types';

function object(kind: string, name: string, state: DriftObject['state'], fields: Partial<DriftField>[] = [], extra: Partial<DriftObject> = {}): DriftObject {
  return {
    file: 'apps/web.yaml', line: 0, documentIndex: 0, apiVersion: 'v1', kind, name, namespace: 'shop', state, approximate: false,
    fields: fields.map((f) => ({ path: 'x', segments: [], class: 'git', ...f })),
    ...extra,
  };
}

describe('clusterChangeLines', () => {
  it('says old → new per field the sync applies, and created for objects the cluster lacks', () => {
    const lines = clusterChangeLines([
      object('Deployment', 'web', 'drifted', [{ path: 'spec.replicas', git: 4, live: 2 }]),
      object('ConfigMap', 'settings', 'drifted', [{ path: 'data.LOG_LEVEL', git: 'debug', live: 'info' }]),
      object('Service', 'web', 'missing'),
      object('ServiceAccount', 'web', 'in-sync'),
    ]);
    assert.deepEqual(lines, [
      'Deployment shop/web: spec.replicas 2 → 4',
      'ConfigMap shop/settings: data.LOG_LEVEL info → debug',
      'Service shop/web: created',
    ]);
  });

  it('leaves out fields controllers own, and objects whose only differences they own', () => {
    const lines = clusterChangeLines([
      object('Deployment', 'web', 'drifted', [
        { path: 'spec.replicas', git: 2, live: 7, class: 'controller', manager: 'kube-controller-manager' },
        { path: 'spec.template.spec.containers[name=web].image', git: 'web:2', live: 'web:1' },
      ]),
      object('Deployment', 'api', 'drifted', [{ path: 'spec.replicas', git: 2, live: 5, class: 'controller' }], { controllerOnly: true }),
    ]);
    assert.deepEqual(lines, ['Deployment shop/web: spec.template.spec.containers[name=web].image web:1 → web:2']);
  });

  it('names what a person added as removed by the sync, and fields the sync adds as set', () => {
    const lines = clusterChangeLines([
      object('Deployment', 'web', 'drifted', [
        { path: 'metadata.labels.debug', git: undefined, live: 'true', class: 'human', manager: 'kubectl-edit' },
        { path: 'spec.paused', git: false, live: undefined },
      ]),
    ]);
    assert.deepEqual(lines, ['Deployment shop/web: metadata.labels.debug true removed; spec.paused set to false']);
  });

  it('says only changed, added or removed for Secret keys', () => {
    const lines = clusterChangeLines([
      object('Secret', 'db', 'drifted', [
        { path: 'data.password', git: SECRET_MARKERS.changed, live: SECRET_MARKERS.changed },
        { path: 'data.token', git: SECRET_MARKERS.added, live: undefined },
        { path: 'data.debug', git: undefined, live: SECRET_MARKERS.removed, class: 'human' },
      ]),
    ]);
    assert.deepEqual(lines, ['Secret shop/db: data.password changed; data.token added; data.debug removed']);
  });

  it('caps the fields per object, shortens long values and marks approximate results', () => {
    const fields = Array.from({ length: 7 }, (_, i) => ({ path: `data.k${i}`, git: `v${i}`, live: 'x'.repeat(100) }));
    const [line] = clusterChangeLines([object('ConfigMap', 'big', 'drifted', fields, { approximate: true })]);
    assert.match(line, /^ConfigMap shop\/big: data\.k0 x{59}… → v0; /);
    assert.equal(line.split('; ').length, 6);
    assert.match(line, /and 2 more fields \(approximate\)$/);
  });

  it('says why an object could not be compared', () => {
    const lines = clusterChangeLines([object('Role', 'ops', 'unreadable', [], { reason: 'forbidden: the viewer cannot get roles' })]);
    assert.deepEqual(lines, ['Role shop/ops: not compared (forbidden: the viewer cannot get roles)']);
  });
});
