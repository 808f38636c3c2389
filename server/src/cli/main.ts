// Command line entry: `gitops-manifests lint|rules|version`.
// Exit codes: 0 no error findings, 1 error findings, 2 usage or internal error.
import { parseArgs } from 'node:util';
import { ConfigError, parseRulesConfig, type RulesConfig } from '../rules/config';
import { runLint } from './lint';
import { InputError, readRegularFile } from './files';
import { allChecks } from '../engine/checkCatalog';
import { formatChecks, formatMarkdown, type OutputFormat } from './formats';

declare const PACKAGE_VERSION: string | undefined;
const VERSION = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : '0.0.0-dev';

const USAGE = `Usage:
  gitops-manifests lint [--format text|json|sarif|markdown] [--kubernetes-version X.Y] [--config FILE] PATH...
  gitops-manifests rules [--format text|json]
  gitops-manifests drift [--kubeconfig FILE] [--context NAME] [--field-manager NAME] [--format text|json|markdown] PATH...
  gitops-manifests pr [--repo DIR] [--base BRANCH] [--branch NAME] [--title T] [--draft] [--forge TYPE --api-url URL] [--kubeconfig F] [--context C] [--format text|json] FILE...
  gitops-manifests --version

lint   Validates Kubernetes manifests (files, or directories walked for *.yaml/*.yml).
       Exit status: 0 when no finding is an error, 1 when one is, 2 on usage or internal error.
rules  Lists the checks and rules: id, default severity, profile, title (json: also name, description, helpUri).
drift  Compares each object of the files with the live cluster (server-side apply dry run; Secret values masked).
       Exit status: 0 when every object is in sync, 1 when one is drifted or missing, 2 on usage or connection error.
pr     Commits the files' current contents on top of the remote base branch (checkout, index and HEAD untouched),
       pushes a new branch and opens a pull request; prints its URL (json: url, number, branch, commit).
       Token from GITOPS_FORGE_TOKEN, else GITHUB_TOKEN, GITLAB_TOKEN, GITEA_TOKEN or BITBUCKET_TOKEN by forge.
       Exit status: 0 opened, 1 the remote or forge refused, 2 on usage error.`;

class UsageError extends Error {}

export function main(argv: string[], io = { out: (s: string) => process.stdout.write(s), err: (s: string) => process.stderr.write(s) }): number | Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === '--version' || command === 'version') {
      io.out(`${VERSION}\n`);
      return 0;
    }
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.out(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    if (command === 'rules') return rules(rest, io);
    if (command === 'drift') return drift(rest, io);
    if (command === 'pr') return pr(rest, io);
    if (command !== 'lint') throw new UsageError(`Unknown command \`${command}\``);
    return lint(rest, io);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(`gitops-manifests: invalid configuration: ${(err as Error).message}\n`);
    } else if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`gitops-manifests: ${(err as Error).message}\n\n${USAGE}\n`);
    } else if (err instanceof InputError || (err as { code?: string }).code === 'ENOENT') {
      io.err(`gitops-manifests: ${(err as Error).message}\n`);
    } else {
      io.err(`gitops-manifests: internal error: ${(err as Error).stack ?? err}\n`);
    }
    return 2;
  }
}

function lint(args: string[], io: { out: (s: string) => void; err: (s: string) => void }): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'text' },
      'kubernetes-version': { type: 'string' },
      config: { type: 'string', short: 'c' },
    },
  });
  const format = values.format as OutputFormat;
  if (!['text', 'json', 'sarif', 'markdown'].includes(format)) throw new UsageError(`--format must be text, json, sarif or markdown, not \`${format}\``);
  if (positionals.length === 0) throw new UsageError('lint needs at least one PATH');
  const config = values.config ? readConfig(values.config) : undefined;
  const kubernetesVersion = values['kubernetes-version'] ?? config?.kubernetesVersion;
  if (kubernetesVersion !== undefined && !/^v?\d+\.\d+(\.\d+)?$/.test(kubernetesVersion)) {
    throw new UsageError(`--kubernetes-version must look like 1.35, not \`${kubernetesVersion}\``);
  }

  const outcome = runLint({ paths: positionals, format, kubernetesVersion, config, cwd: process.cwd(), toolVersion: VERSION });
  const output = format === 'markdown' ? formatMarkdown(outcome.findings, outcome.files) : outcome.output;
  if (output) io.out(`${output}\n`);
  for (const w of outcome.warnings) io.err(`gitops-manifests: warning: ${w}\n`);
  for (const e of outcome.internalErrors) io.err(`gitops-manifests: ${e}\n`);
  if (outcome.internalErrors.length) return 2;
  return outcome.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

function rules(args: string[], io: { out: (s: string) => void }): number {
  const { values } = parseArgs({ args, options: { format: { type: 'string', short: 'f', default: 'text' } } });
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`rules --format must be text or json, not \`${values.format}\``);
  io.out(`${values.format === 'json' ? JSON.stringify({ rules: allChecks() }, null, 2) : formatChecks()}\n`);
  return 0;
}

function drift(args: string[], io: { out: (s: string) => void; err: (s: string) => void }): number | Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'text' },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      'field-manager': { type: 'string' },
    },
  });
  const format = values.format as 'text' | 'json' | 'markdown';
  if (!['text', 'json', 'markdown'].includes(format)) throw new UsageError(`--format must be text, json or markdown, not \`${format}\``);
  if (positionals.length === 0) throw new UsageError('drift needs at least one PATH');
  // @kubernetes/client-node 2.x does not load on older Node; it is imported only here, so lint runs anywhere.
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 19)) {
    io.err(`gitops-manifests: drift needs Node 22.19 or newer (this is ${process.version})\n`);
    return 2;
  }
  return import('./drift')
    .then((d) => d.runDrift({ paths: positionals, kubeconfig: values.kubeconfig, context: values.context, fieldManager: values['field-manager'], format, cwd: process.cwd() }))
    .then(
      (outcome) => {
        if (outcome.output) io.out(`${outcome.output}\n`);
        for (const e of outcome.errors) io.err(`gitops-manifests: ${e}\n`);
        return outcome.exitCode;
      },
      (err: unknown) => {
        const code = (err as { code?: string }).code;
        io.err(code === 'ENOENT' || err instanceof InputError ? `gitops-manifests: ${(err as Error).message}\n` : `gitops-manifests: internal error: ${(err as Error).stack ?? err}\n`);
        return 2;
      },
    );
}

/** `pr` loads the pull-request flow (isomorphic-git, forge clients) only when run. */
function pr(args: string[], io: { out: (s: string) => void; err: (s: string) => void }): Promise<number> {
  return import('./pr')
    .then((p) => p.runPr(args, io))
    .catch((err: unknown) => {
      const usage = (err as Error).name === 'PrUsageError' || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
      io.err(usage ? `gitops-manifests: ${(err as Error).message}\n\n${USAGE}\n` : `gitops-manifests: internal error: ${(err as Error).stack ?? err}\n`);
      return 2;
    });
}

/** An explicit `--config` file: the same format as `.gitops-manifests.yaml`. */
function readConfig(path: string): RulesConfig {
  try {
    return parseRulesConfig(readRegularFile(path), path);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(`${path}: ${err.message}`);
    throw err;
  }
}

if (require.main === module) {
  const code = main(process.argv.slice(2));
  if (typeof code === 'number') process.exitCode = code;
  else void code.then((c) => (process.exitCode = c));
}
