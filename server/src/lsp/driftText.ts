// How drift values and times read in the editor (CodeLens, the Drift view, tooltips). Pure; shared by the
// language server and the extension.

/** "just now", "5 min ago", "2 h ago", "3 d ago"; undefined without a readable time. */
export function timeAgo(iso: string | undefined, now: number): string | undefined {
  if (!iso) return undefined;
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return undefined;
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days < 60) return `${days} d ago`;
  return `on ${new Date(at).toISOString().slice(0, 10)}`;
}

/**
 * A value on one line: scalars as YAML would show them, collections as compact JSON, cut at `max` characters;
 * `(absent)` for a field the side lacks.
 */
export function valueText(value: unknown, max = 40): string {
  if (value === undefined) return '(absent)';
  const text = typeof value === 'string' ? (value === '' ? '""' : value) : JSON.stringify(value);
  const line = text.replace(/\s*\n\s*/g, ' ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** "kubectl-edit 2 h ago", "kubectl-edit", "2 h ago" or undefined. */
export function changedBy(manager: string | undefined, time: string | undefined, now: number): string | undefined {
  const parts = [manager, timeAgo(time, now)].filter((p): p is string => Boolean(p));
  return parts.length ? parts.join(' ') : undefined;
}
