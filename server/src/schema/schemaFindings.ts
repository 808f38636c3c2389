// Validator errors → findings a person understands, at the exact key or value, one per real problem.
import type { ErrorObject } from 'ajv';
import { isScalar, type Document, type Node, type Scalar } from 'yaml';
import type { Finding, Fix } from '../parse/finding';
import { resolvePath, keyRange, nodeRange, type YamlPath } from '../parse/yamlPath';
import { closestMatch } from './suggest';
import { INT_OR_STRING, QUANTITY, type JsonSchema } from './prepareSchema';

export interface ErrorContext {
  doc: Document;
  /** The document's source text (node ranges are offsets into it). */
  text: string;
  value: unknown;
  kind: string;
  /** Where the validated object sits in the document (`['items', 3]` inside a `kind: List`). */
  basePath?: YamlPath;
  /** Skip `required` errors: the document is a patch (e.g. a Kustomize strategic-merge patch), not a whole object. */
  partial?: boolean;
}

// Flux's post-build substitution (`${CLUSTER_NAME}`) replaces these before anything reaches the cluster.
const SUBSTITUTION = /\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=?+][^}]*)?\}/;
const VALUE_KEYWORDS = new Set(['type', 'enum', 'const', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum',
  'exclusiveMaximum', 'minLength', 'maxLength', INT_OR_STRING, QUANTITY]);

export function schemaFindings(errors: ErrorObject[], ctx: ErrorContext): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const error of collapseAlternatives(errors)) {
    if (ctx.partial && error.keyword === 'required') continue;
    // Strategic-merge-patch directives (`$patch: delete`, `$setElementOrder/…`) belong in patches.
    if (ctx.partial && error.keyword === 'additionalProperties' && String((error.params as { additionalProperty?: string }).additionalProperty).startsWith('$')) continue;
    if (VALUE_KEYWORDS.has(error.keyword) && typeof error.data === 'string' && SUBSTITUTION.test(error.data)) continue;
    const f = toFinding(error, ctx);
    const key = `${f.start}:${f.end}:${f.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      findings.push(f);
    }
  }
  return findings;
}

/**
 * anyOf/oneOf failures report every branch's errors; keep only the branch that got furthest
 * (its type matched), or one message naming the accepted forms.
 */
function collapseAlternatives(errors: ErrorObject[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  for (const error of errors) {
    if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') {
      out.push(error);
      continue;
    }
    if (error.keyword === 'oneOf' && (error.params as { passingSchemas?: unknown }).passingSchemas) {
      out.push(error);
      continue;
    }
    const branchErrors: ErrorObject[] = [];
    while (out.length && isUnder(out[out.length - 1].instancePath, error.instancePath)) {
      branchErrors.unshift(out.pop() as ErrorObject);
    }
    const deep = branchErrors.filter((e) => !(e.instancePath === error.instancePath && e.keyword === 'type'));
    if (deep.length > 0) {
      const branch = branchIndex(deep[0].schemaPath, error.keyword);
      out.push(...deep.filter((e) => branchIndex(e.schemaPath, error.keyword) === branch));
    } else {
      out.push(error);
    }
  }
  return out;
}

function isUnder(path: string, parent: string): boolean {
  return path === parent || path.startsWith(parent + '/');
}

function branchIndex(schemaPath: string, keyword: string): string {
  const matches = [...schemaPath.matchAll(new RegExp(`/${keyword}/(\\d+)`, 'g'))];
  return matches.length ? matches[matches.length - 1][1] : '';
}

function toFinding(error: ErrorObject, ctx: ErrorContext): Finding {
  const local = pointerToPath(error.instancePath, ctx.value);
  const path = [...(ctx.basePath ?? []), ...local];
  const field = fieldLabel(path);
  const where = location(ctx.kind, path);
  const data = error.data;
  const params = error.params as Record<string, unknown>;
  // Secret values are never echoed: not in messages, not in fix titles.
  const secret = isSecretValue(ctx.kind, local);
  const describe = (value: unknown, node?: Node) => (secret ? 'a value (hidden: Secret data)' : describeValue(value, node));

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const { target } = resolvePath(ctx.doc, [...path, key]);
      const range = keyRange(target.pair) ?? fallbackRange(ctx, path);
      const known = Object.keys((error.parentSchema as JsonSchema | undefined)?.properties ?? {});
      const suggestion = closestMatch(key, known);
      const fixes: Fix[] = suggestion
        ? [{ title: `Change to \`${suggestion}\``, edits: [{ start: range[0], end: range[1], newText: suggestion }], isPreferred: true }]
        : [];
      return finding(`Unknown field \`${key}\` in ${where}${suggestion ? ` — did you mean \`${suggestion}\`?` : ''}`, range, fixes);
    }
    case 'required': {
      const missing = String(params.missingProperty);
      const { target, matched } = resolvePath(ctx.doc, [...path, missing]);
      if (matched === path.length + 1 && target.pair) {
        return finding(`\`${missing}\` in ${where} must not be empty`, keyRange(target.pair) ?? fallbackRange(ctx, path));
      }
      return finding(`Missing required field \`${missing}\` in ${where}`, ownerRange(ctx, path));
    }
    case 'type': {
      const expected = String(params.type).split(',').map(typePhrase).join(' or ');
      const { target } = resolvePath(ctx.doc, path);
      const fixes = secret ? [] : quoteFix(target.node, String(params.type));
      return finding(`Expected ${expected} for ${field}, got ${describe(data, target.node)}`, valueRange(ctx, path), fixes);
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const suggestion = typeof data === 'string' ? closestMatch(data, allowed) : undefined;
      const range = valueRange(ctx, path);
      const fixes: Fix[] = suggestion
        ? [{ title: `Change to \`${suggestion}\``, edits: [{ start: range[0], end: range[1], newText: suggestion }], isPreferred: true }]
        : [];
      const hint = suggestion ? ` — did you mean \`${suggestion}\`?` : '';
      return finding(`Invalid value ${describe(data)} for ${field}: expected one of ${allowed.map((a) => `\`${a}\``).join(', ')}${hint}`, range, fixes);
    }
    case INT_OR_STRING:
      return finding(`Expected an integer or a string for ${field}, got ${describe(data)}`, valueRange(ctx, path));
    case QUANTITY:
      return finding(
        `${describe(data)} is not a valid quantity for ${field} (examples: \`500m\`, \`2\`, \`128Mi\`, \`1.5Gi\`)`,
        valueRange(ctx, path),
      );
    case 'format':
      if (params.format === 'byte') return finding(`${capitalize(describe(data))} is not valid base64 for ${field}`, valueRange(ctx, path));
      return finding(`${describe(data)} is not a valid ${params.format} for ${field}`, valueRange(ctx, path));
    case 'pattern':
      return finding(`${describe(data)} does not match the pattern \`${params.pattern}\` required for ${field}`, valueRange(ctx, path));
    case 'anyOf':
    case 'oneOf':
      if ((params as { passingSchemas?: unknown }).passingSchemas) {
        return finding(`${capitalize(field)} matches more than one of its allowed forms`, valueRange(ctx, path));
      }
      return finding(`${capitalize(field)} does not match any of its allowed forms`, valueRange(ctx, path));
    default:
      return finding(`${capitalize(field)} ${error.message ?? 'is invalid'}`, valueRange(ctx, path));
  }
}

/** `data` and `stringData` of a Secret hold credentials. */
function isSecretValue(kind: string, path: YamlPath): boolean {
  return kind === 'Secret' && (path[0] === 'data' || path[0] === 'stringData') && path.length > 1;
}

function finding(message: string, range: [number, number], fixes: Fix[] = []): Finding {
  return { ruleId: 'schema', severity: 'error', message, start: range[0], end: range[1], ...(fixes.length ? { fixes } : {}) };
}

/** JSON pointer → YAML path, with array indexes as numbers. */
export function pointerToPath(pointer: string, value: unknown): YamlPath {
  if (!pointer) return [];
  const path: YamlPath = [];
  let current: unknown = value;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      path.push(Number(seg));
      current = current[Number(seg)];
    } else {
      path.push(seg);
      current = current && typeof current === 'object' ? (current as Record<string, unknown>)[seg] : undefined;
    }
  }
  return path;
}

function valueRange(ctx: ErrorContext, path: YamlPath): [number, number] {
  const { target, matched } = resolvePath(ctx.doc, path);
  if (matched === path.length) {
    const r = nodeRange(target.node);
    if (r && r[1] > r[0]) return r;
    const k = keyRange(target.pair);
    if (k) return k;
  }
  return fallbackRange(ctx, path);
}

/** Where to report something missing from an object: its key in the parent, else the document's `kind`. */
function ownerRange(ctx: ErrorContext, path: YamlPath): [number, number] {
  if (path.length > 0) {
    const { target, matched } = resolvePath(ctx.doc, path);
    if (matched === path.length) {
      const k = keyRange(target.pair);
      if (k) return k;
      const r = nodeRange(target.node);
      if (r) return [r[0], Math.min(r[1], lineEnd(ctx.text, r[0]))];
    }
  }
  return fallbackRange(ctx, [...(ctx.basePath ?? []), 'kind']);
}

function fallbackRange(ctx: ErrorContext, path: YamlPath): [number, number] {
  const { target } = resolvePath(ctx.doc, path.length ? path : ['kind']);
  const r = keyRange(target.pair) ?? nodeRange(target.node) ?? nodeRange(ctx.doc.contents as Node | undefined);
  if (r) return [r[0], Math.min(r[1], lineEnd(ctx.text, r[0]))];
  return [0, 1];
}

function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i;
}

/** `spec.template.spec.containers[0].image` */
export function formatPath(path: YamlPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function fieldLabel(path: YamlPath): string {
  return path.length ? `\`${formatPath(path)}\`` : 'the document';
}

function location(kind: string, path: YamlPath): string {
  return path.length ? `${kind} \`${formatPath(path)}\`` : kind;
}

function typePhrase(t: string): string {
  switch (t) {
    case 'integer': return 'an integer';
    case 'object': return 'a mapping';
    case 'array': return 'a list';
    case 'boolean': return 'a boolean (true or false)';
    case 'null': return 'null';
    default: return `a ${t}`;
  }
}

function describeValue(data: unknown, node?: Node): string {
  if (isScalar(node) && node.source !== undefined && node.source !== '') return `\`${truncate(String(node.source))}\``;
  if (data === null || data === undefined) return 'an empty value';
  if (Array.isArray(data)) return 'a list';
  if (typeof data === 'object') return 'a mapping';
  if (typeof data === 'string') return `\`${truncate(data)}\``;
  return `\`${String(data)}\``;
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `version: 1.10` is a number in YAML; where a string is expected, quoting keeps what the author wrote. */
function quoteFix(node: Node | undefined, expected: string): Fix[] {
  if (expected !== 'string' || !isScalar(node) || !node.range) return [];
  const scalar = node as Scalar;
  if (scalar.type !== 'PLAIN' || typeof scalar.source !== 'string') return [];
  return [{ title: `Quote as a string: "${scalar.source}"`, edits: [{ start: node.range[0], end: node.range[1], newText: JSON.stringify(scalar.source) }], isPreferred: true }];
}

