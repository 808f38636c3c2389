import type { YamlPath } from '../../parse/yamlPath';
import type { Obj, Rule, RuleFinding } from '../types';

/** The catalogue's default set when the config file names none. */
export const DEFAULT_REQUIRED_LABELS = ['app.kubernetes.io/name'];

export const requiredLabels: Rule = {
  meta: {
    id: 'META001',
    name: 'required-labels',
    title: 'Required label or annotation missing',
    rationale:
      'Tools, dashboards and cost reports group objects by the recommended `app.kubernetes.io/*` labels (and by the labels and annotations the team requires, e.g. an owner); objects without them are hard to attribute.',
    fix: 'Add the recommended `app.kubernetes.io/*` labels (and the configured ones).',
    severity: 'info',
    optional: 'An `app.kubernetes.io/instance` label that differs from `metadata.name` (Polaris `metadataAndInstanceMismatched`).',
    kinds: 'all',
    profile: 'baseline',
    equivalents: {
      kubeLinter: ['required-label-owner', 'required-annotation-email'],
      polaris: ['metadataAndInstanceMismatched'],
    },
  },
  check(ctx) {
    // `labels.required` / `annotations.required` in the config file replace the default (an empty list: none).
    const labels = ctx.config.requiredLabels ?? DEFAULT_REQUIRED_LABELS;
    const annotations = ctx.config.requiredAnnotations ?? [];
    const what = `${ctx.kind} \`${ctx.name ?? ''}\``;
    const findings = [
      ...missing(ctx.object.metadata, ['metadata'], 'labels', labels, what),
      ...missing(ctx.object.metadata, ['metadata'], 'annotations', annotations, what),
    ];
    for (const pod of ctx.podTemplates) {
      // A bare Pod is its own template: its metadata was checked above.
      if (pod.metadataPath.length <= 1) continue;
      let template: unknown = ctx.object;
      for (const step of pod.metadataPath) template = (template as Obj | undefined)?.[step];
      findings.push(...missing(template, pod.metadataPath, 'labels', labels, `The pod template of ${what}`));
    }
    const instance = ((ctx.object.metadata as Obj | undefined)?.labels as Obj | undefined)?.['app.kubernetes.io/instance'];
    if (ctx.optional && typeof instance === 'string' && ctx.name !== undefined && instance !== ctx.name) {
      findings.push({ path: ['metadata', 'labels', 'app.kubernetes.io/instance'], message: `Label \`app.kubernetes.io/instance: ${instance}\` differs from the name \`${ctx.name}\`` });
    }
    return findings;
  },
};

function missing(metadata: unknown, metadataPath: YamlPath, field: 'labels' | 'annotations', required: string[], what: string): RuleFinding[] {
  const present = (metadata as Obj | undefined)?.[field];
  const map = typeof present === 'object' && present !== null ? (present as Obj) : {};
  const absent = required.filter((k) => map[k] === undefined || map[k] === null || map[k] === '');
  if (absent.length === 0) return [];
  // Point at `labels:` when it exists, else at `metadata:`, else at what should hold it (e.g. `template:`).
  const path = present !== undefined ? [...metadataPath, field] : metadata !== undefined ? metadataPath : metadataPath.slice(0, -1);
  const noun = field === 'labels' ? 'label' : 'annotation';
  return [{ path, message: `${what} has no ${noun}${absent.length > 1 ? 's' : ''} ${absent.map((k) => `\`${k}\``).join(', ')}` }];
}
