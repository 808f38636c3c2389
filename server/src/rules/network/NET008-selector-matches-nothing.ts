import type { YamlPath } from '../../parse/yamlPath';
import type { Rule, RuleContext, RuleFinding } from '../types';
import { describeSelector, isEmptyLabelSelector, matchesLabelSelector } from '../selectors';
import { get } from '../workloads';
import type { IndexedObject } from '../../workspace/objects';
import { isObj, podsInNamespace, sameNamespace, workspacePods } from './workspaceObjects';
import { podSelectionView } from '../readViews';

export const selectorMatchesNothing: Rule = {
  meta: {
    id: 'NET008',
    name: 'selector-matches-nothing',
    title: 'Selector matches nothing',
    rationale: 'A NetworkPolicy, ServiceMonitor or PodMonitor whose selector matches nothing has no effect: isolation or scraping silently does not happen.',
    fix: 'Fix the selector to the labels of the pods (or Services) it is meant for.',
    severity: 'info',
    kinds: ['NetworkPolicy', 'ServiceMonitor', 'PodMonitor'],
    profile: 'baseline',
    equivalents: {
      kubeLinter: ['dangling-networkpolicy', 'dangling-networkpolicypeer-podselector', 'dangling-servicemonitor'],
      kubeScore: ['networkpolicy-targets-pod'],
    },
    workspace: true,
    reads: ['workloads', 'Service'],
    readsView: podSelectionView,
  },
  check(ctx) {
    if (!ctx.index) return [];
    if (ctx.kind === 'NetworkPolicy') return networkPolicy(ctx);
    if (ctx.apiVersion.startsWith('monitoring.coreos.com/')) return monitor(ctx);
    return [];
  },
};

function networkPolicy(ctx: RuleContext): RuleFinding[] {
  const pods = podsInNamespace(ctx.index!, ctx.config, ctx.namespace);
  const findings: RuleFinding[] = [];
  const check = (path: YamlPath, what: string) => {
    const selector = get(ctx.object, path);
    // `{}` selects every pod on purpose (default deny); an absent selector is a schema matter.
    if (!isObj(selector) || isEmptyLabelSelector(selector)) return;
    if (pods.some((p) => matchesLabelSelector(selector, p.template.labels))) return;
    findings.push({ path, message: `${what} ${describeSelector(selector)} matches no pod template${ctx.namespace ? ` in namespace \`${ctx.namespace}\`` : ''}` });
  };
  check(['spec', 'podSelector'], 'podSelector');
  for (const [dir, peers] of [['ingress', 'from'], ['egress', 'to']] as const) {
    const rules = get(ctx.object, ['spec', dir]);
    if (!Array.isArray(rules)) continue;
    rules.forEach((r, ri) => {
      const list = get(r, [peers]);
      if (!Array.isArray(list)) return;
      list.forEach((peer, pi) => {
        // With a namespaceSelector the peer's pods live in other namespaces: not checked.
        if (isObj(peer) && peer.namespaceSelector === undefined) check(['spec', dir, ri, peers, pi, 'podSelector'], `${dir} peer podSelector`);
      });
    });
  }
  return findings;
}

/** The namespaces a ServiceMonitor/PodMonitor looks in: `any`, `matchNames`, or its own. */
function inMonitoredNamespace(ctx: RuleContext, o: IndexedObject): boolean {
  const ns = get(ctx.object, ['spec', 'namespaceSelector']);
  if (isObj(ns) && ns.any === true) return true;
  if (isObj(ns) && Array.isArray(ns.matchNames) && ns.matchNames.length > 0) return o.namespace === undefined || ns.matchNames.includes(o.namespace);
  return sameNamespace(o.namespace, ctx.namespace);
}

function monitor(ctx: RuleContext): RuleFinding[] {
  const selector = get(ctx.object, ['spec', 'selector']);
  if (!isObj(selector) || isEmptyLabelSelector(selector)) return [];
  const index = ctx.index!;
  const isService = ctx.kind === 'ServiceMonitor';
  const labelSets = isService
    ? index.ofKind('Service').filter((s) => inMonitoredNamespace(ctx, s)).map((s) => s.labels)
    : workspacePods(index, ctx.config).filter((p) => inMonitoredNamespace(ctx, p.owner)).map((p) => p.template.labels);
  if (labelSets.some((labels) => matchesLabelSelector(selector, labels))) return [];
  return [{ path: ['spec', 'selector'], message: `${ctx.kind} selector ${describeSelector(selector)} matches no ${isService ? 'Service' : 'pod template'} in the workspace` }];
}
