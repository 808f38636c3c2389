// Finds the CustomResourceDefinitions in the workspace folders so custom resources validate in any file.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerContext } from './serverContext';
import { isExcluded } from '../engine/globs';
import { MAX_FILE_BYTES } from '../engine/engine';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.cache', '.terraform', 'vendor', 'dist']);

/** Walks the folders and registers the CRDs of files that are not open; returns the number of YAML files read. */
export async function indexWorkspaceCrds(ctx: ServerContext, folders: string[], onProgress?: (done: number) => void): Promise<number> {
  let count = 0;
  for (const folder of folders) {
    for await (const file of yamlFiles(folder)) {
      if (isExcluded(file, ctx.settings.files.exclude)) continue;
      await indexFile(ctx, file);
      if (++count % 200 === 0) {
        onProgress?.(count);
        // Let requests from the editor through between batches.
        await new Promise((r) => setImmediate(r));
      }
    }
  }
  return count;
}

/** (Re)reads one file's CRDs unless it is open (then its buffer is the truth); true when the CRD set changed. */
export async function indexFile(ctx: ServerContext, file: string): Promise<boolean> {
  const uri = pathToFileURL(file).href;
  if (ctx.documents.get(uri)) return false;
  try {
    const st = await stat(file);
    if (st.size > MAX_FILE_BYTES) return false;
    return ctx.engine.indexFile(uri, await readFile(file, 'utf8'));
  } catch {
    return ctx.engine.forgetSource(uri);
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
