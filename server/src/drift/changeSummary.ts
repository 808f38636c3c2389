// What applying a change would do to the cluster, in one line per object, from the drift of the new contents against
// live: "Deployment web: spec.replicas 2 → 4". Used in pull-request descriptions. Secret values are already masked in
// drift results; this only formats them.
import { SECRET_MARKERS } from './secrets';
import type { DriftField, DriftObject } from './types';

const MAX_FIELDS_PER_OBJECT = 5;
const MAX_VALUE_LENGTH = 60;

/**
 * One line per object the sync would create or change; objects in sync, unreadable or of unknown kinds say so only
 * when nothing else could be said about them. Fields owned by controllers are left out: the sync does not change them.
 */
export function clusterChangeLines(objects: DriftObject[]): string[] {
  const lines: string[] = [];
  for (const o of objects) {
    const name = `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
    if (o.state === 'missing') {
      lines.push(`${name}: created`);
      continue;
    }
    if (o.state !== 'drifted') {
      if (o.state !== 'in-sync') lines.push(`${name}: not compared (${o.reason ?? o.state})`);
      continue;
    }
    const applied = o.fields.filter((f) => f.class !== 'controller');
    if (!applied.length) continue;
    const shown = applied.slice(0, MAX_FIELDS_PER_OBJECT).map(fieldChange);
    const more = applied.length - shown.length;
    lines.push(`${name}: ${shown.join('; ')}${more > 0 ? `; and ${more} more field${more === 1 ? '' : 's'}` : ''}${o.approximate ? ' (approximate)' : ''}`);
  }
  return lines;
}

const MARKERS: unknown[] = Object.values(SECRET_MARKERS);

function fieldChange(f: DriftField): string {
  // Secret values are markers on both sides: say what happens to the key, nothing of its value.
  if (MARKERS.includes(f.git) || MARKERS.includes(f.live)) {
    return `${f.path} ${f.git === undefined || f.git === SECRET_MARKERS.removed ? 'removed' : f.live === undefined || f.live === SECRET_MARKERS.added ? 'added' : 'changed'}`;
  }
  // A field a person added live and Git does not declare is removed by a sync that owns the object.
  if (f.git === undefined) return `${f.path} ${value(f.live)} removed`;
  if (f.live === undefined) return `${f.path} set to ${value(f.git)}`;
  return `${f.path} ${value(f.live)} → ${value(f.git)}`;
}

function value(v: unknown): string {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}
