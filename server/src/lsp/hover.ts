// Hover: what a field is (description, type, required, allowed values) and a link to the API reference.
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { pathAtOffset } from '../parse/yamlPath';
import { schemaAt, typeLabel } from '../schema/schemaWalker';
import type { JsonSchema } from '../schema/prepareSchema';
import type { ServerContext } from './serverContext';
import { toRange } from './convert';
import { documentAt, resolvedFor } from './documentAt';

export function hover(ctx: ServerContext, params: HoverParams): Hover | null {
  const doc = ctx.documents.get(params.textDocument.uri);
  if (!doc) return null;
  const offset = doc.offsetAt(params.position);
  const at = documentAt(ctx, doc, offset);
  if (!at) return null;
  const resolved = resolvedFor(ctx, doc, at.document);
  if (!resolved) return null;
  const local = offset - at.start;
  const { path, pair } = pathAtOffset(at.document.doc, local);
  if (path.length === 0 || !pair) return null;

  const parentPath = path.slice(0, -1);
  const field = String(path[path.length - 1]);
  const parent = schemaAt(resolved, parentPath);
  const original = (parent?.properties as Record<string, JsonSchema> | undefined)?.[field];
  const schema = schemaAt(resolved, path);
  if (!schema) return null;

  const lines: string[] = [];
  const required = Array.isArray(parent?.required) && (parent.required as string[]).includes(field);
  lines.push(`**${field}** \`${typeLabel(schema, original)}\`${required ? ' · required' : ''}`);
  const description = (original?.description as string | undefined) ?? (schema.description as string | undefined);
  if (description) lines.push('', description);
  if (Array.isArray(schema.enum)) lines.push('', `Allowed values: ${(schema.enum as unknown[]).map((v) => `\`${String(v)}\``).join(', ')}`);
  if (schema.default !== undefined && typeof schema.default !== 'object') lines.push('', `Default: \`${String(schema.default)}\``);
  const source = resolved.source === 'crd' ? `CustomResourceDefinition ${resolved.kind} (${resolved.apiVersion})` : `${resolved.kind} ${resolved.apiVersion}`;
  lines.push('', resolved.docsUrl ? `[${source} API reference](${resolved.docsUrl})` : source);

  const keyNode = pair.key as { range?: [number, number, number] } | null;
  const range = keyNode?.range ? toRange(doc, at.start + keyNode.range[0], at.start + keyNode.range[1]) : undefined;
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range };
}

