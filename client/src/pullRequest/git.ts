// Git for the pull-request flow, through isomorphic-git. The user's repository is only ever read, through a file
// system whose writes do nothing: its work tree, index, HEAD and refs stay byte for byte as they were. The commit is
// built in a throwaway bare repository on top of the remote base branch, from blobs and trees written directly, and
// pushed from there to `refs/heads/<branch>` on the remote. The token reaches git only through onAuth.
import * as nodeFs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import git, { type HttpClient, type PromiseFsClient, type TreeEntry } from 'isomorphic-git';
import nodeHttp from 'isomorphic-git/http/node';

export interface GitRemote {
  name: string;
  url: string;
}

export interface RepositoryInfo {
  /** The work tree's top directory (where `.git` is). */
  root: string;
  remotes: GitRemote[];
}

export interface ChangedFile {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  status: 'modified' | 'added';
}

export interface GitAuth {
  username: string;
  token: string;
}

export type GitProgress = (phase: string, loaded: number, total?: number) => void;

const readOnlyFs = readOnlyFileSystem();

/** The repository holding `folder` and its remotes, or undefined outside any repository. */
export async function findRepository(folder: string): Promise<RepositoryInfo | undefined> {
  let root: string;
  try {
    root = await git.findRoot({ fs: readOnlyFs, filepath: folder });
  } catch (error) {
    if ((error as { code?: string }).code === 'NotFoundError') return undefined;
    throw error;
  }
  const remotes = await git.listRemotes({ fs: readOnlyFs, dir: root });
  return { root, remotes: remotes.map(({ remote, url }) => ({ name: remote, url })) };
}

/** YAML files of the work tree whose content differs from HEAD: modified, or new and not ignored. */
export async function changedYamlFiles(root: string): Promise<ChangedFile[]> {
  const rows = await git.statusMatrix({ fs: readOnlyFs, dir: root, filter: (path) => /\.ya?ml$/i.test(path) });
  const changed: ChangedFile[] = [];
  for (const [path, head, workdir] of rows) {
    if (workdir !== 2) continue; // 0: deleted, 1: same as HEAD
    changed.push({ path, status: head === 0 ? 'added' : 'modified' });
  }
  return changed;
}

/** The contents of `path` in the repository's HEAD commit; undefined when HEAD has no such file. */
export async function readAtHead(root: string, path: string): Promise<Uint8Array | undefined> {
  try {
    const oid = await git.resolveRef({ fs: readOnlyFs, dir: root, ref: 'HEAD' });
    return (await git.readBlob({ fs: readOnlyFs, dir: root, oid, filepath: path })).blob;
  } catch (error) {
    if ((error as { code?: string }).code === 'NotFoundError') return undefined;
    throw error;
  }
}

/** `user.name` and `user.email` of the repository's own configuration, when both are set. */
export async function configuredAuthor(root: string): Promise<{ name: string; email: string } | undefined> {
  const name = await git.getConfig({ fs: readOnlyFs, dir: root, path: 'user.name' });
  const email = await git.getConfig({ fs: readOnlyFs, dir: root, path: 'user.email' });
  return typeof name === 'string' && typeof email === 'string' && name && email ? { name, email } : undefined;
}

export interface RemoteBranches {
  /** Branch name → commit id. */
  heads: Map<string, string>;
  /** The branch the remote's HEAD points at, when the server says. */
  defaultBranch?: string;
}

export interface RemoteOptions {
  url: string;
  auth?: GitAuth;
  signal?: AbortSignal;
}

/** The remote's branches and its HEAD (one `ls-remote`). */
export async function listRemoteBranches({ url, auth, signal }: RemoteOptions): Promise<RemoteBranches> {
  const refs = await git.listServerRefs({ http: httpWith(signal), url, symrefs: true, ...authCallbacks(auth) });
  const heads = new Map<string, string>();
  let defaultBranch: string | undefined;
  for (const { ref, oid, target } of refs) {
    if (ref.startsWith('refs/heads/')) heads.set(ref.slice('refs/heads/'.length), oid);
    if (ref === 'HEAD' && target?.startsWith('refs/heads/')) defaultBranch = target.slice('refs/heads/'.length);
  }
  return { heads, defaultBranch };
}

/** A throwaway bare repository holding the remote's base branch; remove it with dispose(). */
export interface BaseCheckout {
  gitdir: string;
  url: string;
  branch: string;
  /** The base branch's head commit as fetched. */
  commit: string;
  /** Fetches the base branch again (after it moved) and returns its new head. */
  refetch(signal?: AbortSignal): Promise<string>;
  /** The file at the base head (or `commit`); undefined when absent. */
  read(path: string, commit?: string): Promise<Uint8Array | undefined>;
  dispose(): Promise<void>;
}

/**
 * Fetches the base branch (depth 1) into a new temporary bare repository. Without `branch`, the remote's HEAD: the
 * checkout then names the branch it points at, or is undefined when the server does not say.
 */
export async function fetchBase(options: RemoteOptions & { branch?: string; onProgress?: GitProgress }): Promise<BaseCheckout | undefined> {
  const { url, auth, onProgress } = options;
  const gitdir = await mkdtemp(join(tmpdir(), 'gitops-pr-'));
  const fetchOnce = async (branch: string | undefined, signal?: AbortSignal) => {
    const fetched = await git.fetch({
      fs: nodeFs,
      http: httpWith(signal),
      gitdir,
      url,
      remote: 'origin',
      ...(branch ? { ref: branch } : {}),
      remoteRef: branch ?? 'HEAD',
      singleBranch: true,
      depth: 1,
      tags: false,
      ...authCallbacks(auth),
      ...(onProgress ? { onProgress: (p: { phase: string; loaded: number; total?: number }) => onProgress(p.phase, p.loaded, p.total) } : {}),
    });
    if (!fetched.fetchHead) throw Object.assign(new Error(`the remote has no branch ${branch ?? 'HEAD'}`), { code: 'NotFoundError' });
    return { commit: fetched.fetchHead, defaultBranch: fetched.defaultBranch?.replace(/^refs\/heads\//, '') };
  };
  try {
    await git.init({ fs: nodeFs, gitdir, bare: true });
    await git.addRemote({ fs: nodeFs, gitdir, remote: 'origin', url });
    const first = await fetchOnce(options.branch, options.signal);
    const branch = options.branch ?? first.defaultBranch;
    if (!branch) {
      await rm(gitdir, { recursive: true, force: true });
      return undefined;
    }
    const remember = async (commit: string) => {
      await git.writeRef({ fs: nodeFs, gitdir, ref: `refs/remotes/origin/${branch}`, value: commit, force: true });
      return commit;
    };
    const checkout: BaseCheckout = {
      gitdir,
      url,
      branch,
      commit: await remember(first.commit),
      async refetch(signal) {
        checkout.commit = await remember((await fetchOnce(branch, signal)).commit);
        return checkout.commit;
      },
      read: (path, commit) => readBlobAt(gitdir, commit ?? checkout.commit, path),
      dispose: () => rm(gitdir, { recursive: true, force: true }),
    };
    // push sends a thin pack: objects reachable from origin/HEAD are known to the server and left out.
    await git.writeRef({ fs: nodeFs, gitdir, ref: 'refs/remotes/origin/HEAD', value: `refs/remotes/origin/${branch}`, symbolic: true, force: true });
    return checkout;
  } catch (error) {
    await rm(gitdir, { recursive: true, force: true });
    throw error;
  }
}

async function readBlobAt(gitdir: string, commit: string, path: string): Promise<Uint8Array | undefined> {
  try {
    return (await git.readBlob({ fs: nodeFs, gitdir, oid: commit, filepath: path })).blob;
  } catch (error) {
    if ((error as { code?: string }).code === 'NotFoundError') return undefined;
    throw error;
  }
}

export interface FileContent {
  path: string;
  content: Uint8Array;
}

export interface Person {
  name: string;
  email: string;
}

export interface CommitOptions {
  base: BaseCheckout;
  /** Defaults to the base head. */
  parent?: string;
  files: FileContent[];
  message: string;
  author: Person;
  now?: Date;
}

/** Writes the files' blobs, the trees above them and a commit whose parent is the base head; returns its id. */
export async function commitOnBase({ base, parent = base.commit, files, message, author, now = new Date() }: CommitOptions): Promise<string> {
  const { gitdir } = base;
  const { tree: baseTree } = (await git.readCommit({ fs: nodeFs, gitdir, oid: parent })).commit;
  const tree = await writeTreeWith(gitdir, baseTree, files.map((f) => ({ segments: f.path.split('/'), content: f.content })));
  const signature = { ...author, timestamp: Math.floor(now.getTime() / 1000), timezoneOffset: now.getTimezoneOffset() };
  return git.writeCommit({ fs: nodeFs, gitdir, commit: { message, tree, parent: [parent], author: signature, committer: signature } });
}

interface PendingFile {
  segments: string[];
  content: Uint8Array;
}

/** The tree `treeOid` (undefined: an empty directory) with the files replaced or added, written bottom-up. */
async function writeTreeWith(gitdir: string, treeOid: string | undefined, files: PendingFile[]): Promise<string> {
  const entries = new Map<string, TreeEntry>();
  if (treeOid) for (const entry of (await git.readTree({ fs: nodeFs, gitdir, oid: treeOid })).tree) entries.set(entry.path, entry);
  const bySubdirectory = new Map<string, PendingFile[]>();
  for (const file of files) {
    const [name, ...rest] = file.segments;
    if (rest.length === 0) {
      const oid = await git.writeBlob({ fs: nodeFs, gitdir, blob: file.content });
      const existing = entries.get(name);
      // An executable file stays executable; anything else becomes a regular file.
      const mode = existing?.type === 'blob' && existing.mode === '100755' ? '100755' : '100644';
      entries.set(name, { mode, path: name, oid, type: 'blob' });
    } else {
      bySubdirectory.set(name, [...(bySubdirectory.get(name) ?? []), { segments: rest, content: file.content }]);
    }
  }
  for (const [name, nested] of bySubdirectory) {
    const existing = entries.get(name);
    const oid = await writeTreeWith(gitdir, existing?.type === 'tree' ? existing.oid : undefined, nested);
    entries.set(name, { mode: '040000', path: name, oid, type: 'tree' });
  }
  return git.writeTree({ fs: nodeFs, gitdir, tree: [...entries.values()] });
}

export interface PushOptions extends RemoteOptions {
  base: BaseCheckout;
  commit: string;
  branch: string;
}

export interface PushOutcome {
  ok: boolean;
  /** What the server said when it declined the ref (e.g. `pre-receive hook declined`). */
  error?: string;
}

/** Pushes `commit` to `refs/heads/<branch>` on the remote; never forces. */
export async function pushCommit({ base, commit, branch, url, auth, signal }: PushOptions): Promise<PushOutcome> {
  const remoteRef = `refs/heads/${branch}`;
  const result = await git.push({
    fs: nodeFs,
    http: httpWith(signal),
    gitdir: base.gitdir,
    url,
    remote: 'origin',
    ref: commit,
    remoteRef,
    signal,
    ...authCallbacks(auth),
  });
  const status = result.refs?.[remoteRef];
  if (result.ok && (!status || status.ok)) return { ok: true };
  return { ok: false, error: status?.error ?? result.error ?? 'the server did not accept the push' };
}

/** Whether two byte arrays hold the same bytes. */
export function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b) return a === b;
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
}

/** A remote URL fit to show: without user name or password. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}

function authCallbacks(auth: GitAuth | undefined) {
  if (!auth) return {};
  return {
    onAuth: () => ({ username: auth.username, password: auth.token }),
    // The same token twice is the same refusal; stop instead of asking again.
    onAuthFailure: () => ({ cancel: true }),
  };
}

function httpWith(signal: AbortSignal | undefined): HttpClient {
  if (!signal) return nodeHttp;
  return {
    request: (request) => {
      signal.throwIfAborted();
      return nodeHttp.request({ ...request, signal });
    },
  };
}

/** node:fs for reading; every write, rename or removal does nothing, so no git operation can change the repository. */
function readOnlyFileSystem(): PromiseFsClient {
  const p = nodeFs.promises;
  const ignore = async () => undefined;
  return {
    promises: {
      readFile: p.readFile,
      stat: p.stat,
      lstat: p.lstat,
      readdir: p.readdir,
      readlink: p.readlink,
      writeFile: ignore,
      mkdir: ignore,
      rmdir: ignore,
      unlink: ignore,
      symlink: ignore,
      chmod: ignore,
    },
  } as unknown as PromiseFsClient;
}
