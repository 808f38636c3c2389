// The live-vs-predicted diff: names of the read-only virtual documents (`gitops-drift:` scheme) and the unified diff
// text "Copy Diff" puts on the clipboard. Pure, so tested under plain Node.

export const DRIFT_SCHEME = 'gitops-drift';

export type DiffSide = 'live' | 'predicted';

export interface DiffTarget {
  uri: string;
  documentIndex: number;
  side: DiffSide;
}

/** Path of a side's virtual document: ends in `.yaml` so the editor colours it as YAML. */
export function diffPath(kind: string, name: string, side: DiffSide): string {
  const safe = (s: string) => s.replace(/[^\w.-]+/g, '_');
  return `/${safe(kind)}-${safe(name)}.${side}.yaml`;
}

export function diffQuery(target: DiffTarget): string {
  return new URLSearchParams({ uri: target.uri, doc: String(target.documentIndex), side: target.side }).toString();
}

export function parseDiffQuery(query: string): DiffTarget | undefined {
  const params = new URLSearchParams(query);
  const uri = params.get('uri');
  const documentIndex = Number(params.get('doc'));
  const side = params.get('side');
  if (!uri || !Number.isInteger(documentIndex) || documentIndex < 0 || (side !== 'live' && side !== 'predicted')) return undefined;
  return { uri, documentIndex, side };
}

/** A unified diff (`---`/`+++`, `@@` hunks with `context` lines around changes) from `a` to `b`; empty when equal. */
export function unifiedDiff(a: string, b: string, aName: string, bName: string, context = 3): string {
  const x = splitLines(a);
  const y = splitLines(b);
  const ops = lineOps(x, y);
  if (ops.every((op) => op.type === ' ')) return '';
  const out = [`--- ${aName}`, `+++ ${bName}`];
  let i = 0;
  while (i < ops.length) {
    if (ops[i].type === ' ') {
      i++;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines after the last change within reach.
    let start = i;
    while (start > 0 && i - start < context && ops[start - 1].type === ' ') start--;
    let end = i;
    let quiet = 0;
    while (end < ops.length && quiet <= 2 * context) {
      quiet = ops[end].type === ' ' ? quiet + 1 : 0;
      end++;
    }
    end -= Math.max(0, quiet - context);
    const hunk = ops.slice(start, end);
    const aStart = ops[start].aLine;
    const bStart = ops[start].bLine;
    const aCount = hunk.filter((op) => op.type !== '+').length;
    const bCount = hunk.filter((op) => op.type !== '-').length;
    out.push(`@@ -${aCount ? aStart + 1 : aStart},${aCount} +${bCount ? bStart + 1 : bStart},${bCount} @@`);
    for (const op of hunk) out.push(`${op.type}${op.text}`);
    i = end;
  }
  return `${out.join('\n')}\n`;
}

interface LineOp {
  type: ' ' | '-' | '+';
  text: string;
  /** Lines of a and b before this one. */
  aLine: number;
  bLine: number;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Longest common subsequence of lines (manifests are short; quadratic is fine), as keep/remove/add steps. */
function lineOps(x: string[], y: string[]): LineOp[] {
  const n = x.length;
  const m = y.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: LineOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) ops.push({ type: ' ', text: x[i], aLine: i++, bLine: j++ });
    else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push({ type: '-', text: x[i], aLine: i++, bLine: j });
    else ops.push({ type: '+', text: y[j], aLine: i, bLine: j++ });
  }
  return ops;
}
