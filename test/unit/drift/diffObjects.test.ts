// diffObjects: the drift of one document, with the dry run's prediction and computed from live (fallback), on the
// shapes the apiserver returns.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diffObjects, type DiffInput } from '../../../server/src/drift/diffObjects';
import { clone, declaredDeployment, liveDeployment, predictedDeployment, type Obj } from './fixtures';

const deployment = (predicted?: Obj, extra: Partial<DiffInput> = {}): DiffInput => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  declared: declaredDeployment,
  predicted,
  live: liveDeployment,
  minor: '1.37',
  ...extra,
});

const summary = (fields: ReturnType<typeof diffObjects>['fields']) =>
  fields.map((f) => ({ path: f.path, class: f.class, manager: f.manager, git: f.git, live: f.live })).sort((a, b) => a.path.localeCompare(b.path));

describe('diffObjects on a Deployment applied by Flux, edited with kubectl and scaled by the HPA', () => {
  const expected = [
    { path: 'metadata.labels.team', class: 'human', manager: 'kubectl-edit', git: undefined, live: 'payments' },
    { path: 'spec.replicas', class: 'controller', manager: 'kube-controller-manager', git: 2, live: 5 },
    { path: 'spec.template.spec.containers[name=web].image', class: 'human', manager: 'kubectl-edit', git: 'ghcr.io/acme/web:1.0', live: 'ghcr.io/acme/web:1.1' },
  ];

  it('reports the edited image, the scaled replicas and the added label from the dry run', () => {
    const out = diffObjects(deployment(predictedDeployment()));
    assert.deepEqual(summary(out.fields), expected);
    assert.equal(out.approximate, false);
    assert.equal(out.controllerOnly, false);
    const image = out.fields.find((f) => f.path.endsWith('.image'));
    assert.deepEqual(image?.segments, ['spec', 'template', 'spec', 'containers', { keys: { name: 'web' } }, 'image']);
    assert.equal(image?.time, '2026-12-02T15:30:00Z');
  });

  it('reports the same without a dry run (prediction computed from live and managedFields)', () => {
    const out = diffObjects(deployment(undefined));
    assert.deepEqual(summary(out.fields), expected);
    assert.equal(out.approximate, true);
  });

  it('is in sync when the live object is what the document gives (quantities, defaults, order, metadata aside)', () => {
    const live = clone(predictedDeployment()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    delete live.metadata.labels.team;
    live.metadata.managedFields = live.metadata.managedFields.filter((e: Obj) => e.manager !== 'kubectl-edit');
    for (const mode of [live, undefined]) {
      const out = diffObjects(deployment(mode, { live }));
      assert.deepEqual(out.fields, [], mode ? 'dry run' : 'fallback');
    }
  });

  it('normalised objects carry no status, managedFields or server metadata', () => {
    const out = diffObjects(deployment(predictedDeployment()));
    for (const o of [out.liveNormalised, out.predictedNormalised]) {
      assert.equal(o.status, undefined);
      const m = o.metadata as Obj;
      for (const k of ['managedFields', 'resourceVersion', 'generation', 'uid', 'creationTimestamp']) assert.equal(m[k], undefined, k);
    }
  });
});
