// Object metadata the API server checks in hand-written validation (not in the OpenAPI data): a missing name
// here (`schema`); name, label and annotation syntax as rules META004 and META002, whose checks live with them.
import { isMap, type Document } from 'yaml';
import type { Finding } from '../parse/finding';
import { keyRange, resolvePath } from '../parse/yamlPath';
import { labelAndAnnotationFindings } from '../rules/metadata/META002-invalid-label-or-annotation';
import { ANNOTATIONS_MAX_BYTES, isLabelValue, nameRuleFor, qualifiedNameProblem } from '../rules/metadata/names';
import { objectNameFindings } from '../rules/metadata/META004-invalid-object-name';

export function objectMetaFindings(doc: () => Document, value: unknown, kind: string, partial: boolean): Finding[] {
  // Most objects are fine: say so from their data, without building the syntax tree.
  if (metadataLooksValid(value, kind, partial)) return [];
  return locatedFindings(doc(), kind, partial);
}

function locatedFindings(doc: Document, kind: string, partial: boolean): Finding[] {
  const findings: Finding[] = [];
  const { target } = resolvePath(doc, ['metadata']);
  const metadata = target.node;
  if (!isMap(metadata)) return findings;
  if (metadata.get('name') === undefined && metadata.get('generateName') === undefined && !partial) {
    const r = keyRange(target.pair);
    if (r) findings.push({ ruleId: 'schema', severity: 'error', message: `Missing \`metadata.name\`: every ${kind} needs a name`, start: r[0], end: r[1] });
  }
  return findings.concat(objectNameFindings(doc, kind), labelAndAnnotationFindings(doc, kind));
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * True when nothing the located checks look at can be wrong: the name, every labels/annotations map under a
 * `metadata` key, every `matchLabels`, and a Service's or ReplicationController's selector. Anything doubtful
 * (including placeholders, which the located checks know to skip) goes to the located checks.
 */
function metadataLooksValid(value: unknown, kind: string, partial: boolean): boolean {
  if (!isObj(value)) return true;
  const metadata = value.metadata;
  if (isObj(metadata)) {
    if (metadata.name === undefined && metadata.generateName === undefined && !partial) return false;
    if (metadata.name !== undefined && (typeof metadata.name !== 'string' || !nameRuleFor(kind).test(metadata.name))) return false;
    if (metadata.generateName !== undefined) return false;
  }
  if ((kind === 'Service' || kind === 'ReplicationController') && isObj(value.spec) && value.spec.selector !== undefined) {
    if (!labelMapValid(value.spec.selector, true)) return false;
  }
  return subtreeValid(value, 0);
}

function subtreeValid(node: unknown, depth: number): boolean {
  if (depth > 64) return false;
  if (Array.isArray(node)) return node.every((n) => subtreeValid(n, depth + 1));
  if (!isObj(node)) return true;
  for (const [key, child] of Object.entries(node)) {
    // Schemas inside CRDs describe fields; the located checks skip them too.
    if (key === 'properties' || key === 'openAPIV3Schema') continue;
    if (key === 'metadata' && isObj(child)) {
      if (child.labels !== undefined && !labelMapValid(child.labels, true)) return false;
      if (child.annotations !== undefined && !labelMapValid(child.annotations, false)) return false;
    }
    if (key === 'matchLabels' && !labelMapValid(child, true)) return false;
    if (!subtreeValid(child, depth + 1)) return false;
  }
  return true;
}

function labelMapValid(map: unknown, checkValues: boolean): boolean {
  if (!isObj(map)) return true; // not a map: the schema reports the type
  let bytes = 0;
  for (const [k, v] of Object.entries(map)) {
    if (qualifiedNameProblem(k)) return false;
    if (checkValues && typeof v === 'string' && !isLabelValue(v)) return false;
    if (!checkValues) bytes += k.length + String(v ?? '').length;
  }
  return bytes < ANNOTATIONS_MAX_BYTES / 4; // large ones are measured exactly by the located check
}
