// Expands a VS Code snippet body to the text a user gets by accepting every default: placeholders
// `${1:foo}` become `foo`, choices `${1|a,b|}` their first option, mirrors `$1`/`${1}` the value of
// the same tab stop, and `$0` and tab stops without a default become empty. Variables (`$TM_FILENAME`,
// `${NAME:default}`) become their default or empty. Reused by every test that needs snippet output.

type SnippetNode =
  | { kind: 'text'; text: string }
  | { kind: 'tabstop'; index: number; children: SnippetNode[]; choice?: string }
  | { kind: 'variable'; children: SnippetNode[] };

/** The text of a snippet body (one string, or VS Code's array of lines) with every default accepted. */
export function expandSnippet(body: string | string[]): string {
  const source = Array.isArray(body) ? body.join('\n') : body;
  const { nodes, end } = parseNodes(source, 0, false);
  if (end !== source.length) throw new Error(`Unbalanced "}" at offset ${end} in snippet`);
  const defaults = new Map<number, SnippetNode[] | string>();
  collectDefaults(nodes, defaults);
  return render(nodes, defaults);
}

function parseNodes(source: string, start: number, insidePlaceholder: boolean): { nodes: SnippetNode[]; end: number } {
  const nodes: SnippetNode[] = [];
  let text = '';
  let i = start;
  const flush = () => {
    if (text) nodes.push({ kind: 'text', text });
    text = '';
  };
  while (i < source.length) {
    const char = source[i];
    if (char === '\\' && i + 1 < source.length && '$}\\'.includes(source[i + 1])) {
      text += source[i + 1];
      i += 2;
    } else if (char === '}' && insidePlaceholder) {
      break;
    } else if (char === '$') {
      const parsed = parseDollar(source, i);
      if (parsed) {
        flush();
        nodes.push(parsed.node);
        i = parsed.end;
      } else {
        text += char;
        i += 1;
      }
    } else {
      text += char;
      i += 1;
    }
  }
  flush();
  return { nodes, end: i };
}

/** Parses the construct starting with `$` at `start`; undefined when it is a literal dollar. */
function parseDollar(source: string, start: number): { node: SnippetNode; end: number } | undefined {
  const rest = source.slice(start);
  const simple = /^\$(?:(\d+)|([A-Za-z_][A-Za-z0-9_]*))/.exec(rest);
  if (simple) {
    const node: SnippetNode = simple[1] !== undefined
      ? { kind: 'tabstop', index: Number(simple[1]), children: [] }
      : { kind: 'variable', children: [] };
    return { node, end: start + simple[0].length };
  }
  const braced = /^\$\{(?:(\d+)|([A-Za-z_][A-Za-z0-9_]*))([:|}])/.exec(rest);
  if (!braced) return undefined;
  let position = start + braced[0].length;
  const index = braced[1] !== undefined ? Number(braced[1]) : undefined;
  const separator = braced[3];
  if (separator === '}') {
    const node: SnippetNode = index !== undefined ? { kind: 'tabstop', index, children: [] } : { kind: 'variable', children: [] };
    return { node, end: position };
  }
  if (separator === '|') {
    const close = source.indexOf('|}', position);
    if (close < 0 || index === undefined) throw new Error(`Unterminated choice at offset ${start} in snippet`);
    const choice = source.slice(position, close).split(/(?<!\\),/)[0].replace(/\\(.)/g, '$1');
    return { node: { kind: 'tabstop', index, children: [], choice }, end: close + 2 };
  }
  const { nodes: children, end } = parseNodes(source, position, true);
  if (source[end] !== '}') throw new Error(`Unterminated placeholder at offset ${start} in snippet`);
  position = end + 1;
  const node: SnippetNode = index !== undefined ? { kind: 'tabstop', index, children } : { kind: 'variable', children };
  return { node, end: position };
}

/** A tab stop's value is the first default given for its index anywhere in the snippet (VS Code's mirrors). */
function collectDefaults(nodes: SnippetNode[], defaults: Map<number, SnippetNode[] | string>): void {
  for (const node of nodes) {
    if (node.kind === 'text') continue;
    if (node.kind === 'tabstop' && !defaults.has(node.index)) {
      if (node.choice !== undefined) defaults.set(node.index, node.choice);
      else if (node.children.length > 0) defaults.set(node.index, node.children);
    }
    collectDefaults(node.children, defaults);
  }
}

function render(nodes: SnippetNode[], defaults: Map<number, SnippetNode[] | string>, visiting = new Set<number>()): string {
  return nodes
    .map((node) => {
      if (node.kind === 'text') return node.text;
      if (node.kind === 'variable') return render(node.children, defaults, visiting);
      if (visiting.has(node.index)) return '';
      const value = defaults.get(node.index);
      if (value === undefined) return '';
      if (typeof value === 'string') return value;
      visiting.add(node.index);
      const text = render(value, defaults, visiting);
      visiting.delete(node.index);
      return text;
    })
    .join('');
}
