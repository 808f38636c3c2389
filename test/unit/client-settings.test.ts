// The client's pure settings logic: bundled versions, the effective version, picker items and targets.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  bundledVersionsFromManifest,
  parseBundledVersions,
  resolveKubernetesVersion,
  settingTargetFor,
  versionPickItems,
  versionTooltip,
} from '../../client/src/settings';

const bundled = { default: '1.37', versions: ['1.34', '1.35', '1.36', '1.37'] };

describe('parseBundledVersions', () => {
  it('accepts versions.json and sorts the minors', () => {
    assert.deepEqual(parseBundledVersions({ default: '1.37', versions: ['1.37', '1.34', '1.36', '1.35'] }), bundled);
  });

  it('rejects a default that is not bundled, non-minor entries and other shapes', () => {
    assert.equal(parseBundledVersions({ default: '1.38', versions: ['1.37'] }), undefined);
    assert.equal(parseBundledVersions({ default: '1.37', versions: ['v1.37'] }), undefined);
    assert.equal(parseBundledVersions({ default: '1.37', versions: [] }), undefined);
    assert.equal(parseBundledVersions(null), undefined);
    assert.equal(parseBundledVersions('1.37'), undefined);
  });
});

describe('bundledVersionsFromManifest', () => {
  it('reads the enum and default of gitops.kubernetesVersion from package.json', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    assert.deepEqual(bundledVersionsFromManifest(manifest), bundled);
  });

  it('is undefined when the manifest declares no such setting', () => {
    assert.equal(bundledVersionsFromManifest({ contributes: {} }), undefined);
    assert.equal(bundledVersionsFromManifest(undefined), undefined);
  });
});

describe('resolveKubernetesVersion', () => {
  it('uses a bundled minor as given, also written as v1.35 or 1.35.2', () => {
    assert.equal(resolveKubernetesVersion('1.35', bundled), '1.35');
    assert.equal(resolveKubernetesVersion('v1.35', bundled), '1.35');
    assert.equal(resolveKubernetesVersion(' 1.35.2 ', bundled), '1.35');
  });

  it('falls back to the default when unset or unparsable', () => {
    assert.equal(resolveKubernetesVersion(undefined, bundled), '1.37');
    assert.equal(resolveKubernetesVersion('', bundled), '1.37');
    assert.equal(resolveKubernetesVersion('latest', bundled), '1.37');
  });

  it('uses the nearest end of the bundled range for other minors', () => {
    assert.equal(resolveKubernetesVersion('1.30', bundled), '1.34');
    assert.equal(resolveKubernetesVersion('1.40', bundled), '1.37');
    assert.equal(resolveKubernetesVersion('2.0', bundled), '1.37');
  });
});

describe('versionPickItems', () => {
  it('lists the newest first and marks the default and the current version', () => {
    assert.deepEqual(versionPickItems(bundled, '1.35'), [
      { label: '1.37', description: 'default' },
      { label: '1.36' },
      { label: '1.35', description: 'current' },
      { label: '1.34' },
    ]);
    assert.equal(versionPickItems(bundled, '1.37')[0].description, 'default · current');
  });
});

describe('versionTooltip', () => {
  it('names the setting, and says when the configured value is not bundled', () => {
    assert.match(versionTooltip('1.36', '1.36'), /Kubernetes 1\.36\. Set by gitops\.kubernetesVersion/);
    assert.match(versionTooltip(undefined, '1.37'), /Set by gitops\.kubernetesVersion/);
    assert.match(versionTooltip('v1.36.2', '1.36'), /Set by gitops\.kubernetesVersion/);
    assert.match(versionTooltip('1.30', '1.34'), /"1\.30", which is not a bundled version/);
  });
});

describe('settingTargetFor', () => {
  it('writes workspace settings, folder settings when a folder value overrides them, user settings without a folder', () => {
    assert.equal(settingTargetFor({}, true), 'workspace');
    assert.equal(settingTargetFor({ workspaceValue: '1.35' }, true), 'workspace');
    assert.equal(settingTargetFor({ workspaceFolderValue: '1.35' }, true), 'workspaceFolder');
    assert.equal(settingTargetFor(undefined, false), 'global');
  });
});
