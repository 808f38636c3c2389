// "Adopt Live State and Open Pull Request": which fields of a drifted object are offered (and pre-picked) for writing
// their live values into the file, and the pull request's title. Pure: the Drift view shows the pick.
import type { DriftField, DriftObject } from '../../../server/src/drift/types';
import { changedBy, valueText } from '../../../server/src/lsp/driftText';

export interface AdoptPickItem {
  label: string;
  description: string;
  /** Fields changed in the cluster (by people, controllers, webhooks) are the live state to keep; Git's own edits are not. */
  picked: boolean;
  field: DriftField;
}

/** The fields whose live value can go into the file; none for Secrets (their values stay in the cluster). */
export function adoptPickItems(object: DriftObject, now: number): AdoptPickItem[] {
  if (object.kind === 'Secret') return [];
  return object.fields.map((field) => {
    const who = changedBy(field.manager, field.time, now);
    return {
      label: field.path,
      description: `${valueText(field.git, 24)} → ${valueText(field.live, 24)}${who ? ` · ${who}` : ''}`,
      picked: field.class !== 'git',
      field,
    };
  });
}

/** "Adopt live spec.replicas of Deployment web", or "Adopt live state of Deployment web" for several fields. */
export function adoptTitle(object: DriftObject, fields: DriftField[]): string {
  const what = fields.length === 1 ? `live ${fields[0].path}` : 'live state';
  return `Adopt ${what} of ${object.kind} ${object.name}`;
}
