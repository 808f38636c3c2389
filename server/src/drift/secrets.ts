// Secret values never leave the drift engine in clear: they are compared by a keyed hash whose key lives only in
// this process (so a hash cannot be looked up against guessed values), and shown as markers. The key is hashed in
// ahead of the value (SHA-256 of key ‖ value): hashes are only ever compared with each other, never verified, so the
// plain prefix construction suffices and costs half an HMAC.
import { createHash, randomBytes } from 'node:crypto';
import { LAST_APPLIED } from './fieldManagers';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const PROCESS_KEY = randomBytes(32);
export const HASH_PREFIX = 'hash:';

export const SECRET_MARKERS = { changed: '(changed)', added: '(added)', removed: '(removed)' } as const;

export function isSecret(apiVersion: string, kind: string): boolean {
  return kind === 'Secret' && apiVersion === 'v1';
}

/** A hashed value as the normalised Secret carries it. */
export function isHashedValue(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(HASH_PREFIX);
}

/** The hash of a `data` value: of its decoded bytes, so line-wrapped or padded base64 hashes the same. */
export function hashSecretData(base64: string): string {
  return keyedHash(Buffer.from(base64, 'base64'));
}

/** The hash of a `stringData` value (clear text, as `data` holds it once encoded). */
export function hashSecretString(text: string): string {
  return keyedHash(Buffer.from(text, 'utf8'));
}

function keyedHash(bytes: Buffer): string {
  return HASH_PREFIX + createHash('sha256').update(PROCESS_KEY).update(bytes).digest('hex').slice(0, 16);
}

/** Secret data in the diff editor: equal values show as `(hidden)`, differing ones as `(changed)` on both sides. */
export function maskSecretPair(live: unknown, predicted: unknown): [unknown, unknown] {
  const l = isObj(live) ? structuredClone(live) : {};
  const p = isObj(predicted) ? structuredClone(predicted) : {};
  for (const field of ['data', 'stringData']) {
    const lv = isObj(l[field]) ? (l[field] as Obj) : undefined;
    const pv = isObj(p[field]) ? (p[field] as Obj) : undefined;
    for (const key of new Set([...Object.keys(lv ?? {}), ...Object.keys(pv ?? {})])) {
      const same = lv?.[key] === pv?.[key];
      if (lv && key in lv) lv[key] = same ? '(hidden)' : '(changed)';
      if (pv && key in pv) pv[key] = same ? '(hidden)' : '(changed)';
    }
  }
  for (const side of [l, p]) {
    const annotations = isObj(side.metadata) && isObj(side.metadata.annotations) ? side.metadata.annotations : undefined;
    if (annotations) delete annotations[LAST_APPLIED];
  }
  return [l, p];
}
