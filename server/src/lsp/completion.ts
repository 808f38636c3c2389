// Completion: keys from the schema (required first), enum values, booleans, and apiVersion/kind pairs.
import { splitKindKey } from '../schema/apiGroups';
import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type CompletionList,
  type CompletionParams,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { keysAt } from '../parse/yamlPath';
import type { JsonSchema } from '../schema/prepareSchema';
import { deref, schemaAt, typeLabel } from '../schema/schemaWalker';
import type { ResolvedSchema } from '../schema/schemaStore';
import { completionPlace } from './completionContext';
import { isRulesConfigFile, rulesConfigCompletions } from '../rules/configSchema';
import { documentAt, resolvedFor } from './documentAt';
import { isPosition, requestedDocument, type ServerContext } from './serverContext';

export const COMPLETION_TRIGGERS = [':', ' '];

export function completion(ctx: ServerContext, params: CompletionParams): CompletionList | null {
  const doc = requestedDocument(ctx, params);
  if (!doc || !isPosition(params.position)) return null;
  const offset = doc.offsetAt(params.position);
  const text = doc.getText();
  const place = completionPlace(text, offset);
  const at = documentAt(ctx, doc, offset);
  const minor = ctx.lint(doc).minor;
  const resolved = at ? resolvedFor(ctx, doc, at.document) : undefined;
  const range = { start: doc.positionAt(place.replaceStart), end: params.position };

  if (isRulesConfigFile(doc.uri)) {
    return list(
      rulesConfigCompletions(place, at?.document.doc).map((c) => ({
        label: c.label,
        kind: c.kind === 'key' ? CompletionItemKind.Property : CompletionItemKind.EnumMember,
        detail: c.detail,
        documentation: c.documentation,
        sortText: c.sortText,
        textEdit: { range, newText: c.insertText },
      })),
    );
  }

  if (place.type === 'value') {
    if (place.path.length === 1 && place.key === 'kind') return list(kindItems(ctx, minor, at?.document.apiVersion, range));
    if (place.path.length === 1 && place.key === 'apiVersion') return list(apiVersionItems(ctx, minor, at?.document.kind, range));
    if (!resolved) return null;
    return list(valueItems(schemaAt(resolved, place.path), range));
  }

  if (place.path.length === 0 && !resolved) {
    if (place.indent !== 0) return null;
    return list(resourceTemplateItems(ctx, minor, range));
  }
  if (!resolved) return null;
  const schema = schemaAt(resolved, place.path);
  if (!schema?.properties) return null;
  const present = keysAt(at?.document.doc, place.path);
  return list(keyItems(schema, resolved, present, place.indent, range));
}

function list(items: CompletionItem[]): CompletionList {
  return { isIncomplete: false, items };
}

type Range = { start: ReturnType<TextDocument['positionAt']>; end: ReturnType<TextDocument['positionAt']> };

function keyItems(schema: JsonSchema, resolved: ResolvedSchema, present: Set<string>, indent: number, range: Range): CompletionItem[] {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const pad = ' '.repeat(indent + 2);
  return Object.entries(schema.properties as Record<string, JsonSchema>)
    .filter(([name]) => !present.has(name) && name !== 'status')
    .map(([name, original]) => {
      const child = deref(original, resolved.lookup) ?? original;
      const type = typeLabel(child, original);
      const nested = child.type === 'object' && (child.properties || child.additionalProperties);
      const isList = child.type === 'array';
      const insert = nested ? `${name}:\n${pad}` : isList ? `${name}:\n${pad}- ` : `${name}: `;
      return {
        label: name,
        kind: CompletionItemKind.Property,
        detail: `${type}${required.has(name) ? ' · required' : ''}`,
        documentation: (original.description as string | undefined) ?? (child.description as string | undefined),
        sortText: `${required.has(name) ? '0' : '1'}${name}`,
        textEdit: { range, newText: insert },
        insertTextFormat: InsertTextFormat.PlainText,
        ...(nested || isList ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
      };
    });
}

function valueItems(schema: JsonSchema | undefined, range: Range): CompletionItem[] {
  if (!schema) return [];
  const values: string[] = Array.isArray(schema.enum)
    ? (schema.enum as unknown[]).map(String)
    : schema.type === 'boolean'
      ? ['true', 'false']
      : [];
  return values.map((v, i) => ({
    label: v,
    kind: CompletionItemKind.EnumMember,
    sortText: String(i).padStart(3, '0'),
    textEdit: { range, newText: v },
  }));
}

function kindItems(ctx: ServerContext, minor: string, apiVersion: string | undefined, range: Range): CompletionItem[] {
  const pairs = servedPairs(ctx, minor).filter((p) => !apiVersion || p.apiVersion === apiVersion);
  const seen = new Set<string>();
  return pairs
    .filter((p) => !seen.has(p.kind) && seen.add(p.kind))
    .map((p) => ({ label: p.kind, kind: CompletionItemKind.Class, detail: p.apiVersion, textEdit: { range, newText: p.kind } }));
}

function apiVersionItems(ctx: ServerContext, minor: string, kind: string | undefined, range: Range): CompletionItem[] {
  const versions = new Set(servedPairs(ctx, minor).filter((p) => !kind || p.kind === kind).map((p) => p.apiVersion));
  return [...versions].sort().map((v) => ({ label: v, kind: CompletionItemKind.Module, textEdit: { range, newText: v } }));
}

/** In an empty document: `Deployment (apps/v1)` inserts both lines. */
function resourceTemplateItems(ctx: ServerContext, minor: string, range: Range): CompletionItem[] {
  return servedPairs(ctx, minor).map((p) => ({
    label: `${p.kind} (${p.apiVersion})`,
    filterText: p.kind,
    kind: CompletionItemKind.Class,
    detail: `apiVersion: ${p.apiVersion}, kind: ${p.kind}`,
    textEdit: { range, newText: `apiVersion: ${p.apiVersion}\nkind: ${p.kind}\nmetadata:\n  name: ` },
  }));
}

function servedPairs(ctx: ServerContext, minor: string): { apiVersion: string; kind: string }[] {
  const builtin = ctx.engine.store.bundled.kindKeys(minor).map(splitKindKey);
  const crds = ctx.engine.workspace.crds.all().map((v) => ({ apiVersion: `${v.group}/${v.version}`, kind: v.kind }));
  return [...builtin, ...crds];
}
