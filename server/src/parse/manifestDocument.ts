// One YAML document: its data for validation, and (parsed on demand) its syntax tree with node ranges.
// Most documents of a large file never need ranges (they have no findings), and building the `yaml` syntax
// tree is several times slower than reading the data with js-yaml; so the tree is built only when asked for.
import { load as loadYaml, CORE_SCHEMA } from 'js-yaml';
import { parseDocument, type Document } from 'yaml';
import type { Finding } from './finding';

export interface ManifestDocument {
  /** The `yaml` syntax tree; node ranges are offsets into `text` (chunk-relative). Built on first access. */
  readonly doc: Document.Parsed;
  text: string;
  /** Plain JS value (JSON data model), or undefined when the document could not be read. */
  value: unknown;
  /** Syntax problems, chunk-relative. */
  syntaxFindings: Finding[];
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

// Anchors/aliases beyond this count are treated as a resource-exhaustion attempt ("billion laughs").
const MAX_ALIAS_COUNT = 100;
// An alias (`*name`) means shared subtrees: only the `yaml` path bounds their expansion. Aliases need an anchor
// (`&name`): text without one (a cron schedule's `"0 * * * *"` looks like an alias) takes the fast path.
const ALIAS = /(^|[\s[{,:-])\*[^\s,\]}]/m;
const ANCHOR = /(^|[\s[{,:-])&[^\s,\]}]/m;

export function parseManifestDocument(text: string): ManifestDocument {
  if (!ANCHOR.test(text) || !ALIAS.test(text)) {
    let value: unknown;
    try {
      // YAML 1.2 core schema, as the `yaml` package reads it: no timestamps, no merge keys.
      value = loadYaml(text, { schema: CORE_SCHEMA });
    } catch {
      // Not clean YAML: the full parse below says exactly what and where.
      return fullyParsed(text);
    }
    return withLazyTree(text, value === undefined ? null : value);
  }
  return fullyParsed(text);
}

function parseTree(text: string): Document.Parsed {
  return parseDocument(text, { keepSourceTokens: false, prettyErrors: false, uniqueKeys: true, strict: true });
}

function withLazyTree(text: string, value: unknown): ManifestDocument {
  let tree: Document.Parsed | undefined;
  return {
    get doc() {
      tree ??= parseTree(text);
      return tree;
    },
    text,
    value,
    syntaxFindings: [],
    ...identity(value),
  };
}

function fullyParsed(text: string): ManifestDocument {
  const doc = parseTree(text);
  const syntaxFindings: Finding[] = [];
  for (const e of doc.errors) {
    syntaxFindings.push({ ruleId: 'yaml', severity: 'error', message: syntaxMessage(e.code, e.message), start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) });
  }
  for (const w of doc.warnings) {
    syntaxFindings.push({ ruleId: 'yaml', severity: 'warning', message: syntaxMessage(w.code, w.message), start: w.pos[0], end: Math.max(w.pos[1], w.pos[0] + 1) });
  }
  let value: unknown;
  if (doc.errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      syntaxFindings.push({ ruleId: 'yaml', severity: 'error', message: `Cannot read this document: ${(err as Error).message}`, start: 0, end: firstLineEnd(text) });
    }
  }
  // Identity comes from the tree: a document with errors may still name its kind.
  const contents = doc.contents as { toJSON?: () => unknown } | null;
  let partial: unknown = value;
  if (partial === undefined && contents && typeof contents.toJSON === 'function') {
    try {
      partial = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch {
      partial = undefined;
    }
  }
  return { doc, text, value, syntaxFindings, ...identity(partial) };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

function identity(value: unknown): Pick<ManifestDocument, 'apiVersion' | 'kind' | 'name' | 'namespace'> {
  if (!isObj(value)) return {};
  const metadata = isObj(value.metadata) ? value.metadata : {};
  return { apiVersion: str(value.apiVersion), kind: str(value.kind), name: str(metadata.name), namespace: str(metadata.namespace) };
}

function firstLineEnd(text: string): number {
  const i = text.indexOf('\n');
  return i < 0 ? text.length : i;
}

/** The library's messages end with a position and a code excerpt; keep the sentence, which the range already locates. */
function syntaxMessage(code: string, message: string): string {
  const sentence = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'Duplicate key: a mapping may hold each key only once';
    case 'TAB_AS_INDENT':
      return 'Tabs are not allowed as indentation in YAML: use spaces';
    default:
      return sentence;
  }
}
