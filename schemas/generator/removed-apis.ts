// The removed-API table: which apiVersion/kind pairs a cluster of a given minor no longer serves, and what to
// write instead. Older removals come from the curated history file; removals between the generated minors
// are computed from their kinds, so the table grows by itself when a new minor is added.
import { readFileSync } from 'node:fs';
import { compareMinors } from './go-modules';
import { compareStrings, isJsonObject, parseJsonObject, type JsonValue } from './json';
import { apiVersionOf, parseKindKey } from './openapi';

import type { RemovedApi } from '../../server/src/schema/bundledSchemas';

export type { RemovedApi };

export interface MinorKinds {
  minor: string;
  /** Kind keys ("apps/v1/Deployment") served by this minor. */
  kinds: Set<string>;
  /** Kind key to the minor it was deprecated in, as far as known for this minor's release. */
  deprecatedIn: Map<string, string>;
}

function optionalString(value: JsonValue | undefined, field: string, source: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new Error(`${source}: ${field} must be a string`);
  return value;
}

function requiredString(value: JsonValue | undefined, field: string, source: string): string {
  const text = optionalString(value, field, source);
  if (text === undefined) throw new Error(`${source}: ${field} is required`);
  return text;
}

export function readRemovedApiHistory(file: string): RemovedApi[] {
  const document = parseJsonObject(readFileSync(file, 'utf8'), file);
  if (!Array.isArray(document.removals)) throw new Error(`${file}: "removals" must be an array`);
  return document.removals.map((item, index) => {
    const source = `${file} removals[${index}]`;
    if (!isJsonObject(item)) throw new Error(`${source}: expected an object`);
    if (item.replacement !== null && typeof item.replacement !== 'string') {
      throw new Error(`${source}: replacement must be an apiVersion or null`);
    }
    const entry: RemovedApi = {
      apiVersion: requiredString(item.apiVersion, 'apiVersion', source),
      kind: requiredString(item.kind, 'kind', source),
      removedIn: requiredString(item.removedIn, 'removedIn', source),
      replacement: item.replacement,
    };
    const deprecatedIn = optionalString(item.deprecatedIn, 'deprecatedIn', source);
    if (deprecatedIn !== undefined) entry.deprecatedIn = deprecatedIn;
    const note = optionalString(item.note, 'note', source);
    if (note !== undefined) entry.note = note;
    return entry;
  });
}

const VERSION_PATTERN = /^v(\d+)(?:(alpha|beta)(\d+))?$/;
const STABILITY_RANK: Record<string, number> = { '': 3, beta: 2, alpha: 1 };

/** Kubernetes' own version priority: GA over beta over alpha, then the higher number (v2 > v1, v1beta2 > v1beta1). */
export function compareVersionPriority(left: string, right: string): number {
  const parse = (version: string): [number, number, number] => {
    const match = VERSION_PATTERN.exec(version);
    return match ? [STABILITY_RANK[match[2] ?? ''], Number(match[1]), Number(match[3] ?? 0)] : [0, 0, 0];
  };
  const [leftRank, leftMajor, leftMinor] = parse(left);
  const [rightRank, rightMajor, rightMinor] = parse(right);
  return rightRank - leftRank || rightMajor - leftMajor || rightMinor - leftMinor;
}

/** The preferred apiVersion that serves the same group and kind in the given kind set, if any. */
export function findReplacement(kindKey: string, servedKinds: Set<string>): string | null {
  const removed = parseKindKey(kindKey);
  const versions = [...servedKinds]
    .map(parseKindKey)
    .filter((served) => served.group === removed.group && served.kind === removed.kind && served.version !== removed.version)
    .map((served) => served.version)
    .sort(compareVersionPriority);
  return versions.length > 0 ? apiVersionOf({ group: removed.group, version: versions[0] }) : null;
}

/** A kind served by minor N-1 and by none of N and later was removed in N. */
export function computeRemovals(minors: MinorKinds[]): RemovedApi[] {
  const newest = minors[minors.length - 1];
  const removals: RemovedApi[] = [];
  for (let index = 1; index < minors.length; index++) {
    const previous = minors[index - 1];
    const later = minors.slice(index);
    for (const key of previous.kinds) {
      if (later.some((minor) => minor.kinds.has(key))) continue;
      const { group, version, kind } = parseKindKey(key);
      const removal: RemovedApi = {
        apiVersion: apiVersionOf({ group, version }),
        kind,
        removedIn: minors[index].minor,
        replacement: findReplacement(key, newest.kinds),
      };
      // Alpha markers are defaults computed from the introduction release and may name a minor after the
      // removal; a deprecation the last serving minor never announced is no information, so it is left out.
      const deprecatedIn = previous.deprecatedIn.get(key);
      if (deprecatedIn !== undefined && compareMinors(deprecatedIn, previous.minor) <= 0) removal.deprecatedIn = deprecatedIn;
      removals.push(removal);
    }
  }
  return removals;
}

// One field order for curated and computed entries, so the written table reads the same throughout.
function withFieldOrder({ apiVersion, kind, removedIn, deprecatedIn, replacement, note }: RemovedApi): RemovedApi {
  return {
    apiVersion,
    kind,
    removedIn,
    ...(deprecatedIn !== undefined ? { deprecatedIn } : {}),
    replacement,
    ...(note !== undefined ? { note } : {}),
  };
}

/**
 * History first (it carries notes and hand-checked replacements), then computed removals it does not cover.
 * Disagreements and replacements the newest minor does not serve are reported, not silently kept.
 */
export function buildRemovedApiTable(
  history: RemovedApi[],
  computed: RemovedApi[],
  newestKinds: Set<string>,
  warn: (message: string) => void,
): RemovedApi[] {
  const table = new Map<string, RemovedApi>();
  for (const entry of history) {
    const key = `${entry.apiVersion}/${entry.kind}`;
    if (table.has(key)) warn(`removed-apis history lists ${key} twice`);
    if (entry.replacement !== null && !newestKinds.has(`${entry.replacement}/${entry.kind}`)) {
      warn(`removed-apis history: replacement ${entry.replacement} of ${key} does not serve ${entry.kind} any more`);
    }
    table.set(key, entry);
  }
  for (const entry of computed) {
    const key = `${entry.apiVersion}/${entry.kind}`;
    const known = table.get(key);
    if (known) {
      if (known.removedIn !== entry.removedIn) {
        warn(`${key}: history says removed in ${known.removedIn}, the generated minors say ${entry.removedIn}`);
      }
      continue;
    }
    table.set(key, entry);
  }
  return [...table.values()].map(withFieldOrder).sort(
    (left, right) =>
      compareMinors(left.removedIn, right.removedIn) ||
      compareStrings(left.apiVersion, right.apiVersion) ||
      compareStrings(left.kind, right.kind),
  );
}

