// Indexes the workspace folders: every YAML file's objects (for cross-object rules) and CRDs (so custom
// resources validate in any file). Startup walks everything once; file watcher events re-index one file.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerContext } from './serverContext';
import { isExcluded } from '../engine/globs';
import { MAX_FILE_BYTES } from '../engine/engine';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.cache', '.terraform', 'vendor', 'dist']);
/** Reads in flight at once: file I/O overlaps with parsing, which stays on this thread (the engine's). */
const READ_CONCURRENCY = 16;
const PROGRESS_EVERY = 200;

/**
 * Walks the folders and indexes the files that are not open; returns the number of YAML files read.
 * `onProgress(done, total)` is called every 200 files and once at the end.
 */
export async function indexWorkspaceCrds(
  ctx: ServerContext,
  folders: string[],
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  const files: string[] = [];
  for (const folder of folders) {
    for await (const file of yamlFiles(folder)) {
      if (!isExcluded(file, ctx.settings.files.exclude)) files.push(file);
    }
  }
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      await indexFile(ctx, files[next++]);
      if (++done % PROGRESS_EVERY === 0) {
        onProgress?.(done, files.length);
        // Let requests from the editor through between batches.
        await new Promise((r) => setImmediate(r));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
  if (done % PROGRESS_EVERY !== 0) onProgress?.(done, files.length);
  return done;
}

/** (Re)reads one file unless it is open (then its buffer is the truth); true when the CRD set or the object index changed. */
export async function indexFile(ctx: ServerContext, file: string): Promise<boolean> {
  const uri = pathToFileURL(file).href;
  if (ctx.documents.get(uri)) return false;
  try {
    const st = await stat(file);
    if (st.size > MAX_FILE_BYTES) return ctx.engine.workspace.forgetSource(uri);
    return ctx.engine.workspace.indexFile(uri, await readFile(file, 'utf8'));
  } catch {
    return ctx.engine.workspace.forgetSource(uri);
  }
}

async function* yamlFiles(dir: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) yield* yamlFiles(p);
    } else if (e.isFile() && /\.ya?ml$/i.test(e.name)) {
      yield p;
    }
  }
}
