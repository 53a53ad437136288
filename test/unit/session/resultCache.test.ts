// The analysis result cache is bounded twice: by the weight of all its entries, and by the number
// of entries one package keeps, so that a long session in one package cannot fill the budget with
// texts nobody returns to while other packages' recent results are kept.
import * as assert from 'node:assert/strict';
import { ResultCache } from '../../../server/src/session/resultCache';

describe('result cache', () => {
  it('keeps the most recently used entries of each group, and no more than its limit', () => {
    const c = new ResultCache<number>(1000, () => 1, 3);
    for (let i = 0; i < 5; i++) c.set(`a${i}`, i, 'pkg-a');
    c.set('b0', 0, 'pkg-b');
    assert.equal(c.size, 4);
    assert.equal(c.get('a0'), undefined);
    assert.equal(c.get('a1'), undefined);
    assert.deepEqual(['a2', 'a3', 'a4', 'b0'].map((k) => c.get(k)), [2, 3, 4, 0]);
  });

  it('evicts a group by use, not by insertion', () => {
    const c = new ResultCache<number>(1000, () => 1, 2);
    c.set('a0', 0, 'g');
    c.set('a1', 1, 'g');
    assert.equal(c.get('a0'), 0);
    c.set('a2', 2, 'g');
    assert.equal(c.get('a1'), undefined, 'the entry used longest ago goes');
    assert.equal(c.get('a0'), 0);
    assert.equal(c.get('a2'), 2);
  });

  it('replacing an entry does not count it twice', () => {
    const c = new ResultCache<number>(1000, () => 1, 2);
    c.set('a0', 0, 'g');
    c.set('a0', 1, 'g');
    c.set('a1', 2, 'g');
    assert.equal(c.get('a0'), 1);
    assert.equal(c.size, 2);
  });

  it('stays within its weight budget across groups, oldest first, and keeps the newest entry', () => {
    const c = new ResultCache<number>(10, (v) => v);
    c.set('x', 4, 'g1');
    c.set('y', 4, 'g2');
    c.set('z', 4, 'g3');
    assert.equal(c.get('x'), undefined);
    assert.deepEqual([c.get('y'), c.get('z')], [4, 4]);
    c.set('big', 50, 'g1');
    assert.equal(c.size, 1);
    assert.equal(c.get('big'), 50);
  });

  it('clear empties every group', () => {
    const c = new ResultCache<number>(1000, () => 1, 1);
    c.set('a', 1, 'g');
    c.clear();
    c.set('b', 2, 'g');
    c.set('c', 3, 'h');
    assert.equal(c.size, 2);
  });
});
