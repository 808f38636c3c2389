// The extension manifest's contributions: settings are documented and typed, commands are
// categorised and registered by the client, activation and packaging fields point at real files.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CommandId } from '../../client/src/commandIds';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const contributes = manifest.contributes;

interface SettingSchema {
  type?: string;
  default?: unknown;
  description?: string;
  markdownDescription?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  scope?: string;
  items?: { type?: string };
}
const settings: Record<string, SettingSchema> = contributes.configuration.properties;

/** The settings contract with the language server: each one must be read there (or by the client). */
const expectedSettings = [
  'gitops.kubernetesVersion',
  'gitops.validate.enable',
  'gitops.validate.debounceMs',
  'gitops.crds.enable',
  'gitops.files.exclude',
  'gitops.trace.server',
  'gitops.rules.enable',
  'gitops.rules.profile',
  'gitops.rules.severity',
  'gitops.rules.allowedRegistries',
  'gitops.rules.optional',
  'gitops.rules.approvedIngressDomains',
  'gitops.rules.requiredLabels',
  'gitops.drift.enable',
  'gitops.drift.kubeconfig',
  'gitops.drift.fieldManager',
  'gitops.drift.showControllerOwned',
  'gitops.drift.debounceMs',
  'gitops.forges',
];

function matchesType(value: unknown, type: string | undefined): boolean {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number';
    case 'array': return Array.isArray(value);
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
    default: return false;
  }
}

function clientSources(dir = join(root, 'client', 'src')): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return clientSources(path);
      return entry.name.endsWith('.ts') ? readFileSync(path, 'utf8') : '';
    })
    .join('\n');
}

describe('settings', () => {
  it('are exactly the settings the server and client implement', () => {
    assert.deepEqual(Object.keys(settings).sort(), [...expectedSettings].sort());
  });

  for (const [name, setting] of Object.entries(settings)) {
    it(`${name} has a description, a type, a default of that type and a scope`, () => {
      assert.match(name, /^gitops\.[a-zA-Z]+(\.[a-zA-Z]+)*$/);
      const description = setting.markdownDescription ?? setting.description ?? '';
      assert.ok(description.trim().length >= 40, `${name} needs a real description`);
      assert.ok(setting.type, `${name} has no type`);
      assert.ok('default' in setting, `${name} has no default`);
      assert.ok(matchesType(setting.default, setting.type), `${name}: default does not match type ${setting.type}`);
      assert.ok(['window', 'resource', 'machine-overridable', 'application'].includes(setting.scope ?? ''), `${name}: scope`);
      if (setting.enum) assert.ok(setting.enum.includes(setting.default), `${name}: default is not one of the enum values`);
      if (typeof setting.default === 'number') {
        if (setting.minimum !== undefined) assert.ok(setting.default >= setting.minimum, `${name}: default below minimum`);
        if (setting.maximum !== undefined) assert.ok(setting.default <= setting.maximum, `${name}: default above maximum`);
      }
      if (setting.type === 'array') assert.ok(setting.items?.type, `${name}: array items need a type`);
    });
  }

  it('gitops.kubernetesVersion offers the bundled minors and defaults to the bundled default', () => {
    const setting = settings['gitops.kubernetesVersion'];
    const versionsFile = join(root, 'schemas', 'k8s', 'versions.json');
    if (existsSync(versionsFile)) {
      const bundled = JSON.parse(readFileSync(versionsFile, 'utf8'));
      assert.deepEqual(setting.enum, bundled.versions);
      assert.equal(setting.default, bundled.default);
    } else {
      // Schemas not generated in this checkout: the enum must still be ascending minors ending at the default.
      assert.ok(setting.enum?.every((v) => typeof v === 'string' && /^\d+\.\d+$/.test(v)));
      assert.equal(setting.enum?.at(-1), setting.default);
    }
  });

  it('gitops.trace.server has the standard LanguageClient trace values', () => {
    assert.deepEqual(settings['gitops.trace.server'].enum, ['off', 'messages', 'verbose']);
  });

  it('gitops.rules.* match what the server reads (server/src/lsp/settings.ts DEFAULT_SETTINGS.rules)', () => {
    const rules = DEFAULT_SETTINGS.rules as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(rules)) {
      assert.deepEqual(settings[`gitops.rules.${key}`]?.default, value, `gitops.rules.${key}`);
    }
    assert.deepEqual(settings['gitops.rules.profile'].enum, ['baseline', 'restricted']);
    const severity = settings['gitops.rules.severity'] as SettingSchema & { additionalProperties?: { enum?: string[] } };
    assert.deepEqual(severity.additionalProperties?.enum, ['off', 'info', 'warning', 'error']);
  });

  it('gitops.rules.* that the config file can also set say that the file wins', () => {
    for (const name of ['profile', 'severity', 'allowedRegistries', 'optional', 'approvedIngressDomains', 'requiredLabels']) {
      assert.match(settings[`gitops.rules.${name}`].markdownDescription ?? '', /\.gitops-manifests\.yaml/, name);
    }
  });

  it('gitops.drift.* match what the server reads (server/src/lsp/settings.ts DEFAULT_SETTINGS.drift)', () => {
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS.drift)) {
      assert.deepEqual(settings[`gitops.drift.${key}`]?.default, value, `gitops.drift.${key}`);
    }
    assert.equal(settings['gitops.drift.debounceMs'].maximum, 10_000);
  });

  it('are each listed in the README settings table', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const name of Object.keys(settings)) assert.match(readme, new RegExp(`^\\| \`${name.replace(/\./g, '\\.')}\` \\|`, 'm'), name);
  });

  it('in Restricted Mode, the settings that point drift at a cluster are restricted', () => {
    const untrusted = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(untrusted?.supported, 'limited');
    assert.ok(untrusted.description.length > 40);
    for (const name of ['gitops.drift.enable', 'gitops.drift.kubeconfig']) assert.ok(untrusted.restrictedConfigurations.includes(name), name);
    for (const name of untrusted.restrictedConfigurations) assert.ok(settings[name], `${name} is not a setting`);
  });

  it('gitops.validate.debounceMs is bounded', () => {
    const setting = settings['gitops.validate.debounceMs'];
    assert.equal(setting.minimum, 0);
    assert.equal(setting.maximum, 5000);
    assert.equal(setting.default, 150);
  });
});

describe('commands', () => {
  const commands: { command: string; title?: string; category?: string }[] = contributes.commands;
  const sources = clientSources();

  it('are the commands the client defines ids for', () => {
    assert.deepEqual(commands.map((c) => c.command).sort(), Object.values(CommandId).sort());
  });

  for (const command of commands) {
    it(`${command.command} has category GitOps and a title`, () => {
      assert.equal(command.category, 'GitOps');
      assert.ok(command.title && command.title.length > 3);
    });
  }

  for (const [key, id] of Object.entries(CommandId)) {
    it(`${id} is registered in client/src`, () => {
      assert.match(sources, new RegExp(`registerCommand\\(\\s*CommandId\\.${key}\\b`), `no registerCommand(CommandId.${key}, …)`);
    });
  }

  it('the drift view: a GitOps view container with the Drift tree, and its title and item menus', () => {
    assert.ok(contributes.viewsContainers.activitybar.some((c: { id: string }) => c.id === 'gitops'));
    assert.deepEqual(contributes.views.gitops.map((v: { id: string }) => v.id), ['gitops.drift']);
    const titleMenu = contributes.menus['view/title'].map((m: { command: string }) => m.command);
    assert.deepEqual(titleMenu, [CommandId.driftRefresh, CommandId.driftSelectContext, CommandId.createPullRequest]);
    const itemMenu = contributes.menus['view/item/context'].map((m: { command: string }) => m.command);
    for (const id of [CommandId.driftAdoptLiveValue, CommandId.driftCopyDiff]) assert.ok(itemMenu.includes(id), id);
  });

  it('Create Pull Request sits in the Source Control title bar of git, the Drift title bar and the palette', () => {
    const scm = contributes.menus['scm/title'].find((m: { command: string }) => m.command === CommandId.createPullRequest);
    assert.equal(scm?.when, 'scmProvider == git');
    assert.match(scm?.group ?? '', /^navigation/);
    const drift = contributes.menus['view/title'].find((m: { command: string }) => m.command === CommandId.createPullRequest);
    assert.equal(drift?.when, 'view == gitops.drift');
    const palette = contributes.menus.commandPalette.find((m: { command: string }) => m.command === CommandId.createPullRequest);
    assert.equal(palette?.when, 'workspaceFolderCount > 0');
    assert.ok(commands.find((c) => c.command === CommandId.createPullRequest && (c as { icon?: string }).icon));
    for (const id of [CommandId.setForgeToken, CommandId.removeForgeToken]) assert.ok(commands.some((c) => c.command === id), id);
  });

  it('gitops.forges is user-level only and describes host → type and apiUrl', () => {
    const forges = settings['gitops.forges'] as SettingSchema & { additionalProperties?: { properties?: { type?: { enum?: string[] } } } };
    assert.equal(forges.scope, 'application');
    assert.deepEqual(forges.additionalProperties?.properties?.type?.enum, ['github', 'gitlab', 'gitea', 'forgejo', 'bitbucket']);
    assert.match(forges.markdownDescription ?? '', /Set Forge Token/);
  });

  it('include restart, output and version selection', () => {
    for (const id of ['gitops.restartServer', 'gitops.showOutput', 'gitops.selectKubernetesVersion']) {
      assert.ok(commands.some((c) => c.command === id), id);
    }
  });
});

describe('activation and packaging fields', () => {
  it('activates on YAML files and in Kustomize workspaces', () => {
    assert.ok(manifest.activationEvents.includes('onLanguage:yaml'));
    assert.ok(manifest.activationEvents.includes('workspaceContains:**/kustomization.yaml'));
  });

  it('does not feed schemas to the Red Hat YAML extension', () => {
    assert.equal(contributes.yamlValidation, undefined);
  });

  it('contributes the snippets file for YAML', () => {
    assert.deepEqual(contributes.snippets, [{ language: 'yaml', path: './snippets/kubernetes.json' }]);
    assert.ok(existsSync(join(root, 'snippets', 'kubernetes.json')));
  });

  it('has a 128x128 PNG icon', () => {
    assert.equal(manifest.icon, 'client/icon.png');
    const png = readFileSync(join(root, manifest.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal(png.readUInt32BE(16), 128);
    assert.equal(png.readUInt32BE(20), 128);
  });

  it('has a gallery banner, a repository and categories', () => {
    assert.match(manifest.galleryBanner.color, /^#[0-9a-fA-F]{6}$/);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
    assert.ok(manifest.repository.url);
    assert.ok(manifest.categories.includes('Linters') && manifest.categories.includes('Snippets'));
  });
});
