// secrets: Secret values hashed with a key of this process only; markers for what changed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hashSecretData, hashSecretString, isHashedValue, isSecret, SECRET_MARKERS } from '../../../server/src/drift/secrets';

describe('secrets', () => {
  it('a data value and the same clear text hash alike; line-wrapped base64 too', () => {
    const b64 = Buffer.from('correct horse battery staple').toString('base64');
    const wrapped = `${b64.slice(0, 10)}\n${b64.slice(10)}`;
    assert.equal(hashSecretData(b64), hashSecretString('correct horse battery staple'));
    assert.equal(hashSecretData(wrapped), hashSecretData(b64));
    assert.notEqual(hashSecretString('a'), hashSecretString('b'));
  });

  it('hashes are recognisable, carry neither the value nor its plain SHA-256', async () => {
    const h = hashSecretString('hunter2');
    assert.ok(isHashedValue(h));
    assert.ok(!isHashedValue('aHVudGVyMg=='));
    assert.ok(!h.includes('hunter2'));
    const { createHash } = await import('node:crypto');
    assert.ok(!createHash('sha256').update('hunter2').digest('hex').startsWith(h.slice('hash:'.length)));
  });

  it('knows core Secrets only, and the markers', () => {
    assert.equal(isSecret('v1', 'Secret'), true);
    assert.equal(isSecret('external-secrets.io/v1', 'Secret'), false);
    assert.deepEqual(SECRET_MARKERS, { changed: '(changed)', added: '(added)', removed: '(removed)' });
  });
});
