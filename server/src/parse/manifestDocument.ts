// One YAML document: its data for validation, and (parsed on demand) its syntax tree with node ranges.
// Most documents of a large file never need ranges (they have no findings), and building the `yaml` syntax
// tree is several times slower than reading the data with js-yaml; so the tree is built only when asked for.
import { load as loadYaml, CORE_SCHEMA } from 'js-yaml';
import { isAlias, isMap, isNode, isScalar, parseDocument, visit, type Document, type Node } from 'yaml';
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

/**
 * Deeper than this, a document is not validated: the parsers, the schema validator and the rules all recurse, and
 * the stack would run out (around 900 levels) before they say anything useful. Real manifests stay far below.
 */
export const MAX_NESTING = 200;

export function parseManifestDocument(text: string): ManifestDocument {
  // Only text that could nest this deep pays for the exact check; what overflows the stack anyway is caught too.
  const mayBeDeep = nestingBound(text) > MAX_NESTING;
  let md: ManifestDocument;
  try {
    md = parseChecked(text);
  } catch (err) {
    if (err instanceof RangeError) return notValidated(text, tooDeepFinding(text));
    throw err;
  }
  if (md.value !== null && typeof md.value === 'object' && (mayBeDeep || md.syntaxFindings !== NO_FINDINGS)) {
    const shape = valueShape(md.value);
    if (shape === 'cyclic') return notValidated(text, recursiveAliasFinding(md));
    if (shape > MAX_NESTING) return notValidated(text, tooDeepFinding(text));
  }
  return md;
}

function parseChecked(text: string): ManifestDocument {
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
  // `logLevel: 'error'`: the library's warnings (collection keys stringified…) would reach stderr, which an editor
  // shows as errors in the server's log; what matters is reported as findings.
  return parseDocument(text, { keepSourceTokens: false, prettyErrors: false, uniqueKeys: true, strict: true, logLevel: 'error' });
}

const NO_FINDINGS: Finding[] = [];

function withLazyTree(text: string, value: unknown): ManifestDocument {
  let tree: Document.Parsed | undefined;
  return {
    get doc() {
      tree ??= treeOrEmpty(text);
      return tree;
    },
    text,
    value,
    syntaxFindings: NO_FINDINGS,
    ...identity(value),
  };
}

/** The syntax tree, or an empty one when building it overflows the stack (hover and completion then find nothing). */
function treeOrEmpty(text: string): Document.Parsed {
  try {
    return parseTree(text);
  } catch (err) {
    if (err instanceof RangeError) return parseTree('');
    throw err;
  }
}

/** A document that is not read at all: one finding says why, hover and the outline see an empty tree. */
function notValidated(text: string, finding: Finding): ManifestDocument {
  let tree: Document.Parsed | undefined;
  return {
    get doc() {
      tree ??= parseTree('');
      return tree;
    },
    text,
    value: undefined,
    syntaxFindings: [finding],
    ...identityFromText(text),
  };
}

function tooDeepFinding(text: string): Finding {
  return { ruleId: 'yaml', severity: 'warning', message: `Nesting deeper than ${MAX_NESTING} levels is not validated`, start: 0, end: firstLineEnd(text) };
}

function recursiveAliasFinding(md: ManifestDocument): Finding {
  let at: [number, number] | undefined;
  let name = '';
  try {
    visit(md.doc, {
      Alias(_key, node, path) {
        if (path.some((p) => isNode(p) && (p as Node & { anchor?: string }).anchor === node.source)) {
          at = node.range ? [node.range[0], node.range[1]] : undefined;
          name = node.source;
          return visit.BREAK;
        }
        return undefined;
      },
    });
  } catch {
    // the message below still says what is wrong
  }
  const message = `Recursive alias${name ? ` \`*${name}\`` : ''}: it refers to a node that contains it, so the document has no finite value and is not validated`;
  return { ruleId: 'yaml', severity: 'error', message, start: at?.[0] ?? 0, end: at?.[1] ?? firstLineEnd(md.text) };
}

/**
 * An upper bound of how deep the text nests, in one pass: open flow brackets, and the column where a line's
 * content starts after its indentation and compact `- `, `? ` and `: ` indicators (each block level takes one
 * column at least). Brackets inside strings count too: the bound only decides whether the exact check runs.
 */
export function nestingBound(text: string): number {
  let max = 0;
  let flow = 0;
  let lineStart = true;
  let column = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lineStart = true;
      column = 0;
      continue;
    }
    if (lineStart) {
      if (c === 32 || ((c === 45 || c === 63 || c === 58) && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9))) {
        if (++column > max) max = column;
        continue;
      }
      lineStart = false;
    }
    if (c === 91 || c === 123) {
      if (++flow > max) max = flow;
    } else if ((c === 93 || c === 125) && flow > 0) {
      flow--;
    }
  }
  return max;
}

/** How deep a value nests, or `cyclic` when it contains itself (an alias inside its own anchor); no recursion. */
function valueShape(value: object): number | 'cyclic' {
  const onPath = new Set<object>();
  const stack: { node: object; depth: number; exit?: boolean }[] = [{ node: value, depth: 1 }];
  let max = 0;
  while (stack.length) {
    const top = stack.pop()!;
    if (top.exit) {
      onPath.delete(top.node);
      continue;
    }
    if (onPath.has(top.node)) return 'cyclic';
    if (top.depth > max) max = top.depth;
    if (max > MAX_NESTING) return max;
    onPath.add(top.node);
    stack.push({ node: top.node, depth: top.depth, exit: true });
    for (const child of Object.values(top.node)) {
      if (child !== null && typeof child === 'object') stack.push({ node: child as object, depth: top.depth + 1 });
    }
  }
  return max;
}

function fullyParsed(text: string): ManifestDocument {
  const doc = parseTree(text);
  // The library reports its own stack overflow as an error at the place it gave up: the nesting is the problem.
  if (doc.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION' && /call stack/i.test(e.message))) throw new RangeError('Maximum call stack size exceeded');
  const syntaxFindings: Finding[] = [];
  // A problem at the very end (an unclosed quote) is reported at its last character, not one past the text.
  const at = (pos: [number, number]) => {
    const start = Math.min(pos[0], Math.max(text.length - 1, 0));
    return { start, end: Math.min(Math.max(pos[1], start + 1), text.length) };
  };
  for (const e of doc.errors) {
    syntaxFindings.push({ ruleId: 'yaml', severity: 'error', message: syntaxMessage(e.code, e.message), ...at(e.pos) });
  }
  for (const w of doc.warnings) {
    syntaxFindings.push({ ruleId: 'yaml', severity: 'warning', message: syntaxMessage(w.code, w.message), ...at(w.pos) });
  }
  let value: unknown;
  if (doc.errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      syntaxFindings.push({ ruleId: 'yaml', severity: 'error', message: `Cannot read this document: ${(err as Error).message}`, start: 0, end: firstLineEnd(text) });
    }
  }
  // Identity comes from the tree: a document with errors may still name its kind. Only those four scalars are read:
  // turning a broken tree into data can take time quadratic in its size (collection keys are stringified).
  return { doc, text, value, syntaxFindings, ...(value === undefined ? treeIdentity(doc) : identity(value)) };
}

function treeIdentity(doc: Document.Parsed): Pick<ManifestDocument, 'apiVersion' | 'kind' | 'name' | 'namespace'> {
  if (!isMap(doc.contents)) return {};
  const scalar = (path: string[]) => {
    try {
      const node = doc.getIn(path, true);
      return isScalar(node) && !isAlias(node) ? str(node.value) : undefined;
    } catch {
      return undefined;
    }
  };
  return { apiVersion: scalar(['apiVersion']), kind: scalar(['kind']), name: scalar(['metadata', 'name']), namespace: scalar(['metadata', 'namespace']) };
}

/** For a document that is not parsed: `kind:` and `apiVersion:` lines at the top level, for the outline. */
function identityFromText(text: string): Pick<ManifestDocument, 'apiVersion' | 'kind'> {
  const top = (key: string) => new RegExp(`^${key}:[ \\t]*["']?([\\w./-]+)`, 'm').exec(text)?.[1];
  return { apiVersion: top('apiVersion'), kind: top('kind') };
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
