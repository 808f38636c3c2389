// One YAML document parsed with node ranges, plus what the engine needs to know about it.
import { parseDocument, type Document, isMap, isScalar } from 'yaml';
import type { Finding } from '../engine/finding';

export interface ManifestDocument {
  /** The `yaml` document; node ranges are offsets into `text` (chunk-relative). */
  doc: Document.Parsed;
  text: string;
  /** Plain JS value (JSON data model), or undefined when the document could not be converted. */
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

export function parseManifestDocument(text: string): ManifestDocument {
  const doc = parseDocument(text, {
    keepSourceTokens: false,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
  });
  const syntaxFindings: Finding[] = [];
  for (const e of doc.errors) {
    syntaxFindings.push({
      ruleId: 'yaml',
      severity: 'error',
      message: syntaxMessage(e.code, e.message),
      start: e.pos[0],
      end: Math.max(e.pos[1], e.pos[0] + 1),
    });
  }
  for (const w of doc.warnings) {
    syntaxFindings.push({
      ruleId: 'yaml',
      severity: 'warning',
      message: syntaxMessage(w.code, w.message),
      start: w.pos[0],
      end: Math.max(w.pos[1], w.pos[0] + 1),
    });
  }

  let value: unknown;
  if (doc.errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      syntaxFindings.push({
        ruleId: 'yaml',
        severity: 'error',
        message: `Cannot read this document: ${(err as Error).message}`,
        start: 0,
        end: firstLineEnd(text),
      });
    }
  }

  const result: ManifestDocument = { doc, text, value, syntaxFindings };
  if (isMap(doc.contents)) {
    result.apiVersion = scalarString(doc.contents.get('apiVersion', true));
    result.kind = scalarString(doc.contents.get('kind', true));
    const metadata = doc.contents.get('metadata', true);
    if (isMap(metadata)) {
      result.name = scalarString(metadata.get('name', true));
      result.namespace = scalarString(metadata.get('namespace', true));
    }
  }
  return result;
}

function scalarString(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
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
