// `gitops.files.exclude` globs, matched like VS Code's `files.exclude` (relative globs match at any depth).
import picomatch from 'picomatch';

type Matcher = (path: string) => boolean;

const matchers = new Map<string, Matcher | { error: string }>();

/**
 * True when a glob matches the path. A glob picomatch cannot compile (one longer than 65,536 characters) matches
 * nothing: `onBadGlob` hears of it once per glob, and linting goes on.
 */
export function isExcluded(path: string, globs: string[], onBadGlob?: (message: string) => void): boolean {
  const normalized = path.replace(/\\/g, '/');
  return globs.some((g) => {
    const m = matcher(g);
    if (typeof m === 'function') return m(normalized);
    if (onBadGlob && !warned.has(g)) {
      warned.add(g);
      onBadGlob(m.error);
    }
    return false;
  });
}

const warned = new Set<string>();

function matcher(glob: string): Matcher | { error: string } {
  let m = matchers.get(glob);
  if (!m) {
    try {
      m = picomatch(glob.startsWith('/') || glob.startsWith('**/') ? glob : `**/${glob}`, { dot: true });
    } catch (err) {
      const shown = glob.length > 60 ? `${glob.slice(0, 60)}…` : glob;
      m = { error: `exclude glob \`${shown}\` (${glob.length} characters) skipped: ${(err as Error).message}` };
    }
    if (matchers.size > 1000) matchers.clear();
    matchers.set(glob, m);
  }
  return m;
}
