// DocumentTree applies LSP-shaped edits incrementally; after any sequence of edits its tree must
// be the tree a fresh parse of the final text gives, and it must report the edited function
// as changed so that only that function is re-predicted.
import { FIXTURES } from '../../helpers/tempModule';
import { seededRandom } from '../../helpers/seededRandom';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { LineIndex } from '../../../server/src/core/positions';
import { functionsInRanges, predictFunctions, PredictionCache } from '../../../server/src/core/predict/predictor';
import { DocumentTree, TextChange } from '../../../server/src/core/treesitter/documentTree';
import { createGoParser } from '../../../server/src/core/treesitter/parser';

const SOURCE = `package p

type T struct{ name string }

func a() *T {
	t := T{name: "é😀"}
	return &t
}

func b() int {
	x := 1
	return x
}
`;

/** An edit that replaces `find` (its first occurrence) by `by`, in LSP coordinates. */
function replace(text: string, find: string, by: string): TextChange {
  const idx = new LineIndex(text);
  const start = text.indexOf(find);
  assert.ok(start >= 0, `${find} not in text`);
  return { range: { start: idx.positionAt(start), end: idx.positionAt(start + find.length) }, text: by };
}

describe('DocumentTree', () => {
  let parser: Parser;
  before(async () => {
    parser = await createGoParser();
  });
  after(() => parser?.delete());

  function assertMatchesFreshParse(doc: DocumentTree): void {
    const fresh = parser.parse(doc.text);
    assert.ok(fresh && doc.tree);
    try {
      assert.equal(doc.tree.rootNode.toString(), fresh.rootNode.toString());
      assert.equal(doc.tree.rootNode.text, doc.text);
    } finally {
      fresh.delete();
    }
  }

  it('keeps the tree equal to a fresh parse through edits after non-ASCII text', () => {
    const doc = new DocumentTree(parser, SOURCE);
    try {
      let text = SOURCE;
      const edits: [string, string][] = [
        ['"é😀"}', '"é😀", }'],
        ['return &t', 'return &t // 😀 moved'],
        ['x := 1\n', 'x := 1\n\ty := &x\n\t_ = y\n'],
        ['func b', 'func bb'],
      ];
      for (const [find, by] of edits) {
        const change = replace(text, find, by);
        doc.applyChange(change);
        text = text.replace(find, by);
        assert.equal(doc.text, text);
        assertMatchesFreshParse(doc);
      }
    } finally {
      doc.delete();
    }
  });

  it('reports everything changed at first, then only the edited function', () => {
    const doc = new DocumentTree(parser, SOURCE);
    try {
      assert.equal(doc.takeChangedRanges(), undefined, 'a new document is changed everywhere');
      assert.deepEqual(doc.takeChangedRanges(), [], 'nothing changed since');
      doc.applyChange(replace(doc.text, 'x := 1', 'x := 2'));
      const ranges = doc.takeChangedRanges();
      assert.ok(ranges && ranges.length > 0);
      assert.deepEqual(functionsInRanges(doc.tree!, doc.text, ranges).map((f) => f.name), ['b']);
    } finally {
      doc.delete();
    }
  });

  it('keeps earlier changed ranges on the same text when later edits shift them', () => {
    const doc = new DocumentTree(parser, SOURCE);
    try {
      doc.takeChangedRanges();
      doc.applyChange(replace(doc.text, 'x := 1', 'x := 3'));
      doc.applyChange({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// header\n// more\n' });
      const ranges = doc.takeChangedRanges()!;
      const names = functionsInRanges(doc.tree!, doc.text, ranges).map((f) => f.name);
      assert.ok(names.includes('b'), `b still reported after the shift, got ${names.join(',')}`);
      assert.ok(!names.includes('a'), 'a was not edited');
    } finally {
      doc.delete();
    }
  });

  it('treats a change without a range as a full replacement', () => {
    const doc = new DocumentTree(parser, SOURCE);
    try {
      doc.takeChangedRanges();
      doc.applyChange({ text: 'package q\n\nfunc c() {}\n' });
      assert.equal(doc.text, 'package q\n\nfunc c() {}\n');
      assert.equal(doc.takeChangedRanges(), undefined);
      assertMatchesFreshParse(doc);
    } finally {
      doc.delete();
    }
  });

  it('never throws on broken code and still predicts the intact functions', () => {
    const doc = new DocumentTree(parser, SOURCE);
    try {
      // Break b only; a stays intact and keeps its prediction.
      doc.applyChange(replace(doc.text, 'return x\n}', 'return x +\n'));
      doc.applyChange(replace(doc.text, 'x := 1', 'x := ( {'));
      const preds = predictFunctions(doc.tree!, '/x/p.go', doc.text, undefined, { cache: new PredictionCache() });
      const a = preds.find((f) => f.name === 'a');
      assert.deepEqual(a?.findings.map((f) => f.message), ['moved to heap: t']);
      // Edits past the end of the text are clamped, not thrown.
      doc.applyChange({ range: { start: { line: 99, character: 5 }, end: { line: 120, character: 0 } }, text: '}}}' });
      assert.ok(doc.tree);
    } finally {
      doc.delete();
    }
  });

  it('keeps one changed range for typing in one place, however many keystrokes', () => {
    const doc = new DocumentTree(parser, SOURCE);
    try {
      doc.takeChangedRanges();
      let at = doc.text.indexOf('x := 1') + 'x := 1'.length;
      for (const ch of '; y := x + 1; _ = y') {
        const pos = doc.lineIndex.positionAt(at++);
        doc.applyChange({ range: { start: pos, end: pos }, text: ch });
      }
      assert.match(doc.text, /x := 1; y := x \+ 1; _ = y\n/);
      const ranges = doc.takeChangedRanges()!;
      assert.equal(ranges.length, 1, JSON.stringify(ranges));
      assert.deepEqual(functionsInRanges(doc.tree!, doc.text, ranges).map((f) => f.name), ['b']);
    } finally {
      doc.delete();
    }
  });

  it('re-predicts only edited functions and serves the rest from the cache', () => {
    const doc = new DocumentTree(parser, SOURCE);
    const cache = new PredictionCache();
    try {
      const first = predictFunctions(doc.tree!, '/x/p.go', doc.text, doc.takeChangedRanges(), { cache });
      assert.deepEqual(first.map((f) => f.name), ['a', 'b']);
      assert.deepEqual(first[0].findings.map((f) => `${f.line}:${f.column}: ${f.message}`), ['6:2: moved to heap: t']);
      doc.applyChange({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' });
      doc.applyChange(replace(doc.text, 'x := 1', 'x := 2'));
      const second = predictFunctions(doc.tree!, '/x/p.go', doc.text, doc.takeChangedRanges(), { cache });
      assert.deepEqual(second.map((f) => f.name), ['b']);
      const all = predictFunctions(doc.tree!, '/x/p.go', doc.text, undefined, { cache });
      // Function a moved down a line without changing: its cached finding moves with it.
      assert.deepEqual(all[0].findings.map((f) => `${f.line}:${f.column}: ${f.message}`), ['7:2: moved to heap: t']);
    } finally {
      doc.delete();
    }
  });

  it('takes a text spliced elsewhere as applyChange would splice it', () => {
    const viaChange = new DocumentTree(parser, SOURCE);
    const viaEdit = new DocumentTree(parser, SOURCE);
    try {
      viaChange.takeChangedRanges();
      viaEdit.takeChangedRanges();
      for (const [find, by] of [['x := 1', 'x := 2\n\ty := &x'], ['"é😀"', '"ü"'], ['return x', '']]) {
        const start = viaEdit.text.indexOf(find);
        const next = viaEdit.text.slice(0, start) + by + viaEdit.text.slice(start + find.length);
        viaChange.applyChange(replace(viaChange.text, find, by));
        viaEdit.applyEdit(next, start, start + find.length, start + by.length);
        assert.equal(viaEdit.text, viaChange.text);
        assert.equal(viaEdit.lineIndex.lineCount, viaChange.lineIndex.lineCount);
        assertMatchesFreshParse(viaEdit);
      }
      assert.deepEqual(viaEdit.takeChangedRanges(), viaChange.takeChangedRanges());
    } finally {
      viaChange.delete();
      viaEdit.delete();
    }
  });

  it('survives random edits: the tree stays a fresh parse and prediction never throws', () => {
    const dir = path.join(FIXTURES, 'predict');
    const text = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.go'))
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
      .join('\n');
    const rnd = seededRandom(7);
    const pieces = ['{', '}', '(', ')', '&', '*x', 'func() {', 'go ', '"', '\n', 'é', '😀', 'for v := range f {', ''];
    const doc = new DocumentTree(parser, text);
    const cache = new PredictionCache();
    try {
      for (let i = 0; i < 200; i++) {
        const len = doc.text.length;
        const a = rnd(len);
        const b = Math.min(len, a + rnd(30));
        const idx = doc.lineIndex;
        doc.applyChange({ range: { start: idx.positionAt(a), end: idx.positionAt(b) }, text: pieces[rnd(pieces.length)] });
        predictFunctions(doc.tree!, '/x/p.go', doc.text, doc.takeChangedRanges(), { goVersion: 'go1.26', cache });
      }
      assertMatchesFreshParse(doc);
    } finally {
      doc.delete();
    }
  });
});
