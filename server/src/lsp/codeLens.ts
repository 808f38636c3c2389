// CodeLens on drifted lines: what the cluster holds there and who changed it ("live: 5 · kubectl-edit 2 h ago"),
// and on a drifted or missing document's first line its state. Each opens the live-vs-predicted diff.
import type { CodeLens } from 'vscode-languageserver/node';
import type { DriftField, DriftObject } from '../drift/types';
import { DRIFT_SHOW_DIFF_COMMAND } from './driftProtocol';
import { changedBy, valueText } from './driftText';

/** More fields than this on one line collapse into "+N more". */
const MAX_LENSES_PER_LINE = 3;

export function driftCodeLenses(uri: string, objects: DriftObject[], opts: { showControllerOwned: boolean; now: number }): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const object of objects) {
    const fields = visibleFields(object, opts.showControllerOwned);
    const command = (title: string) => ({ title, command: DRIFT_SHOW_DIFF_COMMAND, arguments: [{ uri, documentIndex: object.documentIndex }] });
    const headline = documentHeadline(object, fields.length);
    if (headline) lenses.push({ range: lineRange(object.line), command: command(headline) });
    if (object.state !== 'drifted') continue;
    const byLine = new Map<number, DriftField[]>();
    for (const field of fields) {
      const line = field.line ?? object.line;
      byLine.set(line, [...(byLine.get(line) ?? []), field]);
    }
    for (const [line, onLine] of byLine) {
      for (const field of onLine.slice(0, MAX_LENSES_PER_LINE)) lenses.push({ range: lineRange(line), command: command(fieldLensTitle(field, onLine.length > 1, opts.now)) });
      if (onLine.length > MAX_LENSES_PER_LINE) lenses.push({ range: lineRange(line), command: command(`+${onLine.length - MAX_LENSES_PER_LINE} more`) });
    }
  }
  return lenses;
}

/** "live: 5 · kubectl-edit 2 h ago"; with several fields on the line, the field's last path step leads. */
export function fieldLensTitle(field: DriftField, named: boolean, now: number): string {
  const who = changedBy(field.manager, field.time, now);
  const name = named ? `${lastStep(field.path)} ` : '';
  return `${name}live: ${valueText(field.live)}${who ? ` · ${who}` : ''}`;
}

function documentHeadline(object: DriftObject, visible: number): string | undefined {
  switch (object.state) {
    case 'drifted':
      if (visible === 0) return undefined;
      return `⎈ drifted: ${visible} ${visible === 1 ? 'field' : 'fields'}${object.approximate ? ' (approximate)' : ''} · show diff`;
    case 'missing':
      return '⎈ not in the cluster: the next sync creates it';
    default:
      return undefined;
  }
}

export function visibleFields(object: DriftObject, showControllerOwned: boolean): DriftField[] {
  return showControllerOwned ? object.fields : object.fields.filter((f) => f.class !== 'controller');
}

function lastStep(path: string): string {
  const match = /(?:\.|^)([^.[\]]+|\[[^\]]+\]|\["[^"]+"\])$/.exec(path);
  return match ? match[1] : path;
}

const lineRange = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 0 } });
