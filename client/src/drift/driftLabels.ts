// What the Drift view's rows say: labels, descriptions, icons and tooltips. Pure, so tested under plain Node.
import type { DriftField, FieldClass } from '../../../server/src/drift/types';
import { changedBy, timeAgo, valueText } from '../../../server/src/lsp/driftText';
import type { DocumentNode, FieldNode } from './driftTree';

/** A codicon id and the theme colour it is drawn in. */
export interface IconSpec {
  id: string;
  color?: string;
}

export interface RowText {
  label: string;
  description?: string;
  tooltip: string;
  icon?: IconSpec;
}

/** `apps/web/deployment.yaml` → label `deployment.yaml`, description `apps/web` (relative to its workspace folder). */
export function fileRow(uri: string, folderUris: string[]): RowText {
  const folder = folderUris.filter((f) => uri.startsWith(f.endsWith('/') ? f : `${f}/`)).sort((a, b) => b.length - a.length)[0];
  const relative = decodeURIComponent(folder ? uri.slice(folder.replace(/\/$/, '').length + 1) : uri.replace(/^[a-z]+:\/*/, '/'));
  const slash = relative.lastIndexOf('/');
  const label = slash < 0 ? relative : relative.slice(slash + 1);
  const dir = slash < 0 ? undefined : relative.slice(0, slash) || undefined;
  return { label, description: dir, tooltip: relative };
}

export function documentRow(node: DocumentNode): RowText {
  const o = node.object;
  const label = `${o.kind}/${o.name}`;
  const where = o.namespace ? ` in namespace ${o.namespace}` : '';
  const lines = [`${o.apiVersion} ${o.kind} ${o.name}${where}`];
  let description: string;
  let icon: IconSpec;
  switch (o.state) {
    case 'in-sync':
      description = 'in sync';
      icon = { id: 'pass', color: 'testing.iconPassed' };
      break;
    case 'drifted': {
      const n = node.fields.length;
      if (n === 0) {
        description = 'in sync (controller-owned fields hidden)';
        icon = { id: 'pass', color: 'testing.iconPassed' };
        break;
      }
      description = `${n} ${n === 1 ? 'field' : 'fields'}`;
      if (o.controllerOnly) description += ' · owned by controllers';
      icon = o.controllerOnly ? { id: 'gear', color: 'list.deemphasizedForeground' } : { id: 'diff', color: 'list.warningForeground' };
      break;
    }
    case 'missing':
      description = 'not in the cluster';
      icon = { id: 'diff-added', color: 'gitDecoration.addedResourceForeground' };
      break;
    case 'unreadable':
      description = 'cannot be read';
      icon = { id: 'lock', color: 'list.warningForeground' };
      break;
    case 'unknown-kind':
      description = 'kind not served by the cluster';
      icon = { id: 'question' };
      break;
    default:
      description = 'cluster unreachable';
      icon = { id: 'debug-disconnect', color: 'list.errorForeground' };
  }
  if (o.approximate) {
    description += ' · approximate';
    lines.push('Approximate: compared field by field, without a server-side apply dry run.');
  }
  if (o.reason) lines.push(o.reason);
  if (o.fieldManager) lines.push(`Predicted as the next apply by ${o.fieldManager}.`);
  return { label, description, tooltip: lines.join('\n'), icon };
}

const CLASS_WORDS: Record<FieldClass, string> = {
  git: 'changed in the file; the next sync applies it',
  human: 'changed in the cluster by a person',
  controller: 'owned by a controller',
  webhook: 'set by an admission webhook',
};

const CLASS_ICONS: Record<FieldClass, IconSpec> = {
  git: { id: 'git-commit' },
  human: { id: 'person', color: 'list.warningForeground' },
  controller: { id: 'gear' },
  webhook: { id: 'plug' },
};

/** `spec.replicas` — `2 → 5 · kubectl-edit 2 h ago` (Git value → live value). */
export function fieldRow(node: FieldNode, now: number): RowText {
  const f = node.field;
  const who = changedBy(f.manager, f.time, now);
  const description = `${valueText(f.git, 24)} → ${valueText(f.live, 24)}${who ? ` · ${who}` : ''}`;
  return { label: f.path, description, tooltip: fieldTooltip(f, now), icon: CLASS_ICONS[f.class] };
}

export function fieldTooltip(f: DriftField, now: number): string {
  const lines = [f.path, `Git (next sync): ${valueText(f.git, 200)}`, `Live: ${valueText(f.live, 200)}`, `Why: ${CLASS_WORDS[f.class]}`];
  if (f.manager) {
    const ago = timeAgo(f.time, now);
    lines.push(`Live value written by ${f.manager}${ago ? `, ${ago}` : ''}${f.time ? ` (${f.time})` : ''}`);
  }
  return lines.join('\n');
}

/** Tree item context values, matched by the `view/item/context` menus in package.json. */
export function contextValue(node: DocumentNode | FieldNode): string {
  if (node.type === 'document') return `drift.document.${node.object.state}`;
  // Adopting writes the live value into the file: never for Secrets (their values stay in the cluster).
  return node.object.kind === 'Secret' ? 'drift.field' : 'drift.field.adoptable';
}
