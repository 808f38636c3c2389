// Splits a multi-document YAML stream into per-document chunks without parsing it.
// YAML forbids document markers (`---`, `...`) at column 0 inside content, so a line scan is
// exact; it lets the engine re-parse and re-validate only the documents whose text changed.

export interface DocumentChunk {
  /** Offset of the chunk in the file. */
  start: number;
  /** Chunk text, including its leading `---` line if any. */
  text: string;
}

const MARKER = /^(---|\.\.\.)(?=[ \t\r\n]|$)/gm;

export function splitDocuments(text: string): DocumentChunk[] {
  const chunks: DocumentChunk[] = [];
  let chunkStart = 0;
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
    if (m[1] === '...') {
      // A document end marker closes the current chunk after its line.
      const lineEnd = text.indexOf('\n', m.index);
      const end = lineEnd < 0 ? text.length : lineEnd + 1;
      chunks.push({ start: chunkStart, text: text.slice(chunkStart, end) });
      chunkStart = end;
      MARKER.lastIndex = end;
      continue;
    }
    if (m.index > chunkStart) {
      const before = text.slice(chunkStart, m.index);
      // Comments or directives before the first `---` belong to that document.
      if (chunks.length > 0 || hasContent(before)) {
        chunks.push({ start: chunkStart, text: before });
        chunkStart = m.index;
      }
    }
  }
  if (chunkStart < text.length || chunks.length === 0) {
    chunks.push({ start: chunkStart, text: text.slice(chunkStart) });
  }
  return chunks;
}

/** True when the text holds something other than blank lines, comments and directives. */
function hasContent(text: string): boolean {
  return /^[ \t]*[^#%\s]/m.test(text);
}
