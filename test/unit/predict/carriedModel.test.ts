// Typing in a function body carries the file's top-level declarations and its predictor model
// over to the next tree instead of reading them again. Whatever the edits, what was carried must
// equal what a fresh parse of the same text gives.
import { useGoParser } from '../../helpers/goParser';
import { FIXTURES } from '../../helpers/tempModule';
import { seededRandom } from '../../helpers/seededRandom';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser, Tree } from 'web-tree-sitter';
import { FileModel, fileModelOf } from '../../../server/src/core/predict/declarations/fileModel';
import { predictFunctions, PredictionCache } from '../../../server/src/core/predict/predictor';
import { DocumentTree } from '../../../server/src/core/treesitter/documentTree';
import { successionOf, topLevelDecls } from '../../../server/src/core/treesitter/topLevel';

/** What a model says, in plain values: names, offsets and the text of every node it refers to. */
function describe_(m: FileModel): unknown {
  return {
    decls: m.decls.map((d) => [d.name, d.start, d.end, d.node.type, d.node.startIndex]),
    types: [...m.typeDecls].map(([k, r]) => [k, r.start, r.node.text]),
    globals: [...m.globals].map(([k, g]) => [k, g.type?.node.text, g.value?.node.text]),
    funcs: [...m.funcs.keys()],
    methods: [...m.methods].map(([k, v]) => [k, [...v].map(([n, d]) => [n, d.pointerReceiver, d.ref.start])]),
    consts: [...m.consts],
    hash: m.declarationsHash,
  };
}

function freshDecls(parser: Parser, text: string): { type: string; start: number; end: number }[] {
  const t = parser.parse(text)!;
  try {
    return topLevelDecls(t).map((d) => ({ ...d }));
  } finally {
    t.delete();
  }
}

describe('declarations carried through edits', () => {
  const go = useGoParser();

  it('equal a fresh reading after every edit, and are carried for typing in bodies', () => {
    const dir = path.join(FIXTURES, 'predict');
    const text = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.go'))
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8').replace(/^package \w+\n/m, ''))
      .join('\n');
    const rnd = seededRandom(11);
    const pieces = ['x', ' ', '\n', '\n\tv := &T{}\n', 'é😀', '}', '{', '(', '"', '// c\n', '/*', '', 'func g() {\n', 'return nil\n'];
    const doc = new DocumentTree(go.parser, `package p\n${text}`);
    const cache = new PredictionCache();
    let carried = 0;
    let inBody = 0;
    try {
      topLevelDecls(doc.tree!);
      let model = fileModelOf(doc.tree!, undefined, doc.text);
      for (let i = 0; i < 300; i++) {
        const len = doc.text.length;
        // Mostly one keystroke somewhere, sometimes a selection replaced.
        const a = rnd(len);
        const b = rnd(4) === 0 ? Math.min(len, a + rnd(40)) : a;
        const idx = doc.lineIndex;
        const before = doc.tree as Tree;
        doc.applyChange({ range: { start: idx.positionAt(a), end: idx.positionAt(b) }, text: pieces[rnd(pieces.length)] });
        const tree = doc.tree!;
        const step = successionOf(tree);
        if (step?.from === before) carried++;
        assert.deepEqual(topLevelDecls(tree), freshDecls(go.parser, doc.text), `declarations after edit ${i}`);
        const next = fileModelOf(tree, undefined, doc.text);
        if (step?.from === before && step.inBody) {
          inBody++;
          assert.equal(next, model, `the model is carried over an edit in a function body (edit ${i})`);
        }
        model = next;
        const fresh = go.parser.parse(doc.text)!;
        try {
          assert.deepEqual(describe_(model), describe_(new FileModel(fresh.rootNode, undefined, doc.text)), `model after edit ${i}`);
          // Predictions from the carried model equal those of a fresh tree, for the edited function.
          const only = [{ start: a, end: a + 1 }];
          const mine = predictFunctions(tree, '/x/p.go', doc.text, only, { goVersion: 'go1.26', cache });
          const theirs = predictFunctions(fresh, '/x/p.go', doc.text, only, { goVersion: 'go1.26' });
          assert.deepEqual(mine, theirs, `predictions after edit ${i}`);
        } finally {
          fresh.delete();
        }
      }
      // Typing into one function body of the file as it was: every keystroke takes the fast path,
      // whatever the random edits above happened to hit.
      doc.applyChange({ text: `package p\n${text}` });
      model = fileModelOf(doc.tree!, undefined, doc.text);
      const header = 'func goroutine() int {';
      let at = doc.text.indexOf(header) + header.length;
      assert.ok(at > header.length, 'the fixture has func goroutine');
      for (const ch of '\n\ty := 2 + x') {
        const before = doc.tree as Tree;
        const p = doc.lineIndex.positionAt(at++);
        doc.applyChange({ range: { start: p, end: p }, text: ch });
        const step = successionOf(doc.tree!);
        assert.ok(step?.from === before && step.inBody, `typing ${JSON.stringify(ch)} in a body carries the declarations`);
        const next = fileModelOf(doc.tree!, undefined, doc.text);
        assert.equal(next, model, `typing ${JSON.stringify(ch)} in a body carries the model`);
        const fresh = go.parser.parse(doc.text)!;
        try {
          assert.deepEqual(describe_(next), describe_(new FileModel(fresh.rootNode, undefined, doc.text)));
        } finally {
          fresh.delete();
        }
      }
    } finally {
      doc.delete();
    }
    // Most random keystrokes land inside a declaration: the fast path must actually be taken.
    assert.ok(carried > 100, `declarations carried over ${carried} of 300 edits`);
    assert.ok(inBody > 0, 'some random edits landed in function bodies');
  });
});
