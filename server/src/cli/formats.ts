// The three output formats of `gitops-manifests lint`.
import { allChecks, type CheckInfo } from '../engine/checkCatalog';
import type { ReportedFinding } from './report';

export type OutputFormat = 'text' | 'json' | 'sarif';

export function formatText(findings: ReportedFinding[]): string {
  return findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.message} [${f.ruleId}]`).join('\n');
}

export function formatJson(findings: ReportedFinding[]): string {
  return JSON.stringify({ findings }, null, 2);
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

/** SARIF 2.1.0 as GitHub code scanning accepts it: one run, metadata of every check and rule, file-relative locations. */
export function formatSarif(findings: ReportedFinding[], version: string, checks: CheckInfo[] = allChecks()): string {
  const ruleIndex = new Map(checks.map((c, i) => [c.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'gitops-manifests',
            informationUri: 'https://marketplace.visualstudio.com/items?itemName=gitops-manifests.gitops-manifests',
            semanticVersion: version,
            rules: checks.map((c) => ({
              id: c.id,
              name: c.name,
              shortDescription: { text: c.title },
              fullDescription: { text: c.description },
              helpUri: c.helpUri,
              help: { text: `${c.description} See ${c.helpUri}` },
              defaultConfiguration:
                c.defaultSeverity === 'off' ? { level: 'none', enabled: false } : { level: SARIF_LEVEL[c.defaultSeverity] },
              ...(c.profile ? { properties: { profile: c.profile } } : {}),
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toSarifUri(f.file) },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}

/** Relative paths with forward slashes, percent-encoded, as code scanning matches them to the checkout. */
function toSarifUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

/** `gitops-manifests rules`: id, default severity, profile (rules only), title. */
export function formatChecks(checks: CheckInfo[] = allChecks()): string {
  return checks.map((c) => `${c.id.padEnd(8)} ${c.defaultSeverity.padEnd(8)} ${(c.profile ?? '').padEnd(10)} ${c.title}`).join('\n');
}
