// What the resource rules share: reading a container's requests/limits and the "insert TODO values" fix.
import type { YamlPath } from '../../parse/yamlPath';
import type { EditOp, FixSpec } from '../types';
import type { ContainerRef, PodTemplate } from '../workloads';
import { containerLabel, get } from '../workloads';
import { compareQuantities, parseQuantity } from './quantity';

export type Section = 'requests' | 'limits';

/** Placeholder values Polaris' mutations insert; meant to be tuned, not kept. */
export const TODO_VALUES: Record<string, string> = { cpu: '100m', memory: '512Mi' };

export const appContainers = (pods: PodTemplate[]): ContainerRef[] => pods.flatMap((p) => p.containers.filter((c) => c.group === 'containers'));

/** "Container `web`", or "The 2nd container (no name)", for messages. */
export const containerName = (c: ContainerRef): string => containerLabel(c);

export function resourceValue(c: ContainerRef, section: Section, name: string): unknown {
  return get(c.container, ['resources', section, name]);
}

/**
 * Where to point for `resources.<section>.<name>`: the deepest key that exists (the container itself when it has
 * no `resources`), so a missing value highlights `resources` or `limits` rather than an unrelated sibling.
 */
export function resourcePath(c: ContainerRef, section: Section, name: string): YamlPath {
  const full: YamlPath = [...c.path, 'resources', section, name];
  for (let n = 3; n > 0; n--) if (get(c.container, full.slice(c.path.length, c.path.length + n)) !== undefined) return full.slice(0, c.path.length + n);
  return c.path;
}

/** Unset, `null`, or an empty string: the catalogue's "unset or empty". */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * A placeholder for `section.name`: the TODO value, unless that would put the request above the limit,
 * in which case the other side's value is reused.
 */
export function todoValue(c: ContainerRef, section: Section, name: string): string {
  const fallback = TODO_VALUES[name];
  const other = resourceValue(c, section === 'requests' ? 'limits' : 'requests', name);
  const otherQ = parseQuantity(other);
  const todoQ = parseQuantity(fallback);
  if (!otherQ || !todoQ) return fallback;
  const conflict = section === 'requests' ? compareQuantities(todoQ, otherQ) > 0 : compareQuantities(todoQ, otherQ) < 0;
  return conflict ? String(other) : fallback;
}

export function insertResourcesFix(c: ContainerRef, section: Section, names: string[]): FixSpec[] {
  const values = Object.fromEntries(names.map((n) => [n, todoValue(c, section, n)]));
  // One set per value: the edit engine applies them in turn, creating `resources:`/`<section>:` once.
  const ops: EditOp[] = names.map((n) => ({ op: 'set', path: [...c.path, 'resources', section, n], value: values[n] }));
  const shown = Object.entries(values).map(([n, v]) => `${n}: ${v}`).join(', ');
  return [{ title: `Add ${section} (${shown}) to tune`, ops, isPreferred: true }];
}
