// `gitops-manifests pr`: the editor's pull-request flow from a terminal or CI. Commits the files' current contents on
// top of the remote base branch (the checkout, index and HEAD stay as they are), pushes a new branch and opens the
// pull request. Exit status: 0 opened, 1 the remote or forge refused, 2 usage (arguments, repository, token).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createPullRequest, PullRequestFlowError, type ForgeHostSetting, type PullRequestFlowErrorKind } from '../../../client/src/pullRequest/flow';
import type { ManifestFileChange } from '../../../client/src/pullRequest/describe';
import { redact, type DetectedForge, type ForgeKind } from '../../../client/src/pullRequest/forges';

export const PR_USAGE = `  gitops-manifests pr [--repo DIR] [--base BRANCH] [--branch NAME] [--title T] [--draft] [--forge TYPE --api-url URL] [--kubeconfig F] [--context C] [--format text|json] FILE...`;

const FORGE_TYPES = ['github', 'gitlab', 'gitea', 'forgejo', 'bitbucket'];
/** Read after GITOPS_FORGE_TOKEN, by the forge the remote belongs to. */
const TOKEN_VARIABLES: Record<ForgeKind, string> = { github: 'GITHUB_TOKEN', gitlab: 'GITLAB_TOKEN', gitea: 'GITEA_TOKEN', bitbucket: 'BITBUCKET_TOKEN' };
/** Failures of the invocation or its environment rather than a refusal by the remote. */
const USAGE_KINDS = new Set<PullRequestFlowErrorKind>(['not-a-repository', 'no-remote', 'unknown-forge', 'no-changes']);

export interface PrIo {
  out(text: string): void;
  err(text: string): void;
}

export class PrUsageError extends Error {
  override readonly name = 'PrUsageError';
}

/**
 * "What merging changes in the cluster", when a kubeconfig or context is named: the drift of the new contents
 * against live. Loaded only then (client-node needs Node 22.19+); a cluster that cannot be asked leaves the section
 * out with a warning, as the pull request is still worth opening.
 */
async function clusterChanges(files: ManifestFileChange[], root: string, kubeconfig: string | undefined, context: string | undefined, io: PrIo): Promise<string[] | undefined> {
  const { driftNodeSupported } = await import('./drift');
  if (!driftNodeSupported()) {
    io.err(`gitops-manifests: the cluster section needs Node 22.19 or newer (this is ${process.version}); left out\n`);
    return undefined;
  }
  const { syncPreview } = await import('../drift/syncPreview');
  try {
    return await syncPreview(
      files.map((f) => ({ file: f.path, filePath: resolve(root, f.path), text: f.after })),
      { kubeconfig, context, allowExec: true },
    );
  } catch (error) {
    io.err(`gitops-manifests: could not compare with the cluster (${(error as Error).message}); the description leaves it out\n`);
    return undefined;
  }
}

export async function runPr(args: string[], io: PrIo, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<number> {
  // isomorphic-git's HTTP client calls url.parse(), which newer Node reports on stderr (DEP0169) on every run;
  // the user can do nothing about it and CI logs would carry it.
  process.noDeprecation = true;
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      repo: { type: 'string' },
      base: { type: 'string' },
      branch: { type: 'string' },
      title: { type: 'string' },
      draft: { type: 'boolean', default: false },
      forge: { type: 'string' },
      'api-url': { type: 'string' },
      remote: { type: 'string' },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      format: { type: 'string', short: 'f', default: 'text' },
    },
  });
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new PrUsageError(`pr --format must be text or json, not \`${format}\``);
  if (positionals.length === 0) throw new PrUsageError('pr needs at least one FILE');
  if (values.forge !== undefined && !FORGE_TYPES.includes(values.forge)) throw new PrUsageError(`--forge must be one of ${FORGE_TYPES.join(', ')}, not \`${values.forge}\``);
  if (values['api-url'] !== undefined && values.forge === undefined) throw new PrUsageError('--api-url needs --forge');
  if (values['api-url'] !== undefined && !/^https?:\/\/[^/]/.test(values['api-url'])) throw new PrUsageError('--api-url must be an http(s) URL');
  const forge: ForgeHostSetting | undefined = values.forge
    ? { type: values.forge as ForgeHostSetting['type'], ...(values['api-url'] ? { apiUrl: values['api-url'] } : {}) }
    : undefined;

  let missingToken: string | undefined;
  const tokenFor = (detected: DetectedForge) => {
    const token = env.GITOPS_FORGE_TOKEN || env[TOKEN_VARIABLES[detected.kind]];
    if (!token) missingToken = `no token: set GITOPS_FORGE_TOKEN or ${TOKEN_VARIABLES[detected.kind]}`;
    return token;
  };
  const folder = values.repo ?? cwd;
  try {
    const result = await createPullRequest({
      folder,
      // Relative to --repo when given (as in the repository's own paths), else to the current directory.
      files: positionals.map((file) => resolve(cwd, folder, file)),
      token: tokenFor,
      forge,
      remote: values.remote,
      base: values.base,
      branch: values.branch,
      title: values.title,
      draft: values.draft,
      clusterChanges: values.kubeconfig !== undefined || values.context !== undefined
        ? (files, root) => clusterChanges(files, root, values.kubeconfig, values.context, io)
        : undefined,
    });
    io.out(format === 'json' ? `${JSON.stringify({ url: result.url, number: result.number, branch: result.branch, commit: result.commit })}\n` : `${result.url}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof PullRequestFlowError)) throw error;
    const tokens = [env.GITOPS_FORGE_TOKEN, ...Object.values(TOKEN_VARIABLES).map((name) => env[name])].filter((t): t is string => !!t);
    const message = tokens.reduce((text, token) => redact(text, token), missingToken && error.kind === 'auth' ? missingToken : error.message);
    io.err(`gitops-manifests: ${message}\n`);
    return USAGE_KINDS.has(error.kind) || (missingToken && error.kind === 'auth') ? 2 : 1;
  }
}
