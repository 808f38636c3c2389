// compare: structural differences of two normalised objects, list maps by their keys, sets as sets, atomic lists whole.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compare, displayPath, valueAt } from '../../../server/src/drift/compare';
import { schemaOf } from '../../../server/src/drift/listKeys';
import { normalise } from '../../../server/src/drift/normalise';
import type { PathSegment } from '../../../server/src/drift/types';
import { clone, type Obj } from './fixtures';
import { randomDeployment, randomValue, rng } from './random';

const deployment = schemaOf('apps/v1', 'Deployment', '1.37');
const pod = (spec: Obj): Obj => ({ spec: { template: { spec } } });

describe('compare', () => {
  it('list maps compare by key: reordered containers are equal, a changed one is found by name', () => {
    const a = pod({ containers: [{ name: 'web', image: 'a' }, { name: 'log', image: 'b' }] });
    const b = pod({ containers: [{ name: 'log', image: 'b' }, { name: 'web', image: 'a' }] });
    assert.deepEqual(compare(a, b, deployment), []);
    const c = pod({ containers: [{ name: 'log', image: 'c' }, { name: 'web', image: 'a' }] });
    assert.deepEqual(compare(a, c, deployment), [
      { segments: ['spec', 'template', 'spec', 'containers', { keys: { name: 'log' } }, 'image'], git: 'b', live: 'c' },
    ]);
  });

  it('an element only one side has is one difference at the element', () => {
    const a = pod({ containers: [{ name: 'web', image: 'a' }] });
    const b = pod({ containers: [{ name: 'web', image: 'a' }, { name: 'debug', image: 'busybox' }] });
    assert.deepEqual(compare(a, b, deployment), [
      { segments: ['spec', 'template', 'spec', 'containers', { keys: { name: 'debug' } }], git: undefined, live: { name: 'debug', image: 'busybox' } },
    ]);
  });

  it('ports are keyed by containerPort and protocol, TCP when left out', () => {
    const a = pod({ containers: [{ name: 'web', ports: [{ containerPort: 53, protocol: 'UDP' }, { containerPort: 80 }] }] });
    const b = pod({ containers: [{ name: 'web', ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 53, protocol: 'UDP' }] }] });
    assert.deepEqual(compare(a, b, deployment), [
      {
        segments: ['spec', 'template', 'spec', 'containers', { keys: { name: 'web' } }, 'ports', { keys: { containerPort: 80, protocol: 'TCP' } }, 'protocol'],
        git: undefined,
        live: 'TCP',
      },
    ]);
  });

  it('sets ignore order; atomic lists compare in order', () => {
    const fin = (f: string[]) => ({ metadata: { finalizers: f } });
    assert.deepEqual(compare(fin(['a', 'b']), fin(['b', 'a']), deployment), []);
    assert.deepEqual(compare(fin(['a']), fin(['a', 'b']), deployment), [{ segments: ['metadata', 'finalizers'], git: ['a'], live: ['a', 'b'] }]);
    const args = (a: string[]) => pod({ containers: [{ name: 'web', args: a }] });
    const at = ['spec', 'template', 'spec', 'containers', { keys: { name: 'web' } }, 'args'];
    assert.deepEqual(compare(args(['--a', '--b']), args(['--b', '--a']), deployment), [
      { segments: [...at, 0], git: '--a', live: '--b' },
      { segments: [...at, 1], git: '--b', live: '--a' },
    ]);
    assert.deepEqual(compare(args(['--a']), args(['--a', '--b']), deployment), [{ segments: at, git: ['--a'], live: ['--a', '--b'] }]);
  });

  it('values of different types differ; numbers compare by value', () => {
    assert.deepEqual(compare({ spec: { replicas: 1.0 } }, { spec: { replicas: 1 } }, deployment), []);
    assert.deepEqual(compare({ a: '1' }, { a: 1 }, deployment), [{ segments: ['a'], git: '1', live: 1 }]);
    assert.deepEqual(compare({ a: { b: 1 } }, { a: [1] }, deployment), [{ segments: ['a'], git: { b: 1 }, live: [1] }]);
  });
});

describe('display paths and values at paths', () => {
  it('writes list-map elements by keys and odd map keys quoted', () => {
    assert.equal(displayPath(['spec', 'template', 'spec', 'containers', { keys: { name: 'web' } }, 'image']), 'spec.template.spec.containers[name=web].image');
    assert.equal(displayPath(['metadata', 'labels', 'app.kubernetes.io/name']), 'metadata.labels["app.kubernetes.io/name"]');
    assert.equal(displayPath(['spec', 'ports', { keys: { port: 80, protocol: 'TCP' } }]), 'spec.ports[port=80,protocol=TCP]');
    assert.equal(displayPath(['spec', 'args', 2]), 'spec.args[2]');
  });

  it('finds list-map elements by their keys, defaults included', () => {
    const obj = pod({ containers: [{ name: 'web', ports: [{ containerPort: 80 }] }] });
    const path: PathSegment[] = ['spec', 'template', 'spec', 'containers', { keys: { name: 'web' } }, 'ports', { keys: { protocol: 'TCP', containerPort: 80 } }, 'containerPort'];
    assert.equal(valueAt(obj, path, deployment), 80);
    assert.equal(valueAt(obj, ['spec', 'template', 'spec', 'containers', { keys: { name: 'db' } }], deployment), undefined);
  });
});

describe('properties', () => {
  const r = rng(7);
  const ctx = { apiVersion: 'apps/v1', kind: 'Deployment', schema: deployment };
  const pairs: Array<[Obj, Obj]> = [];
  for (let i = 0; i < 300; i++) {
    const a = normalise(randomDeployment(r), ctx);
    const b = r() < 0.3 ? normalise(clone(a), ctx) : normalise(r() < 0.5 ? randomDeployment(r) : { spec: randomValue(r, 4) as Obj }, ctx);
    pairs.push([a, b]);
  }

  it('compare(a, b) is empty exactly when compare(b, a) is, with the same paths and swapped values', () => {
    for (const [a, b] of pairs) {
      const ab = compare(a, b, deployment);
      const ba = compare(b, a, deployment);
      assert.equal(ab.length === 0, ba.length === 0);
      const key = (d: { segments: unknown[] }) => JSON.stringify(d.segments);
      assert.deepEqual(ab.map(key).sort(), ba.map(key).sort());
      for (const d of ab) {
        const back = ba.find((e) => key(e) === key(d));
        assert.deepEqual([back?.git, back?.live], [d.live, d.git]);
      }
    }
  });

  it('an object equals itself and its copy', () => {
    for (const [a] of pairs) assert.deepEqual(compare(a, clone(a), deployment), []);
  });
});
