// The pull-request flow as a plain module (no `vscode`): repository and forge → changed files → base branch →
// description → commit on top of the remote base → push → pull request. The editor command and
// `gitops-manifests pr` both drive it; they differ only in how they ask for the token and show progress.
// The user's work tree, index, HEAD and refs are never written (see git.ts).
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Engine } from '../../../server/src/engine/engine';
import { formatMarkdown } from '../../../server/src/cli/formats';
import { toReported, type ReportedFinding } from '../../../server/src/cli/report';
import { EMPTY_CONFIG, findRulesConfig } from '../../../server/src/rules/config';
import { SchemaStore } from '../../../server/src/schema/schemaStore';
import { bodyFor, branchNameFor, diffManifests, describeChanges, titleFor, type ManifestFileChange, type ObjectChange } from './describe';
import {
  changedYamlFiles,
  commitOnBase,
  configuredAuthor,
  displayUrl,
  fetchBase,
  findRepository,
  listRemoteBranches,
  pushCommit,
  sameBytes,
  type BaseCheckout,
  type GitAuth,
  type GitRemote,
  type Person,
} from './git';
import { createForge, ForgeError, forgeNames, type DetectedForge, type Forge, type ForgeKind } from './forges';
import { asFlowError, PullRequestFlowError, withBranch } from './flowError';
import { forgesFromConfigFile, httpsRemote, resolveForge, type ForgeHostSetting } from './forgeHosts';

export { bodyFor, branchNameFor, diffManifests, titleFor, type ManifestFileChange, type ObjectChange } from './describe';
export { PullRequestFlowError, type PullRequestFlowErrorKind } from './flowError';
export { FORGES_SETTING, httpsRemote, readForgeHosts, resolveForge, withoutForeignApiUrls, type ForgeHostSetting } from './forgeHosts';

export type PullRequestStep = 'repository' | 'fetch' | 'describe' | 'commit' | 'push' | 'pull-request';

export interface PullRequestPlan {
  repositoryRoot: string;
  remote: GitRemote;
  forge: DetectedForge;
  base: string;
  /** The base head the commit is built on. */
  baseCommit: string;
  /** Repository-relative paths of the files that go into the commit. */
  files: string[];
  changes: ObjectChange[];
  branch: string;
  title: string;
  body: string;
  draft: boolean;
  /** Lint findings of the changed files, as the body summarises them. */
  findings: ReportedFinding[];
}

/** What the caller may change after seeing the plan; undefined cancels the flow. */
export type PlanReview = (plan: PullRequestPlan) => Promise<Partial<Pick<PullRequestPlan, 'branch' | 'title' | 'body' | 'draft'>> | undefined>;

export interface PullRequestFlowOptions {
  /** Any folder (or file) inside the repository. */
  folder: string;
  /** Files to commit (absolute or relative to the repository root); default: the YAML files changed against HEAD. */
  files?: string[];
  /** What to commit instead of the file on disk (an editor's unsaved buffer), by absolute path; the disk stays as it is. */
  contents?: Map<string, string | Uint8Array>;
  /** Forge token, or how to find it once the forge is known; also the git password for the push. */
  token?: string | ((forge: DetectedForge) => string | undefined | Promise<string | undefined>);
  /** User name sent with the token on push; default: what the forge documents for tokens. */
  gitUsername?: string;
  /** Remote name; default `origin`, else the first remote. */
  remote?: string;
  /** Self-hosted forges by host (`host` or `host:port`), as setting `gitops.forges` holds them. */
  forgeHosts?: Record<string, ForgeHostSetting>;
  /** The forge, named outright (CLI `--forge` / `--api-url`); wins over detection. */
  forge?: ForgeHostSetting;
  /** Builds the forge client; tests may pass another. */
  forgeFactory?: (detected: DetectedForge, token: string) => Forge;
  base?: string;
  branch?: string;
  title?: string;
  draft?: boolean;
  author?: Person;
  /** Lines for "What merging changes in the cluster"; the section is left out when this is absent or answers undefined. */
  clusterChanges?: (files: ManifestFileChange[], repositoryRoot: string) => Promise<string[] | undefined>;
  /** Called once the description is ready, before anything is written or pushed. */
  review?: PlanReview;
  onProgress?: (step: PullRequestStep, message: string) => void;
  signal?: AbortSignal;
  now?: Date;
}

export interface PullRequestFlowResult {
  url: string;
  number: number;
  branch: string;
  commit: string;
}


const TEMPLATE_PATHS = [
  '.github/pull_request_template.md',
  '.github/PULL_REQUEST_TEMPLATE.md',
  'docs/pull_request_template.md',
  'pull_request_template.md',
  '.gitlab/merge_request_templates/Default.md',
  '.gitea/pull_request_template.md',
];

/** User names forges document for token authentication over HTTPS (Gitea and GitLab ignore it, GitHub and Bitbucket do not). */
const TOKEN_USERNAMES: Record<ForgeKind, string> = { github: 'x-access-token', gitlab: 'oauth2', gitea: 'oauth2', bitbucket: 'x-token-auth' };
const MAX_BASE_RETRIES = 3;

/** Runs the whole flow; throws PullRequestFlowError for every failure the user can act on. */
export async function createPullRequest(options: PullRequestFlowOptions): Promise<PullRequestFlowResult> {
  // Filled in once the forge is known, so every failure after that has the token removed from its message.
  const secret = { token: typeof options.token === 'string' ? options.token : '' };
  try {
    return await run(options, secret);
  } catch (error) {
    throw asFlowError(error, secret.token);
  }
}

async function run(options: PullRequestFlowOptions, secret: { token: string }): Promise<PullRequestFlowResult> {
  const { signal } = options;
  const progress = (step: PullRequestStep, message: string) => {
    signal?.throwIfAborted();
    options.onProgress?.(step, message);
  };

  progress('repository', 'Finding the repository');
  const repository = await findRepository(resolve(options.folder));
  if (!repository) throw new PullRequestFlowError('not-a-repository', `${options.folder} is not inside a git repository`);
  const remote = pickRemote(repository.remotes, options.remote);
  const forgeHosts = { ...(await forgesFromConfigFile(repository.root)), ...options.forgeHosts };
  const detected = resolveForge(remote.url, options.forge, forgeHosts);
  const token = (typeof options.token === 'function' ? await options.token(detected) : options.token) ?? '';
  secret.token = token;
  if (!token) {
    throw new PullRequestFlowError('auth', `No token for ${forgeNames[detected.kind]} at ${hostOf(detected.baseUrl)}: one is needed to push and to open the pull request`);
  }
  const forge = (options.forgeFactory ?? defaultForgeFactory)(detected, token);
  const auth: GitAuth = { username: options.gitUsername ?? TOKEN_USERNAMES[detected.kind], token };
  const remoteOptions = { url: httpsRemote(remote.url, detected), auth, signal };

  const paths = options.files?.length
    ? options.files.map((file) => repositoryPath(repository.root, file))
    : (await changedYamlFiles(repository.root)).map((f) => f.path);
  if (paths.length === 0) throw new PullRequestFlowError('no-changes', `No YAML file in ${repository.root} differs from HEAD`);
  const contents = await Promise.all(paths.map((path) => {
    const given = options.contents?.get(join(repository.root, path));
    if (given !== undefined) return typeof given === 'string' ? Buffer.from(given, 'utf8') : given;
    return readWorkTreeFile(repository.root, path);
  }));

  progress('fetch', `Fetching ${options.base ?? 'the default branch'} from ${displayUrl(remoteOptions.url)}`);
  const fetchBranch = async (branch: string | undefined) => {
    try {
      return await fetchBase({ ...remoteOptions, branch });
    } catch (error) {
      if ((error as { code?: string }).code !== 'NotFoundError' || !branch) throw error;
      throw new PullRequestFlowError('forge', `The remote has no branch ${branch} to open the pull request against`, { cause: error });
    }
  };
  // The remote's HEAD names the default branch; the forge is asked only when the server does not say.
  const checkout = (await fetchBranch(options.base)) ?? (await fetchBranch(await forge.defaultBranch({ owner: detected.owner, repo: detected.repo })));
  if (!checkout) throw new PullRequestFlowError('forge', 'The remote has no default branch to open the pull request against');
  const base = checkout.branch;
  try {
    const changed = await changedAgainst(checkout, paths, contents);
    if (changed.length === 0) throw new PullRequestFlowError('no-changes', `${paths.join(', ')} ${paths.length === 1 ? 'is' : 'are'} the same on ${base}: nothing to propose`);

    progress('describe', 'Describing the change');
    const fileChanges = changed.map(({ path, before, content }) => ({ path, ...(before ? { before: text(before) } : {}), after: text(content) }));
    const changes = diffManifests(fileChanges);
    // Neither the lint summary nor the cluster section is worth failing the pull request for.
    let findings: ReportedFinding[] = [];
    let lintSummary: string;
    try {
      findings = lintFiles(repository.root, fileChanges);
      lintSummary = formatMarkdown(findings, changed.length);
    } catch (error) {
      lintSummary = `The files could not be linted: ${(error as Error).message}`;
    }
    const clusterLines = options.clusterChanges ? await options.clusterChanges(fileChanges, repository.root).catch(() => undefined) : undefined;
    signal?.throwIfAborted();
    const template = await readTemplate(checkout);
    let plan: PullRequestPlan = {
      repositoryRoot: repository.root,
      remote: { name: remote.name, url: displayUrl(remote.url) },
      forge: detected,
      base,
      baseCommit: checkout.commit,
      files: changed.map((f) => f.path),
      changes,
      branch: options.branch ?? branchNameFor(changes, changed.map((f) => f.path), options.now ?? new Date()),
      title: options.title ?? titleFor(changes, changed.length),
      body: bodyFor({ changes, lint: lintSummary, clusterChanges: clusterLines, template }),
      draft: options.draft ?? false,
      findings,
    };
    if (options.review) {
      const edits = await options.review(plan);
      if (!edits) throw new PullRequestFlowError('cancelled', 'Cancelled before anything was pushed');
      plan = { ...plan, ...edits };
    }
    signal?.throwIfAborted();

    const author = options.author ?? (await configuredAuthor(repository.root)) ?? defaultAuthor();
    const message = `${plan.title}\n\n${describeChanges(changes).map((line) => line.replace(/\*\*/g, '')).join('\n')}\n`;
    let commit = '';
    for (let attempt = 0; ; attempt++) {
      progress('commit', `Committing ${changed.length} ${changed.length === 1 ? 'file' : 'files'} on ${base}`);
      commit = await commitOnBase({ base: checkout, files: changed, message, author, now: options.now });
      // One look at the remote just before the push: the branch must still be free, and the base may have moved
      // since the fetch. The commit then goes on the new head, unless that head changed one of the same files
      // (the user has to look at that first).
      const { heads } = await listRemoteBranches(remoteOptions);
      await refuseTakenBranch(forge, detected, plan, heads);
      if (heads.get(base) === checkout.commit) break;
      const previous = checkout.commit;
      await checkout.refetch(signal);
      const touched = [];
      for (const file of changed) if (!sameBytes(await checkout.read(file.path, previous), await checkout.read(file.path))) touched.push(file.path);
      if (touched.length) {
        throw new PullRequestFlowError('base-moved', `${base} moved while the pull request was prepared and now changes ${touched.join(', ')} too; nothing was pushed. Update your checkout and run again to build on the new head`, { retryable: true });
      }
      if (attempt + 1 >= MAX_BASE_RETRIES) {
        throw new PullRequestFlowError('base-moved', `${base} kept moving while the pull request was prepared; nothing was pushed. Run again`, { retryable: true });
      }
    }

    progress('push', `Pushing ${plan.branch}`);
    const pushed = await pushCommit({ ...remoteOptions, base: checkout, commit, branch: plan.branch });
    if (!pushed.ok) {
      throw new PullRequestFlowError('push-rejected', `The remote refused the push of ${plan.branch}: ${pushed.error}`);
    }

    progress('pull-request', `Opening the pull request on ${forgeNames[detected.kind]}`);
    const request = { owner: detected.owner, repo: detected.repo, title: plan.title, body: plan.body, head: plan.branch, base, draft: plan.draft };
    try {
      const created = await forge.createPullRequest(request);
      return { url: created.url, number: created.number, branch: plan.branch, commit };
    } catch (error) {
      if (error instanceof ForgeError && error.kind === 'conflict') {
        const existing = await forge.findExisting({ owner: detected.owner, repo: detected.repo, head: plan.branch, base }).catch(() => undefined);
        throw new PullRequestFlowError('pull-request-exists', `A pull request from ${plan.branch} is already open${existing ? `: ${existing.url}` : ''}`, { url: existing?.url, branch: plan.branch, cause: error });
      }
      throw withBranch(error, plan.branch);
    }
  } finally {
    await checkout.dispose();
  }
}

function defaultForgeFactory(detected: DetectedForge, token: string): Forge {
  return createForge({ kind: detected.kind, baseUrl: detected.baseUrl, token });
}

function pickRemote(remotes: GitRemote[], wanted: string | undefined): GitRemote {
  if (remotes.length === 0) throw new PullRequestFlowError('no-remote', 'The repository has no remote to push to: add one with `git remote add origin URL`');
  if (wanted) {
    const found = remotes.find((r) => r.name === wanted);
    if (!found) throw new PullRequestFlowError('no-remote', `The repository has no remote ${wanted} (it has ${remotes.map((r) => r.name).join(', ')})`);
    return found;
  }
  return remotes.find((r) => r.name === 'origin') ?? remotes[0];
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function repositoryPath(root: string, file: string): string {
  const absolute = isAbsolute(file) ? file : resolve(root, file);
  const rel = relative(root, absolute);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) throw new PullRequestFlowError('no-changes', `${file} is not inside the repository ${root}`);
  return rel.split(sep).join('/');
}

async function readWorkTreeFile(root: string, path: string): Promise<Uint8Array> {
  try {
    return await readFile(join(root, path));
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') throw new PullRequestFlowError('no-changes', `${path} does not exist in the work tree`);
    throw error;
  }
}

interface ChangedContent {
  path: string;
  content: Uint8Array;
  before?: Uint8Array;
}

async function changedAgainst(checkout: BaseCheckout, paths: string[], contents: Uint8Array[]): Promise<ChangedContent[]> {
  const changed: ChangedContent[] = [];
  for (const [i, path] of paths.entries()) {
    const before = await checkout.read(path);
    if (!sameBytes(before, contents[i])) changed.push({ path, content: contents[i], ...(before ? { before } : {}) });
  }
  return changed;
}

function text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
}

/** The changed files linted as the CLI lints them: the repository's configuration, every changed file indexed first. */
let sharedSchemas: SchemaStore | undefined;

function lintFiles(root: string, files: ManifestFileChange[]): ReportedFinding[] {
  // Compiled schemas are worth keeping between pull requests; what the files contain is not.
  sharedSchemas ??= new SchemaStore();
  const engine = new Engine(sharedSchemas);
  for (const file of files) engine.workspace.indexFile(join(root, file.path), file.after);
  const findings: ReportedFinding[] = [];
  for (const file of files) {
    const absolute = join(root, file.path);
    const found = findRulesConfig(absolute);
    const rules = found?.config ?? EMPTY_CONFIG;
    const result = engine.lint({ text: file.after, source: absolute, filePath: absolute, kubernetesVersion: rules.kubernetesVersion, rules });
    findings.push(...toReported(file.path, file.after, result.findings));
  }
  return findings;
}

async function readTemplate(checkout: BaseCheckout): Promise<string | undefined> {
  for (const path of TEMPLATE_PATHS) {
    const found = await checkout.read(path);
    if (found) return text(found);
  }
  return undefined;
}

async function refuseTakenBranch(forge: Forge, detected: DetectedForge, plan: PullRequestPlan, heads: Map<string, string>): Promise<void> {
  if (!heads.has(plan.branch)) return;
  const existing = await forge.findExisting({ owner: detected.owner, repo: detected.repo, head: plan.branch }).catch(() => undefined);
  if (existing) {
    throw new PullRequestFlowError('pull-request-exists', `Branch ${plan.branch} already has an open pull request: ${existing.url}`, { url: existing.url, suggestedBranch: freeBranchName(plan.branch, heads) });
  }
  const suggestion = freeBranchName(plan.branch, heads);
  throw new PullRequestFlowError('branch-exists', `Branch ${plan.branch} already exists on the remote; use another name, such as ${suggestion}`, { suggestedBranch: suggestion });
}

function freeBranchName(branch: string, heads: Map<string, string>): string {
  for (let n = 2; ; n++) if (!heads.has(`${branch}-${n}`)) return `${branch}-${n}`;
}

function defaultAuthor(): Person {
  return {
    name: process.env.GIT_AUTHOR_NAME || 'GitOps Manifests',
    email: process.env.GIT_AUTHOR_EMAIL || 'gitops-manifests@users.noreply.invalid',
  };
}
