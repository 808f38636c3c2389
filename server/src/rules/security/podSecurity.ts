// Helpers shared by the pod security rules: container naming, PSA version and OS exemptions.
import type { YamlPath } from '../../parse/yamlPath';
import type { RuleContext, RuleFinding } from '../types';
import { containerLabel, type ContainerRef, type PodTemplate } from '../workloads';

/** "Container `web`", or "The 2nd container (no name)", for messages. */
export function containerName(c: ContainerRef): string {
  return containerLabel(c);
}

/** True when the target Kubernetes minor (`1.35`) is at least `1.<n>`. */
export function minorAtLeast(ctx: RuleContext, n: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(ctx.minor);
  return !m || Number(m[1]) > 1 || Number(m[2]) >= n;
}

/** PSA (≥1.25) exempts Windows pods from allowPrivilegeEscalation, restricted capabilities and seccomp. */
export function isWindowsPod(pod: PodTemplate): boolean {
  const os = pod.spec.os as { name?: unknown } | undefined;
  return os?.name === 'windows';
}

/** PSA ≥1.35 exempts pods in a user namespace (`hostUsers: false`) from runAsNonRoot/runAsUser and baseline procMount. */
export function inUserNamespace(ctx: RuleContext, pod: PodTemplate): boolean {
  return pod.spec.hostUsers === false && minorAtLeast(ctx, 35);
}

/** Runs `check` on every container (C[*]) of every pod template. */
export function eachContainer(ctx: RuleContext, check: (pod: PodTemplate, c: ContainerRef) => RuleFinding[]): RuleFinding[] {
  return ctx.podTemplates.flatMap((pod) => pod.containers.flatMap((c) => check(pod, c)));
}

/** Drops findings at the same path (pod-level values seen through every container). */
export function uniqueByPath(findings: RuleFinding[]): RuleFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = JSON.stringify(f.path satisfies YamlPath);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
