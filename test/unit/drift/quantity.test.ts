// canonicalQuantity (server/src/rules/resources/quantity.ts): one text per value, as drift compares quantities.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalQuantity, parseQuantity } from '../../../server/src/rules/resources/quantity';

const canon = (v: string | number) => {
  const q = parseQuantity(v);
  assert.ok(q, String(v));
  return canonicalQuantity(q);
};

describe('canonicalQuantity', () => {
  it('gives equal values one text', () => {
    const groups: Array<Array<string | number>> = [
      ['0.5', '500m', 0.5, '5e-1', '500000u'],
      ['1024Mi', '1Gi', '1073741824', '1048576Ki'],
      ['1e3', '1k', '1000', 1000, '1E3'],
      ['1000M', '1G', '1e9'],
      ['1.5Gi', '1536Mi'],
      ['0', '0m', '0Gi', 0],
    ];
    for (const g of groups) assert.equal(new Set(g.map(canon)).size, 1, g.join(' '));
  });

  it('writes what the apiserver writes for the usual values', () => {
    assert.equal(canon('0.1'), '100m');
    assert.equal(canon('2'), '2');
    assert.equal(canon('1000Mi'), '1000Mi');
    assert.equal(canon('128974848'), '123Mi');
    assert.equal(canon('129e6'), '129M');
    assert.equal(canon('-0.5'), '-500m');
  });

  it('rounds values finer than a nano up to one', () => {
    assert.equal(canon('1e-12'), '1n');
    assert.equal(canon('1.5n'), '2n');
  });

  it('keeps different values apart', () => {
    assert.notEqual(canon('1Gi'), canon('1G'));
    assert.notEqual(canon('100m'), canon('101m'));
  });
});
