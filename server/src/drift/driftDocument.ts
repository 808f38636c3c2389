// The straight line from a file's text to its drift: each YAML document → is its kind served → effective namespace →
// live object → server-side apply dry run as the live object's applier (none where the apply provably changes
// nothing) → diffObjects (normalise, compare, classify) → a DriftObject whose fields point at the lines of the
// declared keys they belong to.
import { dirname } from 'node:path';
import { isNode } from 'yaml';
import { parseManifestDocument, type ManifestDocument } from '../parse/manifestDocument';
import { splitDocuments } from '../parse/splitDocuments';
import { resolvePath, type YamlPath } from '../parse/yamlPath';
import { ClusterError, type ClusterClient, type ResourceInfo } from './cluster';
import { diffObjects } from './diffObjects';
import { applierOf, LAST_APPLIED, type Applier } from './fieldManagers';
import { kustomizationNamespace as defaultKustomizationNamespace, kustomizationPatchOwner as defaultPatchOwner } from '../workspace/kustomizations';
import { schemaOf } from './listKeys';
import { effectiveNamespace } from './namespace';
import { appliesAsNoOp } from './noOpApply';
import type { DriftField, DriftObject, PathSegment } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The manager a dry run is made as when the live object names no applier (created by `kubectl create`, a UI…). */
export const DEFAULT_FIELD_MANAGER = 'gitops-manifests';

/** Set to `1`, every comparison asks for its dry run (DriftContext.exactDryRun). */
export const EXACT_DRY_RUN_ENV = 'GITOPS_MANIFESTS_DRIFT_EXACT_DRY_RUN';

export interface DriftFileInput {
  /** Path (CLI) or URI (language server) reported in the results. */
  file: string;
  /** The file on disk, for kustomization lookups. */
  filePath?: string;
  text: string;
}

export interface DriftContext {
  client: ClusterClient;
  /** The kubeconfig context's namespace. */
  contextNamespace?: string;
  /** `gitops.drift.fieldManager`: always dry-run as this manager. */
  fieldManager?: string;
  /** The live object (default: a GET); the session answers from its watches. */
  live?: (info: ResourceInfo, namespace: string | undefined, name: string, signal?: AbortSignal) => Promise<Obj | undefined>;
  isHpaTarget?: (kind: string, namespace: string | undefined, name: string) => boolean;
  kustomizationNamespace?: (filePath: string) => string | undefined;
  /** The kustomization file that lists the file as a patch (default: the workspace's lookup). */
  kustomizationPatchOwner?: (filePath: string) => string | undefined;
  /**
   * Compare without dry runs (the prediction from live and managedFields): the session's quick first answer for a
   * newly opened file, which the dry-run answer then replaces.
   */
  skipDryRun?: boolean;
  /**
   * Ask for the dry run even where the apply provably changes nothing (noOpApply.ts), to compare the two; also set by
   * GITOPS_MANIFESTS_DRIFT_EXACT_DRY_RUN=1.
   */
  exactDryRun?: boolean;
  /** Dry-run answers by request, reused while neither the declared object nor the live resourceVersion changed. */
  dryRuns?: Map<string, Obj | ClusterError>;
  signal?: AbortSignal;
}

/** What the session keeps of one compared document beside its result. */
export interface DocumentDetail {
  documentIndex: number;
  /** group/version/kind + namespace + name; the same name in two namespaces is two keys. */
  key: string;
  info?: ResourceInfo;
  namespace?: string;
  name: string;
  kind: string;
  live?: Obj;
  predictedNormalised?: unknown;
  liveNormalised?: unknown;
}

export interface DocumentNote {
  documentIndex: number;
  line: number;
  note: string;
}

export interface FileDrift {
  objects: DriftObject[];
  details: DocumentDetail[];
  /** Documents that are not compared on their own (kustomize patches), with why. */
  notes: DocumentNote[];
}

export function objectKey(apiVersion: string, kind: string, namespace: string | undefined, name: string): string {
  return `${apiVersion}|${kind}|${namespace ?? ''}|${name}`;
}

interface ParsedDocument {
  index: number;
  /** Offset of the chunk in the file. */
  start: number;
  /** 0-based line of the document's first key. */
  line: number;
  /** The parsed chunk; its syntax tree (`manifest.doc`) is built on first use. */
  manifest: ManifestDocument;
  value: Obj;
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** The documents of a file that name an object (apiVersion, kind, metadata.name); the others are skipped. */
export function objectDocuments(text: string): ParsedDocument[] {
  const lineStarts = lineStartsOf(text);
  const out: ParsedDocument[] = [];
  splitDocuments(text).forEach((chunk, index) => {
    // The lint engine's reader: the data without the syntax tree, which only drifted fields' lines need.
    const manifest = parseManifestDocument(chunk.text);
    if (manifest.syntaxFindings.length) return;
    const value = manifest.value;
    if (!isObj(value) || !isObj(value.metadata)) return;
    const { apiVersion, kind } = value;
    const { name, namespace } = value.metadata;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string' || !apiVersion || !kind || !name) return;
    // kustomization.yaml is read by kustomize, never sent to the cluster.
    if (apiVersion.startsWith('kustomize.config.k8s.io/')) return;
    out.push({
      index,
      start: chunk.start,
      line: lineAt(lineStarts, chunk.start + firstContentOffset(chunk.text)),
      manifest,
      value,
      apiVersion,
      kind,
      name,
      namespace: typeof namespace === 'string' && namespace !== '' ? namespace : undefined,
    });
  });
  return out;
}

/** Offset of the first line that is not blank, a comment, a directive or a document marker. */
function firstContentOffset(text: string): number {
  let offset = 0;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed && !trimmed.startsWith('#') && !trimmed.startsWith('%') && !/^(---|\.\.\.)(\s|$)/.test(trimmed)) return offset + line.length - line.trimStart().length;
    offset += line.length + 1;
  }
  return 0;
}

export async function driftFile(input: DriftFileInput, ctx: DriftContext): Promise<FileDrift> {
  const result: FileDrift = { objects: [], details: [], notes: [] };
  const documents = objectDocuments(input.text);
  if (documents.length === 0) return result;
  const patchOwner = input.filePath ? (ctx.kustomizationPatchOwner ?? defaultPatchOwner)(input.filePath) : undefined;
  if (patchOwner !== undefined) {
    const overlay = dirname(patchOwner);
    for (const d of documents) result.notes.push({ documentIndex: d.index, line: d.line, note: `part of overlay ${overlay}: a patch is compared as part of the objects it patches` });
    return result;
  }
  const lineStarts = lineStartsOf(input.text);
  const computed = await Promise.all(documents.map((d) => driftOne(input, d, lineStarts, ctx)));
  for (const { object, detail } of computed) {
    result.objects.push(object);
    result.details.push(detail);
  }
  return result;
}

async function driftOne(input: DriftFileInput, d: ParsedDocument, lineStarts: number[], ctx: DriftContext): Promise<{ object: DriftObject; detail: DocumentDetail }> {
  const base = { file: input.file, line: d.line, documentIndex: d.index, apiVersion: d.apiVersion, kind: d.kind, name: d.name };
  const detail: DocumentDetail = { documentIndex: d.index, key: objectKey(d.apiVersion, d.kind, d.namespace, d.name), name: d.name, kind: d.kind, namespace: d.namespace };
  const done = (object: Omit<DriftObject, keyof typeof base>) => ({ object: { ...base, ...object }, detail });
  let info: ResourceInfo | undefined;
  try {
    info = await ctx.client.resource(d.apiVersion, d.kind);
  } catch (err) {
    return done({ namespace: d.namespace, state: failureState(err), approximate: false, reason: (err as Error).message, fields: [] });
  }
  if (!info) {
    return done({ namespace: d.namespace, state: 'unknown-kind', approximate: false, reason: `The cluster does not serve ${d.kind} in ${d.apiVersion} (is its CRD installed?)`, fields: [] });
  }
  const namespace = effectiveNamespace({
    declared: d.namespace,
    namespaced: info.namespaced,
    filePath: input.filePath,
    contextNamespace: ctx.contextNamespace,
    kustomizationNamespace: ctx.kustomizationNamespace ?? defaultKustomizationNamespace,
  });
  Object.assign(detail, { info, namespace, key: objectKey(d.apiVersion, d.kind, namespace, d.name) });

  let live: Obj | undefined;
  try {
    live = ctx.live ? await ctx.live(info, namespace, d.name, ctx.signal) : await ctx.client.get(info, namespace, d.name, ctx.signal);
  } catch (err) {
    const state = err instanceof ClusterError && err.failure === 'forbidden' ? 'unreadable' : failureState(err);
    return done({ namespace, state, approximate: false, reason: (err as Error).message, fields: [] });
  }
  if (!live) {
    return done({ namespace, state: 'missing', approximate: false, reason: `No ${d.kind} "${d.name}"${namespace ? ` in namespace ${namespace}` : ''} on the cluster: the next sync creates it`, fields: [] });
  }
  // What the session keeps for "Adopt Live Value" never holds Secret values.
  detail.live = d.kind === 'Secret' ? withoutSecretValues(live) : live;

  const declared = structuredClone(d.value);
  if (namespace) (declared.metadata as Obj).namespace = namespace;
  const applier: Applier | undefined = applierOf(live);
  const fieldManager = ctx.fieldManager ?? applier?.manager ?? DEFAULT_FIELD_MANAGER;
  let predicted: Obj | undefined;
  let reason: string | undefined;
  const minor = `1.${await ctx.client.minor().catch(() => 0)}`;
  // Where the apply would change nothing the dry run's answer is the live object: no need to ask for it.
  const noOp =
    !(ctx.exactDryRun ?? process.env[EXACT_DRY_RUN_ENV] === '1') &&
    !(applier?.clientSide && !ctx.fieldManager) &&
    appliesAsNoOp({ declared, live, manager: fieldManager, schema: schemaOf(d.apiVersion, d.kind, minor) }).noOp;
  const answer = noOp ? live : ctx.skipDryRun ? undefined : await dryRun(ctx, info, namespace, d.name, declared, fieldManager, live);
  if (answer === undefined) {
    reason = 'Compared without a server-side dry run yet; the dry run follows';
  } else if (answer instanceof ClusterError) {
    if (answer.failure === 'unreachable') return done({ namespace, state: 'unreachable', approximate: false, reason: answer.message, fields: [] });
    reason =
      answer.failure === 'forbidden'
        ? `No permission for a server-side dry run (${answer.message}); compared the declared fields only`
        : `The server-side dry run failed (${answer.message}); compared the declared fields only`;
  } else {
    predicted = applier?.clientSide && !ctx.fieldManager ? withoutDroppedSinceLastApply(answer, live, declared) : answer;
  }

  const out = diffObjects({
    apiVersion: d.apiVersion,
    kind: d.kind,
    declared,
    predicted,
    live,
    applier: fieldManager,
    minor,
    hpaTargeted: ctx.isHpaTarget?.(d.kind, namespace, d.name) ?? false,
  });
  detail.predictedNormalised = out.predictedNormalised;
  detail.liveNormalised = out.liveNormalised;
  const fields = out.fields.map((f) => ({ ...maskSecretField(d.kind, f), line: fieldLine(d, f.segments, lineStarts) }));
  return done({
    namespace,
    state: fields.length ? 'drifted' : 'in-sync',
    approximate: out.approximate || predicted === undefined,
    reason: reason ?? (out.approximate ? 'Compared the declared fields only' : undefined),
    fields,
    controllerOnly: fields.length ? out.controllerOnly : undefined,
    fieldManager,
  });
}

async function dryRun(ctx: DriftContext, info: ResourceInfo, namespace: string | undefined, name: string, body: Obj, manager: string, live: Obj): Promise<Obj | ClusterError> {
  const rv = String((live.metadata as Obj | undefined)?.resourceVersion ?? '');
  const cacheKey = `${manager}|${rv}|${JSON.stringify(body)}`;
  const cached = ctx.dryRuns?.get(cacheKey);
  if (cached) return cached;
  try {
    const predicted = await ctx.client.applyDryRun(info, namespace, name, body, manager, ctx.signal);
    ctx.dryRuns?.set(cacheKey, predicted);
    return predicted;
  } catch (err) {
    if (!(err instanceof ClusterError)) throw err;
    // A refusal holds until the object or the buffer changes; a failure to connect is asked again.
    if (err.failure !== 'unreachable') ctx.dryRuns?.set(cacheKey, err);
    return err;
  }
}

function failureState(err: unknown): DriftObject['state'] {
  if (err instanceof ClusterError && err.failure === 'forbidden') return 'unreadable';
  return 'unreachable';
}

/**
 * A client-side applied object (`kubectl apply` without --server-side) loses, on its next apply, the fields its
 * last-applied annotation holds and the buffer no longer declares (kubectl's three-way merge). A server-side dry run
 * as another manager keeps them, so they are removed from the prediction here — the way `kubectl diff` shows them.
 * Only mapping keys are followed; lists are the server's to merge.
 */
function withoutDroppedSinceLastApply(predicted: Obj, live: Obj, declared: Obj): Obj {
  const annotation = ((live.metadata as Obj | undefined)?.annotations as Obj | undefined)?.[LAST_APPLIED];
  if (typeof annotation !== 'string') return predicted;
  let last: unknown;
  try {
    last = JSON.parse(annotation);
  } catch {
    return predicted;
  }
  const out = structuredClone(predicted);
  const prune = (lastMap: Obj, declaredMap: Obj, target: Obj) => {
    for (const [key, value] of Object.entries(lastMap)) {
      if (!(key in declaredMap)) {
        delete target[key];
      } else if (isObj(value) && isObj(declaredMap[key]) && isObj(target[key])) {
        prune(value, declaredMap[key] as Obj, target[key] as Obj);
      }
    }
  };
  if (isObj(last)) prune(last, declared, out);
  return out;
}

function withoutSecretValues(secret: Obj): Obj {
  const { data: _data, stringData: _stringData, ...rest } = secret;
  const metadata = isObj(rest.metadata) ? { ...rest.metadata } : undefined;
  if (metadata && isObj(metadata.annotations) && LAST_APPLIED in metadata.annotations) {
    const { [LAST_APPLIED]: _lastApplied, ...annotations } = metadata.annotations;
    metadata.annotations = annotations;
  }
  return metadata ? { ...rest, metadata } : rest;
}

const SECRET_MARKERS = new Set(['(changed)', '(added)', '(removed)']);

/** Secret values never leave the engine: data and stringData (and the last-applied copy of them) become markers. */
function maskSecretField(kind: string, field: DriftField): DriftField {
  if (kind !== 'Secret') return field;
  const [first, second, third] = field.segments;
  const secretValue = first === 'data' || first === 'stringData' || (first === 'metadata' && second === 'annotations' && third === LAST_APPLIED);
  if (!secretValue) return field;
  const mask = (v: unknown, other: unknown) => (v === undefined ? undefined : typeof v === 'string' && SECRET_MARKERS.has(v) ? v : other === undefined ? '(added)' : '(changed)');
  return { ...field, git: mask(field.git, field.live), live: mask(field.live, field.git) };
}

/** The buffer line of the nearest declared key on the field's path (list-map elements found by their keys). */
function fieldLine(d: ParsedDocument, segments: PathSegment[], lineStarts: number[]): number {
  const path: YamlPath = [];
  let value: unknown = d.value;
  for (const segment of segments) {
    if (typeof segment === 'object') {
      if (!Array.isArray(value)) break;
      const index = value.findIndex((item) => isObj(item) && Object.entries(segment.keys).every(([k, v]) => String(item[k]) === String(v)));
      if (index < 0) break;
      path.push(index);
      value = value[index];
    } else if (typeof segment === 'number') {
      if (!Array.isArray(value) || segment >= value.length) break;
      path.push(segment);
      value = value[segment];
    } else {
      if (!isObj(value) || !(segment in value)) break;
      path.push(segment);
      value = value[segment];
    }
  }
  const { target, matched } = resolvePath(d.manifest.doc, path);
  if (matched === 0) return d.line;
  const keyNode = target.pair && isNode(target.pair.key) ? target.pair.key : undefined;
  const offset = keyNode?.range?.[0] ?? target.node?.range?.[0];
  return offset === undefined ? d.line : lineAt(lineStarts, d.start + offset);
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
