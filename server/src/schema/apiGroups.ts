// apiVersion and kind-key arithmetic shared by schema lookup, rules and completion.

/** `apps/v1` → `apps`; `v1` (core) → ``. */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** A group Kubernetes itself serves (core, `apps`, `*.k8s.io`), as opposed to one a CRD adds. */
export function isBuiltinGroup(group: string): boolean {
  return !group.includes('.') || group.endsWith('.k8s.io');
}

/** An index key `apps/v1/Deployment` → its parts. */
export function splitKindKey(key: string): { group: string; apiVersion: string; kind: string } {
  const slash = key.lastIndexOf('/');
  const apiVersion = key.slice(0, slash);
  return { group: groupOf(apiVersion), apiVersion, kind: key.slice(slash + 1) };
}
