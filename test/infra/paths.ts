// Where the test infrastructure keeps its builds and caches.
// GITOPS_MANIFESTS_CACHE moves the cache outside the clone (CI keeps it across fresh clones).
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..');
export const cacheDir = resolve(process.env.GITOPS_MANIFESTS_CACHE ?? join(repoRoot, '.cache'));
export const binDir = join(cacheDir, 'bin');
