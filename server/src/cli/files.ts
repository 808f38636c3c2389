// Which files a `lint PATH...` run reads: YAML files, directories walked, VCS and dependency folders skipped.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.cache', '.terraform', 'vendor']);
const YAML_FILE = /\.ya?ml$/i;

export function collectYamlFiles(paths: string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(p);
      } else if (entry.isFile() && YAML_FILE.test(entry.name)) {
        files.push(p);
      }
    }
  };
  for (const p of paths) {
    const st = statSync(p); // throws ENOENT: reported as a usage error
    if (st.isDirectory()) walk(p);
    else files.push(p);
  }
  return files;
}
