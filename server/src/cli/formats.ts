// The three output formats of `gitops-manifests lint`.
import { allChecks, type CheckInfo } from '../engine/checkCatalog';
import type { ReportedFinding } from './report';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'markdown';

export function formatText(findings: ReportedFinding[]): string {
  return findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.message} [${f.ruleId}]`).join('\n');
}

export function formatJson(findings: ReportedFinding[]): string {
  return JSON.stringify({ findings }, null, 2);
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/**
 * A summary for a pull request comment or description: counts by rule, then every error with its place.
 * `files` is how many files were linted, for the headline.
 */
export function formatMarkdown(findings: ReportedFinding[], files: number): string {
  const inFiles = `${files} ${files === 1 ? 'file' : 'files'}`;
  if (findings.length === 0) return `No findings in ${inFiles}.`;
  const count = (severity: keyof typeof SEVERITY_ORDER) => findings.filter((f) => f.severity === severity).length;
  const totals = (['error', 'warning', 'info'] as const)
    .map((severity) => [count(severity), severity] as const)
    .filter(([n]) => n > 0)
    .map(([n, severity]) => `${n} ${n === 1 ? severity : `${severity}s`}`);
  const byRule = new Map<string, { severity: keyof typeof SEVERITY_ORDER; count: number }>();
  for (const f of findings) {
    const entry = byRule.get(f.ruleId);
    if (!entry) byRule.set(f.ruleId, { severity: f.severity, count: 1 });
    else {
      entry.count++;
      if (SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[entry.severity]) entry.severity = f.severity;
    }
  }
  const titles = new Map(allChecks().map((c) => [c.id, c.title]));
  const rows = [...byRule]
    .sort(([a, x], [b, y]) => SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity] || y.count - x.count || a.localeCompare(b))
    .map(([rule, { severity, count }]) => `| ${rule} | ${severity} | ${count} | ${markdownCell(titles.get(rule) ?? '')} |`);
  const lines = [`${totals.join(', ')} in ${inFiles}.`, '', '| Rule | Severity | Findings | Check |', '| --- | --- | ---: | --- |', ...rows];
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length) {
    lines.push('', '**Errors**', '');
    for (const f of errors) lines.push(`- \`${f.file}:${f.line}:${f.column}\` ${markdownCell(f.message)} (${f.ruleId})`);
  }
  return lines.join('\n');
}

function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
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
