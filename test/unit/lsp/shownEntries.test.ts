// Which entries a publish carries: the categories the settings include, at most MAX_PER_FILE,
// in the merged order.
import * as assert from 'node:assert/strict';
import type { Finding } from '../../../server/src/core/findings';
import { MAX_PER_FILE, shownEntries } from '../../../server/src/lsp/publisher';
import type { Entry } from '../../../server/src/session/docEntries';

const entry = (category: Finding['category'], i: number): Entry => ({
  finding: { file: '/x/a.go', line: i + 1, column: 1, message: `m${i}`, category, rule: 'unexplained', origin: 'compiler' },
  range: { start: { line: i, character: 0 }, end: { line: i, character: 1 } },
});

describe('entries a publish carries', () => {
  const both = new Set<Finding['category']>(['moved', 'escapes']);

  it('is the merged list itself when every entry is shown', () => {
    const all = [entry('moved', 0), entry('escapes', 1)];
    assert.equal(shownEntries(all, both), all);
  });

  it('leaves out the categories not included, keeping the order', () => {
    const all = [entry('moved', 0), entry('leak', 1), entry('escapes', 2), entry('noescape', 3), entry('moved', 4)];
    assert.deepEqual(shownEntries(all, both).map((e) => e.finding.message), ['m0', 'm2', 'm4']);
  });

  it('stops at MAX_PER_FILE, with or without left-out entries before it', () => {
    const many = Array.from({ length: MAX_PER_FILE + 5 }, (_, i) => entry('moved', i));
    assert.equal(shownEntries(many, both).length, MAX_PER_FILE);
    const mixed = [entry('leak', 0), ...many];
    const shown = shownEntries(mixed, both);
    assert.equal(shown.length, MAX_PER_FILE);
    assert.equal(shown[0].finding.message, 'm0');
  });
});
