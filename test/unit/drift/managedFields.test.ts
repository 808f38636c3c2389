// managedFields: FieldsV1 parsed into owned paths per entry, and the owner(s) of a path.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ownedPaths, ownersOf, ownershipOf, parseFieldsV1, parseManagedFields } from '../../../server/src/drift/managedFields';
import type { PathSegment } from '../../../server/src/drift/types';
import { liveDeployment } from './fixtures';

const entries = parseManagedFields(liveDeployment);
const managersOf = (segments: Parameters<typeof ownersOf>[1]) => ownersOf(entries, segments).map((o) => o.entry.manager);

describe('parseManagedFields', () => {
  it('reads manager, operation, subresource and time of every entry', () => {
    assert.deepEqual(
      entries.map((e) => [e.manager, e.operation, e.subresource, e.time]),
      [
        ['kustomize-controller', 'Apply', undefined, '2026-12-01T10:00:00Z'],
        ['kube-controller-manager', 'Update', 'status', '2026-12-03T09:12:00Z'],
        ['kubectl-edit', 'Update', undefined, '2026-12-02T15:30:00Z'],
        ['kube-controller-manager', 'Update', 'scale', '2026-12-03T09:10:00Z'],
      ],
    );
  });

  it('turns f:, k:, v:, i: and . into owned paths', () => {
    const node = parseFieldsV1({
      'f:metadata': { 'f:finalizers': { '.': {}, 'v:"example.com/cleanup"': {} } },
      'f:spec': {
        'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} } },
        'f:args': { 'i:0': {} },
      },
    });
    assert.deepEqual(ownedPaths(node), [
      [{ field: 'metadata' }, { field: 'finalizers' }],
      [{ field: 'metadata' }, { field: 'finalizers' }, { value: 'example.com/cleanup' }],
      [{ field: 'spec' }, { field: 'ports' }, { keys: { port: 80, protocol: 'TCP' } }],
      [{ field: 'spec' }, { field: 'ports' }, { keys: { port: 80, protocol: 'TCP' } }, { field: 'port' }],
      [{ field: 'spec' }, { field: 'args' }, { index: 0 }],
    ]);
  });

  it('skips keys it cannot read instead of failing the object', () => {
    const node = parseFieldsV1({ 'k:{not json': {}, 'x:odd': {}, 'f:ok': {} });
    assert.deepEqual(ownedPaths(node), [[{ field: 'ok' }]]);
    assert.deepEqual(parseManagedFields({ metadata: { managedFields: [{ operation: 'Apply' }, 'junk'] } }), []);
    assert.deepEqual(parseManagedFields({}), []);
  });
});

describe('ownersOf', () => {
  it('finds the manager that changed a field last (ownership moved to kubectl-edit)', () => {
    assert.deepEqual(managersOf(['spec', 'template', 'spec', 'containers', { keys: { name: 'web' } }, 'image']), ['kubectl-edit']);
  });

  it('finds the scale subresource writer of spec.replicas', () => {
    const [owner] = ownersOf(entries, ['spec', 'replicas']);
    assert.equal(owner.entry.manager, 'kube-controller-manager');
    assert.equal(owner.entry.subresource, 'scale');
  });

  it('matches list-map elements by their keys, whatever their order', () => {
    const port: PathSegment[] = ['spec', 'template', 'spec', 'containers', { keys: { name: 'web' } }, 'ports', { keys: { protocol: 'TCP', containerPort: 8080 } }];
    assert.deepEqual(managersOf(port), ['kustomize-controller']);
    assert.equal(ownershipOf(entries[0], port), 'owns');
    assert.equal(ownershipOf(entries[0], [...port.slice(0, -1), { keys: { protocol: 'UDP', containerPort: 8080 } }]), undefined);
  });

  it('gives an atomic field (the selector) to whoever owns it whole', () => {
    assert.equal(ownershipOf(entries[0], ['spec', 'selector', 'matchLabels', 'app']), 'owns');
    assert.deepEqual(managersOf(['spec', 'selector', 'matchLabels', 'app']), ['kustomize-controller']);
  });

  it('for a map it reports who owns something below; for an absent field, the nearest ancestor', () => {
    assert.deepEqual(managersOf(['metadata', 'labels']), ['kustomize-controller', 'kubectl-edit']);
    const absent = ownersOf(entries, ['metadata', 'labels', 'not-there']);
    assert.deepEqual(absent.map((o) => [o.entry.manager, o.depth, o.ownership]), [
      ['kustomize-controller', 2, 'below'],
      ['kubectl-edit', 2, 'below'],
    ]);
    assert.deepEqual(managersOf(['apiVersion']), []);
  });
});
