// The namespace a document's object lives in on the cluster (pitfall 18: a file that omits metadata.namespace).
// Order: the document's metadata.namespace, else the namespace of the kustomization that lists the file, else the
// kubeconfig context's namespace, else `default`. Cluster-scoped kinds have none.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';

export interface NamespaceInputs {
  /** The document's metadata.namespace. */
  declared?: string;
  /** Whether the cluster serves the kind as namespaced (discovery). */
  namespaced: boolean;
  filePath?: string;
  contextNamespace?: string;
  /** The kustomization namespace lookup (default: kustomizationNamespace below). */
  kustomizationNamespace?: (filePath: string) => string | undefined;
}

export function effectiveNamespace(inputs: NamespaceInputs): string | undefined {
  if (!inputs.namespaced) return undefined;
  if (inputs.declared) return inputs.declared;
  const fromKustomization = inputs.filePath ? (inputs.kustomizationNamespace ?? kustomizationNamespace)(inputs.filePath) : undefined;
  return fromKustomization ?? inputs.contextNamespace ?? 'default';
}

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
// A kustomization usually sits beside its resources or a few folders above them.
const LEVELS_UP = 3;

interface KustomizationFacts {
  namespace?: string;
  /** Absolute paths of the files and folders listed in `resources`. */
  resources: string[];
  /** Absolute paths of the files listed as patches. */
  patches: string[];
}

const facts = new Map<string, { mtimeMs: number; facts: KustomizationFacts | undefined }>();

function readKustomization(path: string): KustomizationFacts | undefined {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
  const cached = facts.get(path);
  if (cached?.mtimeMs === mtimeMs) return cached.facts;
  let result: KustomizationFacts | undefined;
  try {
    const k = parse(readFileSync(path, 'utf8')) as Record<string, unknown> | null;
    const dir = dirname(path);
    const paths = (list: unknown) =>
      (Array.isArray(list) ? list : [])
        .map((entry: unknown) => (typeof entry === 'string' ? entry : (entry as { path?: unknown } | null)?.path))
        .filter((p): p is string => typeof p === 'string' && !p.includes('\n') && !p.includes('://'))
        .map((p) => resolve(dir, p));
    result = {
      namespace: typeof k?.namespace === 'string' && k.namespace !== '' ? k.namespace : undefined,
      resources: [...paths(k?.resources), ...paths(k?.bases)],
      patches: [...paths(k?.patches), ...paths(k?.patchesStrategicMerge), ...paths(k?.patchesJson6902)],
    };
  } catch {
    result = undefined;
  }
  facts.set(path, { mtimeMs, facts: result });
  return result;
}

/** The kustomizations at or above the file's folder (nearest first) with the file's relation to each. */
function* kustomizationsOf(filePath: string): Generator<{ dir: string; facts: KustomizationFacts }> {
  let dir = dirname(resolve(filePath));
  for (let level = 0; level <= LEVELS_UP; level++) {
    for (const name of KUSTOMIZATION_FILES) {
      const found = readKustomization(join(dir, name));
      if (found) yield { dir, facts: found };
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
}

const within = (file: string, entry: string) => file === entry || (!relative(entry, file).startsWith('..') && file.startsWith(entry + sep));

/** The `namespace:` of the nearest kustomization whose resources include the file (directly or by folder). */
export function kustomizationNamespace(filePath: string): string | undefined {
  const file = resolve(filePath);
  for (const { facts } of kustomizationsOf(file)) {
    if (facts.resources.some((entry) => within(file, entry))) return facts.namespace;
  }
  return undefined;
}

/** The folder of the kustomization that lists the file as a patch; undefined when it is no patch. */
export function kustomizationPatchOwner(filePath: string): string | undefined {
  const file = resolve(filePath);
  for (const { dir, facts } of kustomizationsOf(file)) {
    if (facts.patches.includes(file)) return dir;
  }
  return undefined;
}
