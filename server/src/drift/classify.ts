// Why a field differs: the live value's owner in `managedFields` — the applier (the buffer changed it: `git`), a
// person's tool (`human`), a controller or a webhook — with that owner's name and time, and the display path.
import { displayPath, type Difference } from './compare';
import { managerKind } from './fieldManagers';
import { ownersOf, type ManagedFieldsEntry, type Owner } from './managedFields';
import { SECRET_MARKERS } from './secrets';
import type { DriftField, FieldClass, PathSegment } from './types';

export interface ClassifyContext {
  entries: readonly ManagedFieldsEntry[];
  /** The manager the next sync applies as; its fields are the buffer's. */
  applier?: string;
  /** An HPA in the workspace targets the object: `spec.replicas` is the autoscaler's. */
  hpaTargeted?: boolean;
  /** The object is a Secret: `data` values are masked. */
  secret?: boolean;
}

export function classify(diff: Difference, ctx: ClassifyContext): DriftField {
  const owner = pickOwner(ownersFor(diff.segments, ctx), diff.segments.length, ctx.applier);
  let cls: FieldClass;
  if (ctx.hpaTargeted && isReplicas(diff.segments)) cls = 'controller';
  else if (!owner || owner.entry.manager === ctx.applier) cls = 'git';
  else cls = classOf(owner.entry);
  const field: DriftField = {
    path: displayPath(diff.segments),
    segments: diff.segments,
    class: cls,
  };
  const { git, live } = ctx.secret && diff.segments[0] === 'data' ? maskSecret(diff.git, diff.live) : diff;
  if (git !== undefined) field.git = git;
  if (live !== undefined) field.live = live;
  if (owner) {
    field.manager = owner.entry.manager;
    if (owner.entry.time) field.time = owner.entry.time;
  }
  return field;
}

/** A manager's class when it is not the applier; managers we do not recognise count as people (out-of-band writes). */
export function classOf(entry: Pick<ManagedFieldsEntry, 'manager' | 'operation' | 'subresource'>): FieldClass {
  const kind = managerKind(entry);
  return kind === 'unknown' ? 'human' : kind;
}

function ownersFor(segments: readonly PathSegment[], ctx: ClassifyContext): Owner[] {
  const owners = ownersOf(ctx.entries, segments);
  // A Secret applied with stringData may be owned under `stringData` rather than `data`.
  if (ctx.secret && segments[0] === 'data' && !owners.some((o) => o.depth === segments.length)) {
    const viaStringData = ownersOf(ctx.entries, ['stringData', ...segments.slice(1)]);
    if (viaStringData.some((o) => o.depth === segments.length)) return viaStringData;
  }
  return owners;
}

/**
 * One owner: for a field owned outright, the latest writer (a tie goes to the non-applier: it took a share of the
 * field last); for a field known only through an ancestor, the applier when it is one (the buffer added or dropped it).
 */
function pickOwner(owners: readonly Owner[], depth: number, applier: string | undefined): Owner | undefined {
  if (owners.length === 0) return undefined;
  if (owners.length === 1) return owners[0];
  const exact = owners[0].ownership === 'owns' && owners[0].depth === depth;
  if (!exact) {
    const applied = owners.find((o) => o.entry.manager === applier);
    if (applied) return applied;
  }
  return owners.reduce((best, o) => {
    const t = o.entry.time ?? '';
    const bt = best.entry.time ?? '';
    if (t > bt) return o;
    if (t === bt && best.entry.manager === applier && o.entry.manager !== applier) return o;
    return best;
  });
}

function isReplicas(segments: readonly PathSegment[]): boolean {
  return segments.length === 2 && segments[0] === 'spec' && segments[1] === 'replicas';
}

/** Secret values as markers: a key both sides hold but differently, one only the sync adds, one it removes. */
function maskSecret(git: unknown, live: unknown): { git?: unknown; live?: unknown } {
  if (git !== undefined && live !== undefined) return { git: SECRET_MARKERS.changed, live: SECRET_MARKERS.changed };
  if (git !== undefined) return { git: SECRET_MARKERS.added };
  if (live !== undefined) return { live: SECRET_MARKERS.removed };
  return {};
}
