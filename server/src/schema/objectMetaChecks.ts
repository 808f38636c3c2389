// Object metadata the API server checks in hand-written validation (not in the OpenAPI data): a missing name
// here (`schema`); name, label and annotation syntax as rules META004 and META002, whose checks live with them.
import { isMap, type Document } from 'yaml';
import type { Finding } from '../engine/finding';
import { keyRange, resolvePath } from '../parse/yamlPath';
import { labelAndAnnotationFindings } from '../rules/metadata/META002-invalid-label-or-annotation';
import { objectNameFindings } from '../rules/metadata/META004-invalid-object-name';

export function objectMetaFindings(doc: Document, kind: string, partial: boolean): Finding[] {
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
