// What users download from the marketplace: only bundles, schemas, snippets, icon and documents, at most 5 MB.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { test } from 'node:test';
import { ensurePackagedExtension } from './extensionPackage';
import { zipEntryNames } from './vsixContents';

const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/(readme|changelog)\.md$/,
  /^extension\/LICENSE\.txt$/,
  /^extension\/dist\/(extension|server|cli|kubeClient)\.js$/,
  /^extension\/schemas\/k8s\/(versions|removed-apis)\.json$/,
  /^extension\/schemas\/k8s\/\d+\.\d+\/(index\.json|[\w.-]+\.json\.br)$/,
  /^extension\/snippets\/kubernetes\.json$/,
  /^extension\/client\/icon\.png$/,
];

test('the .vsix holds only what runs or is shown, within 5 MB', { timeout: 600_000 }, async () => {
  const vsix = await ensurePackagedExtension();
  const names = zipEntryNames(vsix);
  const unexpected = names.filter((n) => !ALLOWED.some((re) => re.test(n)));
  assert.deepEqual(unexpected, [], 'files that should not ship');
  for (const required of ['extension/dist/extension.js', 'extension/dist/server.js', 'extension/dist/cli.js', 'extension/dist/kubeClient.js', 'extension/schemas/k8s/versions.json', 'extension/readme.md']) {
    assert.ok(names.includes(required), `${required} is missing`);
  }
  assert.ok(names.filter((n) => n.endsWith('.json.br')).length >= 4 * 30, 'every bundled minor ships its schema packages');
  const bytes = statSync(vsix).size;
  assert.ok(bytes <= 5 * 1024 * 1024, `${(bytes / 1024 / 1024).toFixed(2)} MB is over the 5 MB limit`);
});
