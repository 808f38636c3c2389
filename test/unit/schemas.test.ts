// Checks the generated schema set in schemas/k8s/ on its own terms: index, refs, size, and the enum overlay.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { brotliDecompressSync } from 'node:zlib';
import { SIZE_BUDGET_BYTES, collectRefs, collectSingleRefAllOf, compareMinors, directorySize, isSchemaObject, loadIndex, loadSchemas, minors, overlayRoot, propertiesOf, readJson, schemaRoot, versionsFile } from './schemaSet';
import type { EnumOverlayEntry, SchemaObject } from './schemaSet';

describe('bundled schema set', () => {
  test('versions.json lists the generated minors, oldest first, and defaults to the newest', () => {
    assert.ok(minors.length >= 3, `expected at least 3 minors, got ${minors.join(', ')}`);
    assert.deepEqual([...minors].sort(compareMinors), minors);
    assert.equal(versionsFile.default, minors[minors.length - 1]);
    const onDisk = readdirSync(schemaRoot).filter((entry) => /^\d+\.\d+$/.test(entry)).sort(compareMinors);
    assert.deepEqual(onDisk, minors, 'no stale or missing minor directories');
  });

  test('schemas/k8s stays within its 4 MiB share of the extension package', () => {
    const bytes = directorySize(schemaRoot);
    assert.ok(bytes < SIZE_BUDGET_BYTES, `schemas/k8s takes ${bytes} bytes`);
  });

  for (const minor of minors) {
    describe(`Kubernetes ${minor}`, () => {
      test('index names its release and lists exactly the package files on disk', () => {
        const index = loadIndex(minor);
        assert.equal(index.minor, minor);
        assert.match(index.version, new RegExp(`^${minor.replace('.', '\\.')}\\.\\d+$`));
        const onDisk = readdirSync(join(schemaRoot, minor)).filter((name) => name !== 'index.json').sort();
        assert.deepEqual(Object.values(index.packages).sort(), onDisk);
        for (const [packageName, fileName] of Object.entries(index.packages)) {
          assert.equal(fileName, `${packageName}.json.br`);
        }
      });

      test('every schema sits in the package named by its name minus the last segment', () => {
        const index = loadIndex(minor);
        for (const [packageName, fileName] of Object.entries(index.packages)) {
          const content = JSON.parse(brotliDecompressSync(readFileSync(join(schemaRoot, minor, fileName))).toString('utf8')) as SchemaObject;
          const names = Object.keys(content);
          assert.ok(names.length > 0, `${fileName} is not empty`);
          for (const name of names) assert.equal(name.slice(0, name.lastIndexOf('.')), packageName, name);
        }
      });

      test('every $ref is a short name that resolves within the minor; no single-ref allOf is left', () => {
        const schemas = loadSchemas(minor);
        const unresolved = new Set<string>();
        for (const schema of schemas.values()) {
          for (const ref of collectRefs(schema)) if (!schemas.has(ref)) unresolved.add(ref);
        }
        assert.deepEqual([...unresolved], []);
        assert.equal(collectSingleRefAllOf([...schemas.values()]), 0);
        assert.ok(collectRefs([...schemas.values()]).length > 1000, 'refs are kept, not inlined');
      });

      test('every indexed kind points at a schema that declares that kind', () => {
        const index = loadIndex(minor);
        const schemas = loadSchemas(minor);
        assert.ok(Object.keys(index.kinds).length >= 85, 'a full release serves well over 85 kinds');
        for (const [key, entry] of Object.entries(index.kinds)) {
          const schema = schemas.get(entry.schema);
          assert.ok(schema, `${key}: schema ${entry.schema} exists`);
          const kind = key.slice(key.lastIndexOf('/') + 1);
          const apiVersion = key.slice(0, key.lastIndexOf('/'));
          const gvks = schema['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[];
          assert.ok(
            gvks.some((gvk) => gvk.kind === kind && (gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`) === apiVersion),
            `${entry.schema} declares ${key}`,
          );
          assert.match(entry.plural, /^[a-z0-9]+$/, `${key}: plural is a lower-case resource name`);
          assert.equal(typeof entry.namespaced, 'boolean');
        }
      });

      test('well-known kinds have the right resource and scope', () => {
        const { kinds } = loadIndex(minor);
        assert.deepEqual(kinds['apps/v1/Deployment'], { schema: 'io.k8s.api.apps.v1.Deployment', plural: 'deployments', namespaced: true });
        assert.deepEqual(kinds['v1/Namespace'], { schema: 'io.k8s.api.core.v1.Namespace', plural: 'namespaces', namespaced: false });
        assert.deepEqual(kinds['rbac.authorization.k8s.io/v1/ClusterRole'], {
          schema: 'io.k8s.api.rbac.v1.ClusterRole',
          plural: 'clusterroles',
          namespaced: false,
        });
        assert.deepEqual(kinds['v1/Pod'], { schema: 'io.k8s.api.core.v1.Pod', plural: 'pods', namespaced: true });
        assert.deepEqual(kinds['v1/Node'], { schema: 'io.k8s.api.core.v1.Node', plural: 'nodes', namespaced: false });
        assert.deepEqual(kinds['networking.k8s.io/v1/Ingress'], {
          schema: 'io.k8s.api.networking.v1.Ingress',
          plural: 'ingresses',
          namespaced: true,
        });
        assert.equal(kinds['v1/Status'], undefined, 'Status is not a served kind');
        assert.equal(kinds['apps/v1/DeploymentList'], undefined, 'List kinds are not indexed');
      });

      test('schemas keep what validation and hover need', () => {
        const schemas = loadSchemas(minor);
        const deployment = schemas.get('io.k8s.api.apps.v1.Deployment');
        const spec = propertiesOf(deployment)?.spec as SchemaObject;
        assert.equal(spec.$ref, 'io.k8s.api.apps.v1.DeploymentSpec');
        assert.equal(typeof spec.description, 'string', 'siblings of a flattened allOf survive');
        assert.deepEqual(schemas.get('io.k8s.api.apps.v1.DeploymentSpec')?.required, ['selector', 'template']);
        const intOrString = schemas.get('io.k8s.apimachinery.pkg.util.intstr.IntOrString');
        assert.equal(intOrString?.format, 'int-or-string');
        const containers = propertiesOf(schemas.get('io.k8s.api.core.v1.PodSpec'))?.containers as SchemaObject;
        assert.equal(containers['x-kubernetes-patch-merge-key'], 'name');
        assert.deepEqual(containers['x-kubernetes-list-map-keys'], ['name']);
        const crdSchemaProps = schemas.get('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps');
        assert.ok(propertiesOf(crdSchemaProps)?.['x-kubernetes-preserve-unknown-fields'], 'CRD schema keywords are kept');
      });
    });
  }
});

describe('enum overlay', () => {
  const overlay = readJson<Record<string, EnumOverlayEntry | string[]>>(join(overlayRoot, 'enums.json'));
  const entries = Object.entries(overlay).filter((entry): entry is [string, EnumOverlayEntry] => !entry[0].startsWith('$'));

  function expectedValues(entry: EnumOverlayEntry, minor: string): string[] {
    const added = Object.entries(entry.valuesSince ?? {})
      .filter(([since]) => compareMinors(since, minor) <= 0)
      .flatMap(([, values]) => values);
    return [...entry.values, ...added];
  }

  function enumTarget(key: string, minor: string): SchemaObject | undefined {
    const items = key.endsWith('[]');
    const path = items ? key.slice(0, -2) : key;
    const schemaName = path.slice(0, path.lastIndexOf('.'));
    const property = propertiesOf(loadSchemas(minor).get(schemaName))?.[path.slice(path.lastIndexOf('.') + 1)];
    if (!isSchemaObject(property)) return undefined;
    return items ? (property.items as SchemaObject) : property;
  }

  test('the overlay covers the fields users get wrong most', () => {
    for (const key of [
      'io.k8s.api.core.v1.Container.imagePullPolicy',
      'io.k8s.api.core.v1.ContainerPort.protocol',
      'io.k8s.api.core.v1.ServiceSpec.type',
      'io.k8s.api.core.v1.PodSpec.restartPolicy',
      'io.k8s.api.apps.v1.DeploymentStrategy.type',
      'io.k8s.api.networking.v1.HTTPIngressPath.pathType',
      'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement.operator',
      'io.k8s.api.core.v1.PersistentVolumeClaimSpec.accessModes[]',
    ]) {
      assert.ok(overlay[key], key);
    }
    for (const [key, entry] of entries) {
      assert.ok(entry.values.length > 0 && entry.enforcedBy.length > 0, `${key} has values and a source`);
    }
  });

  test('every overlay key is applied, with the values of each minor, wherever the property exists', () => {
    for (const [key, entry] of entries) {
      const appliedIn = minors.filter((minor) => enumTarget(key, minor) !== undefined);
      assert.ok(appliedIn.length > 0, `${key} matches a property in some minor`);
      for (const minor of appliedIn) {
        const target = enumTarget(key, minor)!;
        assert.equal(target.type, 'string', `${minor} ${key} is a string`);
        assert.deepEqual(target.enum, expectedValues(entry, minor), `${minor} ${key}`);
      }
    }
  });

  test('values added in a later minor are absent before it', () => {
    const operator = (minor: string) => enumTarget('io.k8s.api.core.v1.Toleration.operator', minor)?.enum as string[];
    if (minors.includes('1.34')) assert.deepEqual(operator('1.34'), ['Equal', 'Exists']);
    const newest = minors[minors.length - 1];
    assert.ok(operator(newest).includes('Lt') && operator(newest).includes('Gt'));
  });

  test('only overlay keys carry enums (upstream v3 has none)', () => {
    const overlayTargets = new Set(entries.map(([key]) => key));
    for (const minor of minors) {
      for (const [name, schema] of loadSchemas(minor)) {
        for (const [property, value] of Object.entries(propertiesOf(schema) ?? {})) {
          if (!isSchemaObject(value)) continue;
          if (value.enum !== undefined) assert.ok(overlayTargets.has(`${name}.${property}`), `${minor} ${name}.${property}`);
          if (isSchemaObject(value.items) && value.items.enum !== undefined) {
            assert.ok(overlayTargets.has(`${name}.${property}[]`), `${minor} ${name}.${property}[]`);
          }
        }
      }
    }
  });
});
