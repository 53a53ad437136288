// Which entries a publish carries: the categories the settings include, in the merged order;
// past the cap, the most important ones (moved, then escapes, then the rest).
import * as assert from 'node:assert/strict';
import type { Finding } from '../../../server/src/core/findings';
import { MAX_PER_FILE, grouped, shownEntries } from '../../../server/src/lsp/publisher';
import type { Entry } from '../../../server/src/session/docEntries';

const entry = (category: Finding['category'], i: number): Entry => ({
  finding: { file: '/x/a.go', line: i + 1, column: 1, message: `m${i}`, category, rule: 'unexplained', origin: 'compiler' },
  range: { start: { line: i, character: 0 }, end: { line: i, character: 1 } },
});

describe('entries a publish carries', () => {
  const both = new Set<Finding['category']>(['moved', 'escapes']);

  it('is the merged list itself when every entry is shown', () => {
    const all = [entry('moved', 0), entry('escapes', 1)];
    assert.equal(shownEntries(all, both).entries, all);
    assert.equal(shownEntries(all, both).left, 0);
  });

  it('leaves out the categories not included, keeping the order', () => {
    const all = [entry('moved', 0), entry('leak', 1), entry('escapes', 2), entry('noescape', 3), entry('moved', 4)];
    assert.deepEqual(shownEntries(all, both).entries.map((e) => e.finding.message), ['m0', 'm2', 'm4']);
  });

  it('stops at the cap and says how many were left out', () => {
    const many = Array.from({ length: MAX_PER_FILE + 5 }, (_, i) => entry('moved', i));
    assert.equal(shownEntries(many, both).entries.length, MAX_PER_FILE);
    assert.equal(shownEntries(many, both).left, 5);
    const mixed = [entry('leak', 0), ...many];
    const shown = shownEntries(mixed, both);
    assert.equal(shown.entries.length, MAX_PER_FILE);
    assert.equal(shown.entries[0].finding.message, 'm0');
  });

  it('keeps every moved to heap before any escapes to heap, in file order, when over the cap', () => {
    // The shape of a large test file: thousands of boxed constants, a few moves near the end.
    const all = [
      ...Array.from({ length: 30 }, (_, i) => entry('escapes', i)),
      ...Array.from({ length: 5 }, (_, i) => entry('moved', 30 + i)),
      entry('leak', 35),
      entry('escapes', 36),
    ];
    const shown = shownEntries(all, new Set(['moved', 'escapes', 'leak']), 10);
    assert.deepEqual(shown.entries.map((e) => e.finding.message), ['m30', 'm31', 'm32', 'm33', 'm34', 'm0', 'm1', 'm2', 'm3', 'm4']);
    assert.equal(shown.left, 27);
  });
});

describe('counts in the left-out message', () => {
  it('are grouped as toLocaleString("en-US") groups them', () => {
    for (const n of [0, 7, 999, 1000, 12345, 999999, 1000000, 104729001]) assert.equal(grouped(n), n.toLocaleString('en-US'));
  });
});
