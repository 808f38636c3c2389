// What the kustomizations around a file say of it: its namespace (directly, or as a base through its overlays) and
// the kustomization that lists it as a patch. Real folders on disk, as an editor or the CLI sees them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isKustomizePatch, kustomizationNamespace, kustomizationPatchOwner } from '../../../server/src/workspace/kustomizations';

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n';

/** A repository in a temporary folder with these files (path → text); removed after the test. */
function repository(t: { after: (fn: () => void) => void }, files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kustomizations-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, '.git'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const kustomization = (o: { namespace?: string; resources?: string[]; patches?: string }) =>
  [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    o.namespace ? `namespace: ${o.namespace}` : '',
    o.resources ? `resources:\n${o.resources.map((r) => `  - ${r}`).join('\n')}` : '',
    o.patches ?? '',
  ]
    .filter(Boolean)
    .join('\n') + '\n';

test('a file listed in resources gets its kustomization’s namespace, from its folder or folders above', (t) => {
  const root = repository(t, {
    'app/kustomization.yaml': kustomization({ namespace: 'shop', resources: ['deployment.yaml', 'services/web.yaml', 'deep/a/b/c.yaml'] }),
    'app/deployment.yaml': DEPLOYMENT,
    'app/services/web.yaml': DEPLOYMENT,
    'app/deep/a/b/c.yaml': DEPLOYMENT,
    'app/unlisted.yaml': DEPLOYMENT,
    'yml/kustomization.yml': kustomization({ namespace: 'from-yml', resources: ['d.yaml'] }),
    'yml/d.yaml': DEPLOYMENT,
    'bare/Kustomization': kustomization({ namespace: 'from-bare', resources: ['d.yaml'] }),
    'bare/d.yaml': DEPLOYMENT,
  });
  assert.equal(kustomizationNamespace(join(root, 'app/deployment.yaml')), 'shop');
  assert.equal(kustomizationNamespace(join(root, 'app/services/web.yaml')), 'shop', 'one folder below');
  assert.equal(kustomizationNamespace(join(root, 'app/deep/a/b/c.yaml')), 'shop', 'three folders below');
  assert.equal(kustomizationNamespace(join(root, 'app/unlisted.yaml')), undefined, 'beside it but not listed');
  assert.equal(kustomizationNamespace(join(root, 'yml/d.yaml')), 'from-yml');
  assert.equal(kustomizationNamespace(join(root, 'bare/d.yaml')), 'from-bare');
});

test('a base without a namespace gets the namespace of the overlay that uses it', (t) => {
  const root = repository(t, {
    'base/kustomization.yaml': kustomization({ resources: ['deployment.yaml'] }),
    'base/deployment.yaml': DEPLOYMENT,
    'overlays/prod/kustomization.yaml': kustomization({ namespace: 'prod', resources: ['../../base/'] }),
    // The flux2-kustomize-helm-example layout: apps/base/<app>/ used by apps/<environment>/.
    'apps/base/podinfo/kustomization.yaml': kustomization({ resources: ['release.yaml'] }),
    'apps/base/podinfo/release.yaml': DEPLOYMENT,
    'apps/production/kustomization.yaml': kustomization({ namespace: 'podinfo-prod', resources: ['../base/podinfo'] }),
    // An overlay of an overlay: the namespace comes from the outer one.
    'chain/base/kustomization.yaml': kustomization({ resources: ['d.yaml'] }),
    'chain/base/d.yaml': DEPLOYMENT,
    'chain/mid/kustomization.yaml': kustomization({ resources: ['../base'] }),
    'chain/top/kustomization.yaml': kustomization({ namespace: 'outer', resources: ['../mid'] }),
  });
  assert.equal(kustomizationNamespace(join(root, 'base/deployment.yaml')), 'prod');
  assert.equal(kustomizationNamespace(join(root, 'apps/base/podinfo/release.yaml')), 'podinfo-prod');
  assert.equal(kustomizationNamespace(join(root, 'chain/base/d.yaml')), 'outer');
});

test('a base used by overlays with different namespaces has no one namespace', (t) => {
  const root = repository(t, {
    'base/kustomization.yaml': kustomization({ resources: ['deployment.yaml'] }),
    'base/deployment.yaml': DEPLOYMENT,
    'overlays/prod/kustomization.yaml': kustomization({ namespace: 'prod', resources: ['../../base'] }),
    'overlays/staging/kustomization.yaml': kustomization({ namespace: 'staging', resources: ['../../base'] }),
    'agreeing/base/kustomization.yaml': kustomization({ resources: ['d.yaml'] }),
    'agreeing/base/d.yaml': DEPLOYMENT,
    'agreeing/eu/kustomization.yaml': kustomization({ namespace: 'shop', resources: ['../base'] }),
    'agreeing/us/kustomization.yaml': kustomization({ namespace: 'shop', resources: ['../base'] }),
    'mixed/base/kustomization.yaml': kustomization({ resources: ['d.yaml'] }),
    'mixed/base/d.yaml': DEPLOYMENT,
    'mixed/named/kustomization.yaml': kustomization({ namespace: 'shop', resources: ['../base'] }),
    'mixed/unnamed/kustomization.yaml': kustomization({ resources: ['../base'] }),
  });
  assert.equal(kustomizationNamespace(join(root, 'base/deployment.yaml')), undefined);
  assert.equal(kustomizationNamespace(join(root, 'agreeing/base/d.yaml')), 'shop', 'overlays that agree');
  assert.equal(kustomizationNamespace(join(root, 'mixed/base/d.yaml')), undefined, 'an overlay without a namespace is another answer');
});

test('no kustomization, or one that sets no namespace and has no overlay: no namespace', (t) => {
  const root = repository(t, {
    'plain/deployment.yaml': DEPLOYMENT,
    'lonely/kustomization.yaml': kustomization({ resources: ['deployment.yaml'] }),
    'lonely/deployment.yaml': DEPLOYMENT,
    'broken/kustomization.yaml': 'resources: [unclosed\n',
    'broken/deployment.yaml': DEPLOYMENT,
  });
  assert.equal(kustomizationNamespace(join(root, 'plain/deployment.yaml')), undefined);
  assert.equal(kustomizationNamespace(join(root, 'lonely/deployment.yaml')), undefined);
  assert.equal(kustomizationNamespace(join(root, 'broken/deployment.yaml')), undefined);
  assert.equal(kustomizationNamespace(join(root, 'missing/nothing.yaml')), undefined, 'a path that does not exist');
});

test('an edited kustomization is read again (its mtime changed)', (t) => {
  const root = repository(t, {
    'app/kustomization.yaml': kustomization({ namespace: 'before', resources: ['deployment.yaml'] }),
    'app/deployment.yaml': DEPLOYMENT,
  });
  const file = join(root, 'app/deployment.yaml');
  assert.equal(kustomizationNamespace(file), 'before');
  const path = join(root, 'app/kustomization.yaml');
  writeFileSync(path, kustomization({ namespace: 'after', resources: ['deployment.yaml'] }));
  const later = new Date(Date.now() + 5000);
  utimesSync(path, later, later);
  assert.equal(kustomizationNamespace(file), 'after');
});

test('the kustomization that lists a file as a patch is its owner', (t) => {
  const root = repository(t, {
    'base/kustomization.yaml': kustomization({ resources: ['deployment.yaml'] }),
    'base/deployment.yaml': DEPLOYMENT,
    'overlays/prod/kustomization.yaml': kustomization({
      namespace: 'prod',
      resources: ['../../base'],
      patches: 'patches:\n  - path: replicas.yaml\n    target:\n      kind: Deployment\npatchesStrategicMerge:\n  - patches/memory.yaml\n',
    }),
    'overlays/prod/replicas.yaml': DEPLOYMENT,
    'overlays/prod/patches/memory.yaml': DEPLOYMENT,
    'overlays/prod/unlisted.yaml': DEPLOYMENT,
  });
  const owner = join(root, 'overlays/prod/kustomization.yaml');
  assert.equal(kustomizationPatchOwner(join(root, 'overlays/prod/replicas.yaml')), owner);
  assert.equal(kustomizationPatchOwner(join(root, 'overlays/prod/patches/memory.yaml')), owner, 'a patch one folder below');
  assert.equal(kustomizationPatchOwner(join(root, 'overlays/prod/unlisted.yaml')), undefined);
  assert.equal(kustomizationPatchOwner(join(root, 'base/deployment.yaml')), undefined, 'a resource is not a patch');
  assert.equal(isKustomizePatch(join(root, 'overlays/prod/replicas.yaml')), true);
  assert.equal(isKustomizePatch(join(root, 'base/deployment.yaml')), false);
});

test('a kustomization the yaml library warns about (an unknown tag) is read without a warning on stderr', (t) => {
  const root = repository(t, {
    'app/kustomization.yaml': 'namespace: shop\nresources:\n  - deployment.yaml\nlabels: !custom {team: a}\n',
    'app/deployment.yaml': DEPLOYMENT,
  });
  const warnings: unknown[] = [];
  const emitWarning = process.emitWarning;
  const consoleWarn = console.warn;
  process.emitWarning = ((w: unknown) => void warnings.push(w)) as typeof process.emitWarning;
  console.warn = (...args: unknown[]) => void warnings.push(args);
  try {
    assert.equal(kustomizationNamespace(join(root, 'app/deployment.yaml')), 'shop');
  } finally {
    process.emitWarning = emitWarning;
    console.warn = consoleWarn;
  }
  assert.deepEqual(warnings, []);
});
