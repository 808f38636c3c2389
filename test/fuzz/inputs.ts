// What the fuzzers feed the language server and the CLI: a seeded random source (a failure replays from its
// seed), hostile YAML edits and a minimiser that shrinks a failing text while the failure still happens.
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../infra/paths';

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** Manifests of the repository (fixtures, snippets' kinds), and `../shared/corpus` when `wide` and it is there. */
export function loadCorpus(wide = false): string[] {
  const roots = [join(repoRoot, 'test', 'fixtures')];
  const shared = join(repoRoot, '..', 'shared', 'corpus');
  if (wide && existsSync(shared)) roots.push(shared);
  const texts: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name) && st.size < 200_000) texts.push(readFileSync(p, 'utf8'));
    }
  };
  for (const r of roots) walk(r);
  return texts;
}

const TOKENS = [
  ': ', '- ', '-', ':', '"', "'", '[', ']', '{', '}', ',', '#', '&a ', '*a', '&x', '*x', '? ', '|', '>-', '!!str ', '!!binary ',
  '---\n', '...\n', '\n', '\r', '\r\n', '\t', '  ', '\uFEFF', '\uD800', '\uDC00', '\u2028', '%YAML 1.2\n', '<<: *a\n',
  'apiVersion: v1\n', 'kind: Deployment\n', 'kind: List\nitems:\n', 'metadata:\n  name: x\n', 'spec:\n', 'containers:\n',
  'image: nginx\n', 'replicas: "3"\n', '0x1F', '1e400', '-.inf', '~', 'null', 'true', '{{ .Values.x }}', '${VAR}',
  'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n',
];

/** A hostile fragment: tokens YAML treats specially, deep nesting, anchors, line ends, random code units. */
export function fragment(rnd: Random, corpus: string[]): string {
  switch (rnd.int(10)) {
    case 0: {
      const text = rnd.pick(corpus);
      const start = rnd.int(text.length);
      return text.slice(start, start + 1 + rnd.int(400));
    }
    case 1:
      return rnd.pick(['[', '{', '- ']).repeat(1 + rnd.int(rnd.chance(0.2) ? 3000 : 60));
    case 2: {
      const depth = 1 + rnd.int(1200);
      return Array.from({ length: depth }, (_, i) => `${' '.repeat(i % 400)}k${i}:`).join('\n');
    }
    case 3:
      return `a: &r {b: *r}\n${rnd.chance(0.5) ? 'c: &l [*l]\n' : ''}`;
    case 4:
      return Array.from({ length: 1 + rnd.int(12) }, () => String.fromCharCode(rnd.int(0x10000))).join('');
    case 5:
      return Array.from({ length: 1 + rnd.int(8) }, () => String.fromCharCode(rnd.int(128))).join('');
    default:
      return Array.from({ length: 1 + rnd.int(4) }, () => rnd.pick(TOKENS)).join('');
  }
}

/** One random edit of a text (insert, delete, replace, swap line endings, or a whole new document). */
export function mutate(rnd: Random, text: string, corpus: string[]): string {
  const at = rnd.int(text.length + 1);
  switch (rnd.int(12)) {
    case 0:
    case 1:
    case 2:
      return text.slice(0, at) + fragment(rnd, corpus) + text.slice(at);
    case 3:
    case 4:
      return text.slice(0, at) + text.slice(at + 1 + rnd.int(200));
    case 5:
      return text.slice(0, at) + fragment(rnd, corpus) + text.slice(at + rnd.int(50));
    case 6:
      return rnd.chance(0.5) ? text.replace(/\r?\n/g, rnd.pick(['\r', '\r\n', '\n'])) : `\uFEFF${text}`;
    case 7:
      return rnd.pick(corpus);
    case 8:
      return rnd.chance(0.03) ? hugeDocument(rnd, corpus) : `${text}\n---\n${rnd.pick(corpus)}`;
    case 9:
      // Lone surrogates and NULs where a scalar is.
      return text.slice(0, at) + rnd.pick(['\uD83D', '\uDE00', '\u0000', '\uFFFE', '"\\', "'"]) + text.slice(at);
    case 10:
      return '';
    default:
      return text.slice(0, at) + rnd.pick(TOKENS) + text.slice(at);
  }
}

/** Up to 4.5 MB of manifests: around the 4 MB limit, on both sides of it. */
export function hugeDocument(rnd: Random, corpus: string[]): string {
  const target = (3 + rnd.next() * 1.5) * 1024 * 1024;
  const parts: string[] = [];
  let size = 0;
  while (size < target) {
    const t = rnd.pick(corpus);
    parts.push(t);
    size += t.length + 5;
  }
  return parts.join('\n---\n');
}

/**
 * Delta debugging over lines, then characters: the smallest text for which `fails` still answers true, within a
 * number of tries (each may start a process).
 */
export async function minimise(text: string, fails: (candidate: string) => Promise<boolean>, maxTries = 60): Promise<string> {
  let tries = 0;
  const shrink = async (current: string, split: (t: string) => string[], join: string): Promise<string> => {
    let parts = split(current);
    let chunk = Math.max(1, Math.floor(parts.length / 2));
    while (chunk >= 1 && tries < maxTries) {
      let removed = false;
      for (let i = 0; i < parts.length && tries < maxTries; i += chunk) {
        const candidate = [...parts.slice(0, i), ...parts.slice(i + chunk)];
        tries++;
        if (candidate.length < parts.length && (await fails(candidate.join(join)))) {
          parts = candidate;
          removed = true;
          i -= chunk;
        }
      }
      if (!removed) chunk = Math.floor(chunk / 2);
    }
    return parts.join(join);
  };
  const byLines = await shrink(text, (t) => t.split('\n'), '\n');
  return byLines.length <= 2000 ? shrink(byLines, (t) => [...t], '') : byLines;
}

/** A failing input as a report shows it: escaped, and cut in the middle when long. */
export function showInput(text: string, limit = 2000): string {
  const shown = JSON.stringify(text);
  return shown.length <= limit ? shown : `${shown.slice(0, limit / 2)} … (${text.length} characters) … ${shown.slice(-limit / 2)}`;
}
