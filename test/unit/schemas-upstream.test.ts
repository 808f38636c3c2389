// Checks the removed-API table, and the generated schema set against the upstream OpenAPI v3 reference copies
// in ../shared/schemas/k8s-openapi-v3/ for the minors both have.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { compareMinors, loadIndex, loadReferenceMinor, loadSchemas, minors, propertiesOf, readJson, referenceRoot, schemaRoot } from './schemaSet';
import type { RemovedApi } from './schemaSet';

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
