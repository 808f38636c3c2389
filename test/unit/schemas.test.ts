// Checks the generated schema set in schemas/k8s/ on its own terms (index, refs, enums, removed APIs, size)
// and against the upstream OpenAPI v3 reference copies in ../shared/schemas/k8s-openapi-v3/ for the minors
// both have.
import type { VersionIndex } from '../../server/src/schema/bundledSchemas';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, test } from 'node:test';
import { brotliDecompressSync } from 'node:zlib';

const repoRoot = resolve(__dirname, '..', '..');
const schemaRoot = join(repoRoot, 'schemas', 'k8s');
const overlayRoot = join(repoRoot, 'schemas', 'overlay');
const referenceRoot = resolve(repoRoot, '..', 'shared', 'schemas', 'k8s-openapi-v3');
const SIZE_BUDGET_BYTES = 4 * 1024 * 1024;

type SchemaObject = { [key: string]: unknown };

type MinorIndex = VersionIndex;

interface VersionsFile {
  default: string;
  versions: string[];
}

interface RemovedApi {
  apiVersion: string;
  kind: string;
  removedIn: string;
  deprecatedIn?: string;
  replacement: string | null;
  note?: string;
}

interface EnumOverlayEntry {
  values: string[];
  valuesSince?: Record<string, string[]>;
  enforcedBy: string;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function isSchemaObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compareMinors(left: string, right: string): number {
  const [leftMajor, leftMinor] = left.split('.').map(Number);
  const [rightMajor, rightMinor] = right.split('.').map(Number);
  return leftMajor - rightMajor || leftMinor - rightMinor;
}

function propertiesOf(schema: SchemaObject | undefined): SchemaObject | undefined {
  return isSchemaObject(schema?.properties) ? schema.properties : undefined;
}

const versionsFile = readJson<VersionsFile>(join(schemaRoot, 'versions.json'));
const minors = versionsFile.versions;

const indexCache = new Map<string, MinorIndex>();
function loadIndex(minor: string): MinorIndex {
  let index = indexCache.get(minor);
  if (!index) indexCache.set(minor, (index = readJson<MinorIndex>(join(schemaRoot, minor, 'index.json'))));
  return index;
}

const schemaCache = new Map<string, Map<string, SchemaObject>>();
/** Every schema of a minor, decompressed from all of its package files. */
function loadSchemas(minor: string): Map<string, SchemaObject> {
  const cached = schemaCache.get(minor);
  if (cached) return cached;
  const schemas = new Map<string, SchemaObject>();
  for (const fileName of Object.values(loadIndex(minor).packages)) {
    const content = JSON.parse(brotliDecompressSync(readFileSync(join(schemaRoot, minor, fileName))).toString('utf8')) as unknown;
    assert.ok(isSchemaObject(content), `${minor}/${fileName} holds an object`);
    for (const [name, schema] of Object.entries(content)) {
      assert.ok(isSchemaObject(schema), `${minor}/${fileName}: ${name} is an object`);
      schemas.set(name, schema);
    }
  }
  schemaCache.set(minor, schemas);
  return schemas;
}

function collectRefs(value: unknown, refs: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) collectRefs(item, refs);
  else if (isSchemaObject(value)) {
    if (typeof value.$ref === 'string') refs.push(value.$ref);
    for (const child of Object.values(value)) collectRefs(child, refs);
  }
  return refs;
}

function collectSingleRefAllOf(value: unknown, found: number[] = [0]): number {
  if (Array.isArray(value)) for (const item of value) collectSingleRefAllOf(item, found);
  else if (isSchemaObject(value)) {
    if (Array.isArray(value.allOf) && value.allOf.length === 1) found[0] += 1;
    for (const child of Object.values(value)) collectSingleRefAllOf(child, found);
  }
  return found[0];
}

function directorySize(directory: string): number {
  return readdirSync(directory).reduce((total, entry) => {
    const path = join(directory, entry);
    const stats = statSync(path);
    return total + (stats.isDirectory() ? directorySize(path) : stats.size);
  }, 0);
}

/** The reference documents of one minor: their served kinds and their merged component schemas. */
interface ReferenceMinor {
  kinds: Map<string, string>;
  schemas: Map<string, SchemaObject>;
}

function listJsonFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return listJsonFiles(path);
    return entry.name.endsWith('.json') ? [path] : [];
  });
}

// Same rule as the upstream kubectl-validate data was summarised with (shared/schemas.md A.6): a kind is a
// schema whose GVK matches its document's group-version and whose metadata is ObjectMeta.
function loadReferenceMinor(minor: string): ReferenceMinor {
  const root = join(referenceRoot, minor);
  const reference: ReferenceMinor = { kinds: new Map(), schemas: new Map() };
  for (const file of listJsonFiles(root)) {
    const parts = relative(root, file).replace(/\.json$/, '').split(sep);
    const [group, version] = parts[0] === 'api' ? ['', parts[1]] : [parts[1], parts[2]];
    const document = readJson<{ components?: { schemas?: Record<string, SchemaObject> } }>(file);
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
      reference.schemas.set(name, schema);
      const metadata = JSON.stringify(propertiesOf(schema)?.metadata ?? null);
      if (!metadata.includes('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta')) continue;
      const gvks = Array.isArray(schema['x-kubernetes-group-version-kind']) ? schema['x-kubernetes-group-version-kind'] : [];
      for (const gvk of gvks as { group: string; version: string; kind: string }[]) {
        if (gvk.group !== group || gvk.version !== version) continue;
        reference.kinds.set(`${group === '' ? version : `${group}/${version}`}/${gvk.kind}`, name);
      }
    }
  }
  return reference;
}

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

describe('removed APIs', () => {
  const removedApis = readJson<RemovedApi[]>(join(schemaRoot, 'removed-apis.json'));
  const byKey = new Map(removedApis.map((entry) => [`${entry.apiVersion}/${entry.kind}`, entry]));

  test('well-known removals carry their minor and replacement', () => {
    const expected: [string, string, string | null][] = [
      ['extensions/v1beta1/Ingress', '1.22', 'networking.k8s.io/v1'],
      ['policy/v1beta1/PodDisruptionBudget', '1.25', 'policy/v1'],
      ['batch/v1beta1/CronJob', '1.25', 'batch/v1'],
      ['autoscaling/v2beta2/HorizontalPodAutoscaler', '1.26', 'autoscaling/v2'],
      ['extensions/v1beta1/Deployment', '1.16', 'apps/v1'],
      ['storage.k8s.io/v1beta1/StorageClass', '1.22', 'storage.k8s.io/v1'],
      ['policy/v1beta1/PodSecurityPolicy', '1.25', null],
    ];
    for (const [key, removedIn, replacement] of expected) {
      const entry = byKey.get(key);
      assert.ok(entry, `${key} is listed`);
      assert.equal(entry.removedIn, removedIn, key);
      assert.equal(entry.replacement, replacement, key);
    }
    assert.match(byKey.get('policy/v1beta1/PodSecurityPolicy')?.note ?? '', /Pod Security Admission/);
    assert.equal(byKey.get('batch/v1beta1/CronJob')?.deprecatedIn, '1.21');
  });

  test('entries are well-formed, unique and ordered by removal', () => {
    assert.equal(byKey.size, removedApis.length, 'no duplicates');
    const order = removedApis.map((entry) => entry.removedIn);
    assert.deepEqual([...order].sort(compareMinors), order);
    for (const entry of removedApis) {
      assert.match(entry.removedIn, /^1\.\d+$/);
      if (entry.deprecatedIn !== undefined) assert.ok(compareMinors(entry.deprecatedIn, entry.removedIn) < 0, `${entry.apiVersion} ${entry.kind}`);
      if (entry.replacement === null) assert.ok(entry.note, `${entry.apiVersion} ${entry.kind} without replacement says why`);
    }
  });

  test('no removed apiVersion/kind is served by a bundled minor at or after its removal', () => {
    for (const minor of minors) {
      const { kinds } = loadIndex(minor);
      for (const entry of removedApis) {
        if (compareMinors(entry.removedIn, minor) > 0) continue;
        assert.equal(kinds[`${entry.apiVersion}/${entry.kind}`], undefined, `${minor} still serves ${entry.apiVersion} ${entry.kind}`);
      }
    }
  });

  test('every kind a bundled minor drops is listed as removed in the next one', () => {
    for (let index = 1; index < minors.length; index++) {
      const previous = Object.keys(loadIndex(minors[index - 1]).kinds);
      const laterKinds = minors.slice(index).map((minor) => loadIndex(minor).kinds);
      for (const key of previous) {
        if (laterKinds.some((kinds) => kinds[key] !== undefined)) continue;
        assert.equal(byKey.get(key)?.removedIn, minors[index], `${key} dropped in ${minors[index]}`);
      }
    }
  });

  test('replacements are served by the newest bundled minor', () => {
    const { kinds } = loadIndex(minors[minors.length - 1]);
    for (const entry of removedApis) {
      if (entry.replacement === null) continue;
      assert.ok(kinds[`${entry.replacement}/${entry.kind}`], `${entry.replacement} ${entry.kind} (for ${entry.apiVersion})`);
    }
  });
});

describe('cross-check with the upstream OpenAPI v3 reference copies', () => {
  const referenceMinors = existsSync(referenceRoot)
    ? readdirSync(referenceRoot).filter((entry) => minors.includes(entry)).sort(compareMinors)
    : [];
  const skip = !existsSync(referenceRoot)
    ? `reference schemas not found at ${referenceRoot}`
    : referenceMinors.length === 0
      ? `no reference minor overlaps the bundled ${minors.join(', ')}`
      : false;

  test('reference minors overlap the bundled ones', { skip }, () => {
    assert.ok(referenceMinors.length >= 1);
  });

  for (const minor of referenceMinors) {
    describe(`Kubernetes ${minor}`, () => {
      const reference = loadReferenceMinor(minor);

      test('the same kinds (GVKs), described by the same schemas', () => {
        const { kinds } = loadIndex(minor);
        assert.deepEqual(Object.keys(kinds).sort(), [...reference.kinds.keys()].sort());
        for (const [key, schemaName] of reference.kinds) assert.equal(kinds[key].schema, schemaName, key);
      });

      test('every reference schema is present, and nothing else', () => {
        const ours = loadSchemas(minor);
        const missing = [...reference.schemas.keys()].filter((name) => !ours.has(name));
        const extra = [...ours.keys()].filter((name) => !reference.schemas.has(name));
        assert.deepEqual(missing, []);
        assert.deepEqual(extra, []);
      });

      test('the same property names and required lists in every schema', () => {
        const ours = loadSchemas(minor);
        for (const [name, referenceSchema] of reference.schemas) {
          const schema = ours.get(name);
          assert.deepEqual(Object.keys(propertiesOf(schema) ?? {}).sort(), Object.keys(propertiesOf(referenceSchema) ?? {}).sort(), `${name} properties`);
          assert.deepEqual(schema?.required ?? [], referenceSchema.required ?? [], `${name} required`);
          assert.equal(schema?.type, referenceSchema.type, `${name} type`);
        }
      });
    });
  }
});
