// The YAML document under the cursor and its schema, shared by hover and completion.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintedDocument } from '../engine/engine';
import type { ManifestDocument } from '../parse/manifestDocument';
import type { ResolvedSchema } from '../schema/schemaStore';
import type { ServerContext } from './serverContext';

export function documentAt(ctx: ServerContext, doc: TextDocument, offset: number): LintedDocument | undefined {
  const { documents } = ctx.lint(doc);
  let found: LintedDocument | undefined;
  for (const d of documents) {
    if (d.start <= offset) found = d;
    else break;
  }
  return found;
}

export function resolvedFor(ctx: ServerContext, doc: TextDocument, md: ManifestDocument): ResolvedSchema | undefined {
  if (!md.apiVersion || !md.kind) return undefined;
  const minor = ctx.lint(doc).minor;
  return ctx.engine.store.resolve(minor, md.apiVersion, md.kind, ctx.settings.crds.enable ? ctx.engine.workspace.crds : undefined);
}
