// Code-action requests repeat all the time; a known answer must come from the cache without
// building a workspace (a parser and trees) or running the compiler again.
import * as assert from 'node:assert/strict';
import { FixActionCache, actionKey, contentParts } from '../../../server/src/core/fixes/cache';
import { DEFAULT_VERIFY_SETTINGS } from '../../../server/src/core/fixes/verify';
import type { FindingActions } from '../../../server/src/core/fixes/actions';
import type { Finding } from '../../../server/src/core/findings';

const finding: Finding = { file: '/m/main.go', line: 4, column: 2, message: 'moved to heap: u', category: 'moved', rule: 'returned-address', origin: 'compiler' };
const answer = (): FindingActions => ({ fixes: [], refused: [], showWhy: { title: 'Show why', ruleId: 'returned-address', target: 'RULES.md#returned-address' } });

describe('fix action cache', () => {
  it('computes once per finding and exact sources, and again when a source changes', async () => {
    const cache = new FixActionCache();
    let computed = 0;
    const compute = async () => {
      computed++;
      return answer();
    };
    const sources = new Map([['/m/main.go', 'package main\n'], ['/m/go.mod', 'module m\n']]);
    const key = (s: Map<string, string>) => actionKey(finding, DEFAULT_VERIFY_SETTINGS, contentParts(s));
    const first = await cache.getOrCompute(key(sources), compute);
    assert.equal(await cache.getOrCompute(key(new Map(sources)), compute), first);
    assert.equal(computed, 1, 'the second request was answered from the cache');
    await cache.getOrCompute(key(new Map([...sources, ['/m/main.go', 'package main\n\n']])), compute);
    assert.equal(computed, 2, 'changed sources: computed again');
  });

  it('does not keep an answer from a cancelled run', async () => {
    const cache = new FixActionCache();
    const stop = new AbortController();
    stop.abort();
    const key = actionKey(finding, DEFAULT_VERIFY_SETTINGS, contentParts(new Map([['/m/main.go', 'package main\n']])));
    let computed = 0;
    const compute = async () => {
      computed++;
      return answer();
    };
    await cache.getOrCompute(key, compute, stop.signal);
    await cache.getOrCompute(key, compute);
    assert.equal(computed, 2);
  });
});
