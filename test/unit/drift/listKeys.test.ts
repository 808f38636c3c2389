// listKeys: list types, merge keys, int-or-string, quantities and defaults per field, from the bundled schemas,
// from a CRD's openAPIV3Schema, and from the well-known merge keys where no schema reaches.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { elementKeys, keyText, listSemantics, schemaOf, type FieldSchema } from '../../../server/src/drift/listKeys';
import { CrdRegistry, crdVersions } from '../../../server/src/workspace/crds';

const at = (root: FieldSchema, path: string): FieldSchema =>
  path.split('.').reduce((s, step) => (step === '[]' ? s.items() : s.child(step)), root);

describe('bundled schemas', () => {
  const deployment = schemaOf('apps/v1', 'Deployment', '1.37');
  const pod = 'spec.template.spec';

  it('containers are a list map by name, container ports by containerPort and protocol (TCP by default)', () => {
    assert.deepEqual(listSemantics(at(deployment, `${pod}.containers`)), { type: 'map', keys: ['name'], defaults: {} });
    assert.deepEqual(listSemantics(at(deployment, `${pod}.containers.[].ports`)), {
      type: 'map',
      keys: ['containerPort', 'protocol'],
      defaults: { protocol: 'TCP' },
    });
    assert.deepEqual(listSemantics(at(deployment, `${pod}.containers.[].env`)), { type: 'map', keys: ['name'], defaults: {} });
  });

  it('args are atomic, finalizers a set, ownerReferences a map by uid', () => {
    assert.deepEqual(listSemantics(at(deployment, `${pod}.containers.[].args`)), { type: 'atomic' });
    assert.deepEqual(listSemantics(at(deployment, 'metadata.finalizers')), { type: 'set' });
    assert.deepEqual(listSemantics(at(deployment, 'metadata.ownerReferences')), { type: 'map', keys: ['uid'], defaults: {} });
  });

  it('knows quantities, int-or-string fields and explicit defaults', () => {
    assert.equal(at(deployment, `${pod}.containers.[].resources.limits.cpu`).quantity, true);
    assert.equal(at(deployment, `${pod}.containers.[].image`).quantity, false);
    assert.equal(at(deployment, 'spec.strategy.rollingUpdate.maxSurge').intOrString, true);
    assert.equal(at(deployment, `${pod}.containers.[].ports.[].containerPort`).intOrString, false);
    const service = schemaOf('v1', 'Service', '1.37');
    assert.equal(at(service, 'spec.ports.[].targetPort').intOrString, true);
    assert.deepEqual(at(service, 'spec.ports.[].protocol').defaultValue, { value: 'TCP' });
    assert.deepEqual(listSemantics(at(service, 'spec.ports')), { type: 'map', keys: ['port', 'protocol'], defaults: { protocol: 'TCP' } });
  });

  it('falls back to the nearest bundled minor for one it does not ship', () => {
    assert.deepEqual(listSemantics(at(schemaOf('apps/v1', 'Deployment', '1.99'), `${pod}.containers`)).type, 'map');
  });
});

describe('CRD schemas', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'backends.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Backend', plural: 'backends' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: {
                    routes: {
                      type: 'array',
                      'x-kubernetes-list-type': 'map',
                      'x-kubernetes-list-map-keys': ['host', 'path'],
                      items: { type: 'object', properties: { host: { type: 'string' }, path: { type: 'string', default: '/' }, weight: { type: 'integer' } } },
                    },
                    tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
                    port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
                    config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                    allowEmpty: { type: 'boolean', default: false },
                  },
                },
              },
            },
          },
        },
      ],
    },
  };
  const registry = new CrdRegistry();
  registry.setSource('crd.yaml', crdVersions(crd, 'crd.yaml'));
  const backend = schemaOf('example.com/v1', 'Backend', '1.37', { crds: registry });

  it('reads list-map keys (with their defaults), sets, int-or-string, preserved fields and defaults', () => {
    assert.deepEqual(listSemantics(at(backend, 'spec.routes')), { type: 'map', keys: ['host', 'path'], defaults: { path: '/' } });
    assert.deepEqual(listSemantics(at(backend, 'spec.tags')), { type: 'set' });
    assert.equal(at(backend, 'spec.port').intOrString, true);
    assert.equal(at(backend, 'spec.config').preserveUnknown, true);
    assert.deepEqual(at(backend, 'spec.allowEmpty').defaultValue, { value: false });
  });

  it('reads a custom resource’s metadata with the bundled ObjectMeta schema', () => {
    assert.deepEqual(listSemantics(at(backend, 'metadata.finalizers')), { type: 'set' });
  });
});

describe('well-known merge keys where no schema reaches', () => {
  const unknown = schemaOf('example.com/v1', 'Unknown', '1.37');
  const containers = at(unknown, 'spec.template.spec.containers');

  it('containers by name, ports by containerPort or port with protocol', () => {
    assert.deepEqual(listSemantics(containers, [{ name: 'a' }]), { type: 'map', keys: ['name'], defaults: {} });
    assert.deepEqual(listSemantics(at(unknown, 'spec.ports'), [{ containerPort: 80 }]), { type: 'map', keys: ['containerPort', 'protocol'], defaults: { protocol: 'TCP' } });
    assert.deepEqual(listSemantics(at(unknown, 'spec.ports'), [{ port: 80, name: 'http' }]), { type: 'map', keys: ['port', 'protocol'], defaults: { protocol: 'TCP' } });
    assert.deepEqual(listSemantics(at(unknown, 'spec.volumeMounts'), [{ mountPath: '/data' }]), { type: 'map', keys: ['mountPath'], defaults: {} });
  });

  it('stays atomic when an element lacks its key, and for lists it does not know', () => {
    assert.deepEqual(listSemantics(containers, [{ name: 'a' }, { image: 'x' }]), { type: 'atomic' });
    assert.deepEqual(listSemantics(at(unknown, 'spec.args'), ['a']), { type: 'atomic' });
  });

  it('quantities under resource maps and int-or-string by name', () => {
    assert.equal(at(unknown, 'spec.resources.limits.cpu').quantity, true);
    assert.equal(at(unknown, 'spec.strategy.rollingUpdate.maxSurge').intOrString, true);
    assert.equal(at(unknown, 'spec.livenessProbe.httpGet.port').intOrString, true);
    assert.equal(at(unknown, 'spec.port').intOrString, false);
  });
});

describe('element keys', () => {
  it('fill defaults in and give the same text whatever the key order', () => {
    const semantics = { type: 'map' as const, keys: ['containerPort', 'protocol'], defaults: { protocol: 'TCP' } };
    assert.deepEqual(elementKeys({ containerPort: 80 }, semantics), { containerPort: 80, protocol: 'TCP' });
    assert.equal(keyText({ containerPort: 80, protocol: 'TCP' }), keyText({ protocol: 'TCP', containerPort: 80 }));
    assert.notEqual(keyText({ port: 80 }), keyText({ port: '80' }));
    assert.equal(elementKeys({ containerPort: { nested: true } }, semantics), undefined);
  });
});
