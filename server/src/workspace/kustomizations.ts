// Files a kustomization lists as patches hold partial objects: they must not be told they miss required fields.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const cache = new Map<string, { mtimeMs: number; patches: Set<string> }>();

// Patches usually sit beside their kustomization or in a folder below it (`patches: [overlays/x.yaml]`).
const LEVELS_UP = 3;

export function isKustomizePatch(filePath: string): boolean {
  const target = resolve(filePath);
  let dir = dirname(target);
  for (let level = 0; level <= LEVELS_UP; level++) {
    for (const name of KUSTOMIZATION_FILES) {
      if (patchesListedIn(join(dir, name))?.has(target)) return true;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return false;
}

function patchesListedIn(kustomizationPath: string): Set<string> | undefined {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(kustomizationPath).mtimeMs;
  } catch {
    return undefined;
  }
  const cached = cache.get(kustomizationPath);
  if (cached && cached.mtimeMs === mtimeMs) return cached.patches;
  const patches = new Set<string>();
  try {
    const k = parse(readFileSync(kustomizationPath, 'utf8')) as Record<string, unknown> | null;
    const dir = dirname(kustomizationPath);
    const add = (p: unknown) => {
      if (typeof p === 'string' && !p.includes('\n')) patches.add(resolve(dir, p));
    };
    for (const field of ['patchesStrategicMerge', 'patches', 'patchesJson6902']) {
      const list = k?.[field];
      if (!Array.isArray(list)) continue;
      for (const entry of list) add(typeof entry === 'string' ? entry : (entry as { path?: unknown } | null)?.path);
    }
  } catch {
    // A broken kustomization is reported when that file itself is linted.
  }
  cache.set(kustomizationPath, { mtimeMs, patches });
  return patches;
}
