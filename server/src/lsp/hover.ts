// Hover: the rule behind a finding under the cursor (title, why, how to fix, its page), above what the field is
// (description, type, required, allowed values) with a link to the API reference.
import { MarkupKind, type Hover, type HoverParams, type Range } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleDocsUrl } from '../engine/checkCatalog';
import { isRulesConfigFile } from '../rules/configSchema';
import { ruleById } from '../rules/registry';
import { pathAtOffset } from '../parse/yamlPath';
import { schemaAt, typeLabel } from '../schema/schemaWalker';
import type { JsonSchema } from '../schema/prepareSchema';
import { findingsAt } from '../engine/engine';
import { isPosition, requestedDocument, type ServerContext } from './serverContext';
import { toRange } from './convert';
import { documentAt, resolvedFor } from './documentAt';

export function hover(ctx: ServerContext, params: HoverParams): Hover | null {
  const doc = requestedDocument(ctx, params);
  if (!doc || !isPosition(params.position)) return null;
  const offset = doc.offsetAt(params.position);
  const field = isRulesConfigFile(doc.uri) ? configHover(ctx, doc, offset) : fieldHover(ctx, doc, offset);
  const rules = ruleHover(ctx, doc, offset);
  if (!rules && !field) return null;
  const value = [rules?.value, field?.value].filter(Boolean).join('\n\n---\n\n');
  return { contents: { kind: MarkupKind.Markdown, value }, range: field?.range ?? rules?.range };
}

function ruleSection(id: string): string | undefined {
  const meta = ruleById(id)?.meta;
  if (!meta) return undefined;
  return [
    `**${meta.id}** · ${meta.title} \`${meta.name}\``,
    '',
    meta.rationale,
    '',
    `**Fix:** ${meta.fix}`,
    '',
    `[${meta.id} documentation](${ruleDocsUrl(meta.id)})`,
  ].join('\n');
}

/** Title, why it matters, how to fix and the rule's page, for each rule finding under the cursor. */
function ruleHover(ctx: ServerContext, doc: TextDocument, offset: number): { value: string; range: Range } | undefined {
  if (!ctx.isValidated(doc.uri)) return undefined;
  const here = findingsAt(ctx.lint(doc), offset, offset).filter((f) => ruleById(f.ruleId));
  if (!here.length) return undefined;
  const sections = [...new Set(here.map((f) => f.ruleId))].map((id) => ruleSection(id)!);
  return { value: sections.join('\n\n---\n\n'), range: toRange(doc, here[0].start, here[0].end) };
}

/** In `.gitops-manifests.yaml`, a rule id under `rules:` explains its rule. */
function configHover(ctx: ServerContext, doc: TextDocument, offset: number): { value: string; range?: Range } | null {
  const document = ctx.lint(doc).documents[0]?.document;
  if (!document) return null;
  const { path, pair } = pathAtOffset(document.doc, offset);
  const section = path.length === 2 && path[0] === 'rules' ? ruleSection(String(path[1])) : undefined;
  const key = pair?.key as { range?: [number, number, number] } | null | undefined;
  if (!section || !key?.range) return null;
  return { value: section, range: toRange(doc, key.range[0], key.range[1]) };
}

/** What a field is, from the schema of the document's kind. */
function fieldHover(ctx: ServerContext, doc: TextDocument, offset: number): { value: string; range?: Range } | null {
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
  return { value: lines.join('\n'), range };
}

