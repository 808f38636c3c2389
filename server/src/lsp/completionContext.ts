// Where the cursor is in YAML terms, read from indentation so that half-typed (invalid) lines still work.
import type { YamlPath } from '../parse/yamlPath';

export type CompletionPlace =
  | { type: 'key'; path: YamlPath; prefix: string; indent: number; replaceStart: number }
  | { type: 'value'; path: YamlPath; key: string; prefix: string; replaceStart: number };

const KEY_LINE = /^(\s*)(- +)?([^\s#:][^:#]*?):\s*(#.*)?$/;

export function completionPlace(text: string, offset: number): CompletionPlace {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);

  const valueMatch = /^(\s*)(- +)?([^\s#:][^:#]*?):\s+(\S*)$/.exec(before) ?? /^(\s*)(- +)?([^\s#:][^:#]*?):()$/.exec(before);
  if (valueMatch) {
    const keyCol = valueMatch[1].length + (valueMatch[2]?.length ?? 0);
    const parent = parentPath(text, lineStart, keyCol, Boolean(valueMatch[2]));
    const prefix = valueMatch[4];
    return { type: 'value', path: [...parent, valueMatch[3]], key: valueMatch[3], prefix, replaceStart: offset - prefix.length };
  }

  const keyMatch = /^(\s*)(- +)?([^\s:#]*)$/.exec(before);
  const indent = keyMatch ? keyMatch[1].length + (keyMatch[2]?.length ?? 0) : before.length;
  const prefix = keyMatch ? keyMatch[3] : '';
  const path = parentPath(text, lineStart, indent, Boolean(keyMatch?.[2]));
  return { type: 'key', path, prefix, indent, replaceStart: offset - prefix.length };
}

/**
 * The keys enclosing a position at column `col` of the line starting at `lineStart`, by walking up to
 * less-indented `key:` lines. Sequence items appear as index 0 (schemas treat every item alike).
 */
function parentPath(text: string, lineStart: number, col: number, startsItem: boolean): YamlPath {
  const path: YamlPath = [];
  let target = col;
  let inItem = startsItem;
  if (startsItem) {
    path.unshift(0);
    target = col - dashWidth(text, lineStart);
  }
  let end = lineStart - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    end = start - 1;
    if (/^\s*(#.*)?$/.test(line)) continue;
    if (/^(---|\.\.\.)/.test(line)) break;
    const indent = line.length - line.trimStart().length;
    const item = /^(\s*)(- +)/.exec(line);
    if (item && !inItem && indent + item[2].length === target) {
      // A sibling key inside the same sequence item: the item's own dash line.
      path.unshift(0);
      target = indent;
      inItem = true;
      continue;
    }
    const key = KEY_LINE.exec(line);
    const keyCol = key ? key[1].length + (key[2]?.length ?? 0) : indent;
    // The owner of a sequence may sit at the same indentation as its dashes (`containers:` / `- name:`).
    if (key && (keyCol < target || (inItem && keyCol <= target && !key[2]))) {
      path.unshift(key[3].trim());
      if (key[2]) {
        path.unshift(0);
        inItem = true;
        target = key[1].length;
      } else {
        inItem = false;
        target = keyCol;
      }
    } else if (indent < target && !item) {
      target = indent;
    }
    if (target === 0 && !inItem) break;
  }
  return path;
}

function dashWidth(text: string, lineStart: number): number {
  const m = /^\s*(- +)/.exec(text.slice(lineStart, text.indexOf('\n', lineStart) >>> 0));
  return m ? m[1].length : 2;
}
