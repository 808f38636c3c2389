// Which files a `lint PATH...` run reads: YAML files, directories walked, VCS and dependency folders skipped.
// Only regular files are read: a FIFO, a device (`/dev/zero`) or a socket would block the run or never end.
import { readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.cache', '.terraform', 'vendor']);
const YAML_FILE = /\.ya?ml$/i;

/** A path the CLI cannot read as asked: reported in one line, exit 2. `code`: the file system's (`ENOENT`…). */
export class InputError extends Error {
  constructor(
    message: string,
    readonly code = 'EINPUT',
  ) {
    super(message);
  }
}

export interface CollectOptions {
  /** A file or folder left out while walking (a symlink loop, a FIFO named `*.yaml`): said, not fatal. */
  onSkip?: (message: string) => void;
  /** A folder that cannot be read: the run goes on, and ends with exit 2. */
  onError?: (message: string) => void;
}

export function collectYamlFiles(paths: string[], opts: CollectOptions = {}): string[] {
  const files: string[] = [];
  const visited = new Set<string>();
  const walk = (dir: string) => {
    // Symlinked folders are followed once: a link back up the tree ends there.
    const real = realpathOrSelf(dir);
    if (visited.has(real)) return;
    visited.add(real);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch (err) {
      opts.onError?.(`${dir}: cannot read this folder (${codeOf(err)})`);
      return;
    }
    for (const entry of entries) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(p);
      } else if (entry.isFile()) {
        if (YAML_FILE.test(entry.name)) files.push(p);
      } else if (entry.isSymbolicLink()) {
        let target: Stats;
        try {
          target = statSync(p);
        } catch (err) {
          if (YAML_FILE.test(entry.name)) opts.onSkip?.(`${p}: skipped, a symlink that leads nowhere (${codeOf(err)})`);
          continue;
        }
        if (target.isDirectory()) {
          if (!SKIP_DIRS.has(entry.name)) walk(p);
        } else if (YAML_FILE.test(entry.name)) {
          if (target.isFile()) files.push(p);
          else opts.onSkip?.(`${p}: skipped, not a regular file`);
        }
      } else if (YAML_FILE.test(entry.name)) {
        opts.onSkip?.(`${p}: skipped, not a regular file`);
      }
    }
  };
  for (const p of paths) {
    const st = statOf(p);
    if (st.isDirectory()) walk(p);
    else if (st.isFile()) files.push(p);
    else throw new InputError(`${p}: not a regular file`);
  }
  return files;
}

/** The text of a file named on the command line (`--config`): a regular file, or an InputError saying why not. */
export function readRegularFile(path: string): string {
  const st = statOf(path);
  if (st.isDirectory()) throw new InputError(`${path}: is a folder, not a file`);
  if (!st.isFile()) throw new InputError(`${path}: not a regular file`);
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`${path}: cannot read it (${codeOf(err)})`);
  }
}

function statOf(path: string): Stats {
  try {
    return statSync(path);
  } catch (err) {
    const code = codeOf(err);
    if (code === 'ENOENT') throw new InputError(`${path}: no such file or folder`, code);
    if (code === 'ELOOP') throw new InputError(`${path}: a symlink loop`, code);
    throw new InputError(`${path}: cannot read it (${code})`, code);
  }
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function codeOf(err: unknown): string {
  return (err as { code?: string }).code ?? (err as Error).message;
}
