// `gitops.files.exclude` globs, matched like VS Code's `files.exclude` (relative globs match at any depth).
import picomatch from 'picomatch';

const matchers = new Map<string, (path: string) => boolean>();

export function isExcluded(path: string, globs: string[]): boolean {
  const normalized = path.replace(/\\/g, '/');
  return globs.some((g) => matcher(g)(normalized));
}

function matcher(glob: string): (path: string) => boolean {
  let m = matchers.get(glob);
  if (!m) {
    m = picomatch(glob.startsWith('/') || glob.startsWith('**/') ? glob : `**/${glob}`, { dot: true });
    matchers.set(glob, m);
  }
  return m;
}
