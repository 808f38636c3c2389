// What the kustomizations around a file say of it. Files listed as patches hold partial objects: they must not be
// told they miss required fields, and drift compares them as part of their overlay. Files listed as resources get
// the kustomization's `namespace:` (or, for a base, the one namespace its overlays give it) when they name none.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

// Patches and resources usually sit beside their kustomization or in a folder below it (`patches: [overlays/x.yaml]`).
const LEVELS_UP = 3;
/** Overlays of a base are looked for in at most this many folders (a bound on the walk, not a count of overlays). */
const MAX_SCANNED_FOLDERS = 2000;
const SKIPPED_FOLDERS = new Set(['node_modules', 'vendor', 'dist']);

interface Kustomization {
  path: string;
  namespace?: string;
  /** Absolute paths of the files listed as patches. */
  patches: Set<string>;
  /** Absolute paths of `resources:` (and the older `bases:`): files, or folders holding a kustomization. */
  resources: Set<string>;
}

const kustomizationCache = new Map<string, { mtimeMs: number; kustomization: Kustomization }>();
const folderCache = new Map<string, { mtimeMs: number; folders: string[]; kustomizations: string[] }>();

export function isKustomizePatch(filePath: string): boolean {
  return kustomizationPatchOwner(filePath) !== undefined;
}

/** The kustomization file that lists `filePath` as a patch (beside it or up to three folders above), if any. */
export function kustomizationPatchOwner(filePath: string): string | undefined {
  return nearestListing(resolve(filePath), (k) => k.patches)?.path;
}

/**
 * The namespace a kustomization gives a file it lists in `resources:` (beside it or up to three folders above).
 * When that kustomization sets none, the file is in a base: the namespace of the overlays that list the base's
 * folder, when they agree (several overlays with different namespaces, or one without: undefined, it depends on
 * which is deployed).
 */
export function kustomizationNamespace(filePath: string): string | undefined {
  const owner = nearestListing(resolve(filePath), (k) => k.resources);
  return owner ? namespaceOf(owner, new Set()) : undefined;
}

/** `inside`: the kustomizations on the way here (an overlay listing its own base's user would loop). */
function namespaceOf(k: Kustomization, inside: Set<string>): string | undefined {
  if (k.namespace) return k.namespace;
  const overlays = overlaysOf(dirname(k.path)).filter((o) => !inside.has(o.path) && o.path !== k.path);
  if (overlays.length === 0) return undefined;
  inside.add(k.path);
  // An overlay that sets no namespace deploys the base where its objects say: one more answer, not none.
  const namespaces = new Set(overlays.map((o) => namespaceOf(o, inside) ?? ''));
  inside.delete(k.path);
  return namespaces.size === 1 ? [...namespaces][0] || undefined : undefined;
}

/** The nearest kustomization whose `list` holds `target`, from the target's folder up to three folders above. */
function nearestListing(target: string, list: (k: Kustomization) => Set<string>): Kustomization | undefined {
  let dir = dirname(target);
  for (let level = 0; level <= LEVELS_UP; level++) {
    for (const name of KUSTOMIZATION_FILES) {
      const k = readKustomization(join(dir, name));
      if (k && list(k).has(target)) return k;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/**
 * Kustomizations that list `folder` as a resource. Overlays sit beside their base or below a nearby folder
 * (`base/` and `overlays/prod/`, `apps/base/x/` and `apps/prod/`): the folders below the one three above are
 * searched, without leaving the repository (the folder holding `.git`) or reaching the filesystem's root.
 */
function overlaysOf(folder: string): Kustomization[] {
  let top = folder;
  let levels = 0;
  while (levels < LEVELS_UP && !isRepositoryRoot(top)) {
    const parent = dirname(top);
    if (parent === top || dirname(parent) === parent) break;
    top = parent;
    levels++;
  }
  const found: Kustomization[] = [];
  for (const path of kustomizationsBelow(top, levels + 1, { folders: MAX_SCANNED_FOLDERS })) {
    const k = readKustomization(path);
    if (k && dirname(k.path) !== folder && k.resources.has(folder)) found.push(k);
  }
  return found;
}

/** Kustomization files in `dir` and its folders down to `depth` levels (hidden and dependency folders skipped). */
function kustomizationsBelow(dir: string, depth: number, budget: { folders: number }): string[] {
  if (budget.folders-- <= 0) return [];
  const listing = readFolder(dir);
  if (!listing) return [];
  const out = [...listing.kustomizations];
  if (depth > 0) for (const sub of listing.folders) out.push(...kustomizationsBelow(sub, depth - 1, budget));
  return out;
}

function readFolder(dir: string): { folders: string[]; kustomizations: string[] } | undefined {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(dir).mtimeMs;
  } catch {
    return undefined;
  }
  // A folder's mtime changes when entries are added, removed or renamed: that is all a listing holds.
  const cached = folderCache.get(dir);
  if (cached && cached.mtimeMs === mtimeMs) return cached;
  const folders: string[] = [];
  const kustomizations: string[] = [];
  try {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory() && !e.name.startsWith('.') && !SKIPPED_FOLDERS.has(e.name)) folders.push(join(dir, e.name));
      else if (e.isFile() && KUSTOMIZATION_FILES.includes(e.name)) kustomizations.push(join(dir, e.name));
    }
  } catch {
    return undefined;
  }
  const entry = { mtimeMs, folders, kustomizations };
  folderCache.set(dir, entry);
  return entry;
}

function isRepositoryRoot(dir: string): boolean {
  try {
    statSync(join(dir, '.git'));
    return true;
  } catch {
    return false;
  }
}

/** A kustomization file's namespace, patches and resources, read again only when its mtime changes. */
function readKustomization(kustomizationPath: string): Kustomization | undefined {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(kustomizationPath).mtimeMs;
  } catch {
    return undefined;
  }
  const cached = kustomizationCache.get(kustomizationPath);
  if (cached && cached.mtimeMs === mtimeMs) return cached.kustomization;
  const kustomization: Kustomization = { path: kustomizationPath, patches: new Set(), resources: new Set() };
  try {
    const k = parse(readFileSync(kustomizationPath, 'utf8'), { logLevel: 'error' }) as Record<string, unknown> | null;
    const dir = dirname(kustomizationPath);
    const add = (to: Set<string>, p: unknown) => {
      // Remote resources (`github.com/…?ref=`, `https://…`) are not files here; inline patches are not paths.
      if (typeof p === 'string' && p && !p.includes('\n') && !p.includes('://')) to.add(resolve(dir, p));
    };
    for (const field of ['patchesStrategicMerge', 'patches', 'patchesJson6902']) {
      const list = k?.[field];
      if (!Array.isArray(list)) continue;
      for (const entry of list) add(kustomization.patches, typeof entry === 'string' ? entry : (entry as { path?: unknown } | null)?.path);
    }
    for (const field of ['resources', 'bases']) {
      const list = k?.[field];
      if (Array.isArray(list)) for (const entry of list) add(kustomization.resources, entry);
    }
    if (typeof k?.namespace === 'string' && k.namespace) kustomization.namespace = k.namespace;
  } catch {
    // A broken kustomization is reported when that file itself is linted.
  }
  kustomizationCache.set(kustomizationPath, { mtimeMs, kustomization });
  return kustomization;
}
