// The range each heap finding underlines, from the real compiler's verdicts on a fixture whose
// lines say what they expect (`// range: TEXT`, several separated by ` | `).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_ANALYZE_SETTINGS, analyzePackage } from '../../server/src/core/compiler/analyze';
import { LineIndex } from '../../server/src/core/positions';
import { findingRange } from '../../server/src/core/ranges';
import { useGoParser } from '../helpers/goParser';
import { FIXTURES, copyFixture, hasGo, removeDir } from '../helpers/tempModule';

describe('underlined ranges of heap findings', function () {
  const parser = useGoParser();
  let dir: string;
  before(function () {
    if (!hasGo()) this.skip();
    dir = copyFixture(path.join(FIXTURES, 'ranges'));
  });
  after(() => dir && removeDir(dir));

  it('cover what a user can see and hover, as each line expects', async () => {
    const r = await analyzePackage({ dir, settings: DEFAULT_ANALYZE_SETTINGS });
    assert.equal(r.status, 'ok', r.stderr);
    const file = path.join(dir, 'ranges.go');
    const text = fs.readFileSync(file, 'utf8');
    const index = new LineIndex(text);
    const tree = parser.parser.parse(text)!;
    try {
      const actual = new Map<number, string[]>();
      for (const f of r.findings.filter((x) => x.category === 'moved' || x.category === 'escapes')) {
        const range = findingRange(f, index, tree);
        assert.equal(range.start.line, range.end.line, `one line at most: ${f.message}`);
        const shown = index.lineText(range.start.line).slice(range.start.character, range.end.character);
        actual.set(f.line, [...(actual.get(f.line) ?? []), shown]);
      }
      const expected = new Map<number, string[]>();
      text.split('\n').forEach((l, i) => {
        const m = /\/\/ range: (.*)$/.exec(l);
        if (m) expected.set(i + 1, m[1].split(' | '));
      });
      assert.ok(expected.size >= 10, 'the fixture has its expectations');
      assert.deepEqual(Object.fromEntries(actual), Object.fromEntries(expected));
    } finally {
      tree.delete();
    }
  });
});
