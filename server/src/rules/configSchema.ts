// The JSON schema of `.gitops-manifests.yaml`: validation with exact ranges (the engine lints that file with
// it instead of Kubernetes schemas) and completion of keys, profiles, rule ids and levels.
// It mirrors parseRulesConfig (config.ts): what the parser rejects is an error (the whole file is then
// ignored), what it silently ignores (unknown keys, unknown rule ids) is a warning.
import { schemaAt } from '../schema/schemaWalker';
import type { ValidateFunction } from 'ajv';
import type { Finding } from '../parse/finding';
import type { ManifestDocument } from '../parse/manifestDocument';
import { keyRange, keysAt, resolvePath, type YamlPath } from '../parse/yamlPath';
import { createAjv } from '../schema/ajvFactory';
import type { JsonSchema } from '../schema/prepareSchema';
import { schemaFindings } from '../schema/schemaFindings';
import { closestMatch } from '../schema/suggest';
import { CONFIG_FILE_NAMES } from './config';
import { ALL_RULES } from './registry';
import type { Rule } from './types';

const LEVELS: [string, string][] = [
  ['off', 'Do not run the rule.'],
  ['info', 'Report as information.'],
  ['warning', 'Report as a warning.'],
  ['error', 'Report as an error (the CLI exits 1).'],
];

/** True for `.gitops-manifests.yaml`/`.yml` given as a path or a URI. */
export function isRulesConfigFile(source: string): boolean {
  const base = source.split(/[\\/]/).pop() ?? '';
  return CONFIG_FILE_NAMES.includes(base);
}

const stringList = (description: string): JsonSchema => ({ type: 'array', items: { type: 'string' }, description });

/** The schema for the rules currently registered (ids as properties of `rules`, with their titles). */
export function rulesConfigSchema(rules: Rule[] = ALL_RULES): JsonSchema {
  const level: JsonSchema = { type: 'string', enum: [...LEVELS.map(([l]) => l), 'hint'] };
  const ruleProperties = Object.fromEntries(
    rules.map((r) => [r.meta.id, { ...level, description: `${r.meta.title} (${r.meta.name}; default ${r.meta.severity}, ${r.meta.profile} profile)` }]),
  );
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      kubernetesVersion: { type: 'string', pattern: '^v?\\d+\\.\\d+(\\.\\d+)?$', description: 'Kubernetes minor to validate against, quoted: "1.35".' },
      profile: {
        type: 'string',
        enum: ['baseline', 'restricted'],
        description: '`baseline`: the E/W rules. `restricted`: also the Pod Security Standards restricted rules.',
      },
      rules: {
        type: 'object',
        description: 'Rule id → level (off, info, warning, error); `allowedRegistries` for IMG004; `optional`: rules whose optional conditions are checked too.',
        properties: {
          allowedRegistries: stringList('Registries images may come from (IMG004), e.g. `registry.example.com/`.'),
          optional: stringList(`Rules whose optional (off-by-default) conditions are checked too: ${rules.filter((r) => r.meta.optional).map((r) => r.meta.id).join(', ')}.`),
          ...ruleProperties,
        },
        additionalProperties: level,
      },
      ingress: {
        type: 'object',
        additionalProperties: false,
        required: ['approvedDomains'],
        properties: { approvedDomains: stringList('Domains Ingress/Gateway hosts must be under (NET006): `example.com` or `*.example.com`.') },
        description: 'Ingress host policy.',
      },
      labels: { type: 'object', additionalProperties: false, required: ['required'], properties: { required: stringList('Label keys every object must carry (META001).') }, description: 'Required labels.' },
      annotations: { type: 'object', additionalProperties: false, required: ['required'], properties: { required: stringList('Annotation keys every object must carry (META001).') }, description: 'Required annotations.' },
      podTemplatePaths: {
        type: 'array',
        description: 'Custom resources that embed a pod template, so workload rules check them.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'path'],
          properties: {
            kind: { type: 'string', description: 'Kind of the custom resource, e.g. `Rollout`.' },
            apiVersion: { type: 'string', description: 'Its apiVersion (any when omitted).' },
            path: { type: 'string', description: 'Dotted path of the pod template, e.g. `spec.template`.' },
          },
        },
      },
      exclude: stringList('Globs of files the rules (and the CLI) skip.'),
      forges: {
        type: 'object',
        description: 'Self-hosted forges for pull requests, by host (`git.example.com` or `git.example.com:3000`), as the `gitops.forges` setting.',
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          required: ['type'],
          properties: {
            type: { type: 'string', enum: ['github', 'gitlab', 'gitea', 'forgejo', 'bitbucket'], description: 'The forge software on that host.' },
            apiUrl: { type: 'string', pattern: '^https?://', description: 'API root (GitHub Enterprise, Bitbucket) or web root (GitLab, Gitea) when it is not derived from the remote.' },
          },
        },
      },
    },
  };
}

let compiled: { validate: ValidateFunction; ids: string[]; names: Map<string, string> } | undefined;
function validator() {
  if (!compiled) {
    compiled = {
      validate: createAjv().compile(rulesConfigSchema()),
      ids: ALL_RULES.map((r) => r.meta.id),
      names: new Map(ALL_RULES.map((r) => [r.meta.name, r.meta.id])),
    };
  }
  return compiled;
}

/** Findings for the config file (document offsets), as the editor and the CLI show them. */
export function validateRulesConfig(md: ManifestDocument, fileName = CONFIG_FILE_NAMES[0]): Finding[] {
  if (md.syntaxFindings.some((f) => f.severity === 'error')) return md.syntaxFindings;
  const findings = [...md.syntaxFindings];
  const value = md.value;
  if (value === null || value === undefined) return findings;
  const { validate, ids, names } = validator();
  const known = new Set(ids);
  const unknownRules = unknownRuleFindings(md, value, known, names);
  if (validate(value) || !validate.errors) return findings.concat(unknownRules);
  for (const f of schemaFindings(validate.errors, { doc: md.doc, text: md.text, value, kind: fileName })) {
    // Unknown keys are ignored by the parser; everything else makes it reject the file.
    findings.push(f.message.startsWith('Unknown field') ? { ...f, severity: 'warning' } : f);
  }
  return findings.concat(unknownRules).sort((a, b) => a.start - b.start);
}

function unknownRuleFindings(md: ManifestDocument, value: unknown, known: Set<string>, names: Map<string, string>): Finding[] {
  const rules = (value as { rules?: unknown }).rules;
  if (!rules || typeof rules !== 'object' || Array.isArray(rules)) return [];
  const out: Finding[] = [];
  for (const key of Object.keys(rules)) {
    if (known.has(key) || key === 'allowedRegistries' || key === 'optional') continue;
    const { target } = resolvePath(md.doc, ['rules', key]);
    const range = keyRange(target.pair);
    if (!range) continue;
    const suggestion = names.get(key) ?? closestMatch(key, known);
    out.push({
      ruleId: 'schema',
      severity: 'warning',
      message: `Unknown rule \`${key}\`: no rule has this id${suggestion ? ` — did you mean \`${suggestion}\`?` : ''}`,
      start: range[0],
      end: range[1],
      ...(suggestion ? { fixes: [{ title: `Change to \`${suggestion}\``, edits: [{ start: range[0], end: range[1], newText: suggestion }], isPreferred: true }] } : {}),
    });
  }
  return out;
}

export interface ConfigCompletion {
  label: string;
  kind: 'key' | 'value';
  detail?: string;
  documentation?: string;
  insertText: string;
  sortText: string;
}

/**
 * Completion in the config file at a place found by lsp/completionContext's completionPlace: keys of the
 * mapping at `path` (minus those present in `doc`), or the allowed values of the key at `path`.
 */
export function rulesConfigCompletions(place: { type: 'key' | 'value'; path: YamlPath; indent?: number }, doc?: ManifestDocument['doc']): ConfigCompletion[] {
  const schema = schemaAt({ root: rulesConfigSchema(), lookup: () => undefined }, place.path);
  if (!schema) return [];
  if (place.type === 'value') {
    const values = Array.isArray(schema.enum) ? (schema.enum as string[]).filter((v) => v !== 'hint') : [];
    const docs = new Map(LEVELS);
    return values.map((v, i) => ({ label: v, kind: 'value', documentation: docs.get(v), insertText: v, sortText: String(i).padStart(3, '0') }));
  }
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!properties) return [];
  const present = keysAt(doc, place.path);
  const pad = ' '.repeat((place.indent ?? 0) + 2);
  return Object.entries(properties)
    .filter(([key]) => !present.has(key))
    .map(([key, child], i) => {
      const isRule = place.path.length === 1 && place.path[0] === 'rules' && key !== 'allowedRegistries' && key !== 'optional';
      const rule = isRule ? ALL_RULES.find((r) => r.meta.id === key) : undefined;
      const insertText = child.type === 'object' ? `${key}:\n${pad}` : child.type === 'array' ? `${key}:\n${pad}- ` : `${key}: `;
      return {
        label: key,
        kind: 'key' as const,
        detail: rule ? `${rule.meta.title} · ${rule.meta.severity}` : String(child.type ?? ''),
        documentation: rule ? `${rule.meta.rationale}\n\nFix: ${rule.meta.fix}` : (child.description as string | undefined),
        insertText,
        sortText: `${isRule ? '1' : '0'}${String(i).padStart(3, '0')}`,
      };
    });
}
