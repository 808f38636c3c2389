// Which kubeconfig drift connects with, its contexts and their namespaces. Read with `yaml` only, so listing contexts
// never loads the cluster client. Files are merged the way kubectl merges KUBECONFIG: the first file that names a
// cluster, user or context wins, and the first `current-context` set wins. Relative file references are resolved
// against the file that holds them.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface KubeconfigSource {
  /** `gitops.drift.kubeconfig` / `--kubeconfig`: an explicit file. */
  explicitPath?: string;
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Defaults to os.homedir(). */
  home?: string;
}

export interface Kubeconfig {
  /** The files read, in merge order. */
  files: string[];
  contexts: string[];
  current?: string;
  /** The merged kubeconfig (kebab-case, as on disk), file paths made absolute. */
  merged: Obj;
}

export class KubeconfigError extends Error {}

/** The files drift reads: the explicit path, else every entry of KUBECONFIG, else ~/.kube/config. */
export function kubeconfigFiles(source: KubeconfigSource = {}): string[] {
  if (source.explicitPath) return [resolve(source.explicitPath)];
  const env = source.env ?? process.env;
  const list = (env.KUBECONFIG ?? '').split(delimiter).filter((p) => p.trim() !== '');
  if (list.length) return [...new Set(list.map((p) => resolve(p)))];
  return [join(source.home ?? homedir(), '.kube', 'config')];
}

/**
 * Reads and merges the kubeconfig. Missing files of a KUBECONFIG list are skipped (as kubectl does); an explicit
 * path that cannot be read, or nothing readable at all, throws KubeconfigError.
 */
export function loadKubeconfig(source: KubeconfigSource = {}): Kubeconfig {
  const files = kubeconfigFiles(source);
  const merged = { clusters: [] as Obj[], users: [] as Obj[], contexts: [] as Obj[], 'current-context': undefined as string | undefined };
  const read: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if (source.explicitPath) throw new KubeconfigError(`Cannot read the kubeconfig ${file}: ${(err as Error).message}`);
      continue;
    }
    let config: unknown;
    try {
      config = parse(text);
    } catch (err) {
      throw new KubeconfigError(`The kubeconfig ${file} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
    }
    read.push(file);
    if (!isObj(config)) continue;
    const dir = dirname(file);
    mergeNamed(merged.clusters, config.clusters, 'cluster', (c) => absolutise(c, dir, ['certificate-authority']));
    mergeNamed(merged.users, config.users, 'user', (u) => {
      absolutise(u, dir, ['client-certificate', 'client-key', 'tokenFile']);
      // An exec plugin named by a relative path (with a slash) is relative to the kubeconfig, as in kubectl.
      if (isObj(u.exec) && typeof u.exec.command === 'string' && u.exec.command.includes('/') && !isAbsolute(u.exec.command)) {
        u.exec.command = resolve(dir, u.exec.command);
      }
    });
    mergeNamed(merged.contexts, config.contexts, 'context', () => undefined);
    if (merged['current-context'] === undefined && typeof config['current-context'] === 'string' && config['current-context'] !== '') {
      merged['current-context'] = config['current-context'];
    }
  }
  if (read.length === 0) throw new KubeconfigError(`No kubeconfig found (looked at ${files.join(', ')})`);
  const contexts = merged.contexts.map((c) => String(c.name));
  const current = merged['current-context'];
  return { files: read, contexts, current: current && contexts.includes(current) ? current : undefined, merged };
}

function mergeNamed(into: Obj[], list: unknown, field: string, fix: (entry: Obj) => void): void {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    if (!isObj(item) || typeof item.name !== 'string' || into.some((e) => e.name === item.name)) continue;
    const body = isObj(item[field]) ? structuredClone(item[field]) : {};
    fix(body);
    into.push({ name: item.name, [field]: body });
  }
}

function absolutise(entry: Obj, dir: string, keys: string[]): void {
  for (const key of keys) {
    const value = entry[key];
    if (typeof value === 'string' && value !== '' && !isAbsolute(value)) entry[key] = resolve(dir, value);
  }
}

export interface ContextInfo {
  name: string;
  server?: string;
  namespace?: string;
  /** The user runs an exec credential plugin (or an exec auth provider) to get its credentials. */
  usesExec: boolean;
  user?: string;
}

/** The context's cluster, namespace and whether its user needs an exec plugin; throws when it does not exist. */
export function contextInfo(config: Kubeconfig, name: string | undefined): ContextInfo {
  const contextName = name ?? config.current;
  if (!contextName) throw new KubeconfigError(`The kubeconfig (${config.files.join(', ')}) sets no current context; choose one`);
  const entry = (config.merged.contexts as Obj[]).find((c) => c.name === contextName);
  if (!entry) throw new KubeconfigError(`The kubeconfig has no context named "${contextName}"`);
  const context = entry.context as Obj;
  const cluster = (config.merged.clusters as Obj[]).find((c) => c.name === context.cluster)?.cluster as Obj | undefined;
  const user = (config.merged.users as Obj[]).find((u) => u.name === context.user)?.user as Obj | undefined;
  const provider = user && isObj(user['auth-provider']) ? user['auth-provider'] : undefined;
  const usesExec = !!user && (isObj(user.exec) || provider?.name === 'exec' || (isObj(provider?.config) && 'exec' in provider.config));
  return {
    name: contextName,
    server: typeof cluster?.server === 'string' ? cluster.server : undefined,
    namespace: typeof context.namespace === 'string' && context.namespace !== '' ? context.namespace : undefined,
    usesExec,
    user: typeof context.user === 'string' ? context.user : undefined,
  };
}

/** The merged kubeconfig as one YAML text with `current-context` set to `context`, for the cluster client. */
export function kubeconfigText(config: Kubeconfig, context: string): string {
  return stringify({ apiVersion: 'v1', kind: 'Config', ...config.merged, 'current-context': context });
}
