// go1.19 names overlay replacement files in its output where later versions name the real files.
// The output is rewritten once, so findings, errors, the log and what the predictor learns about
// parameters all name the user's files.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { createOverlay, withOriginalPaths } from '../../server/src/core/compiler/overlay';
import { parseCompilerText } from '../../server/src/core/compiler/parseText';
import { leakMessagesByPackage } from '../../server/src/core/predict/facts/packageFacts';

describe('overlay replacement paths in compiler output', () => {
  it('names the real files everywhere in the output', async () => {
    const real = '/work/m/main.go';
    const overlay = await createOverlay(new Map([[real, 'package main\n']]));
    try {
      const [repl] = [...overlay.reverse.keys()];
      assert.ok(repl && repl !== real && path.basename(repl).endsWith('main.go'));
      const output = `# example.com/m\n${repl}:5:10: leaking param: u\n${repl}:9:2: moved to heap: v\n${repl}:12:1: undefined: x\n`;
      const text = withOriginalPaths(output, overlay.reverse);
      assert.ok(!text.includes(repl), text);
      const parsed = parseCompilerText(text, { cwd: '/work/m' });
      assert.deepEqual(parsed.findings.map((f) => f.file), [real, real]);
      assert.deepEqual(parsed.errors.map((e) => e.file), [real]);
      assert.deepEqual(leakMessagesByPackage(text, '/work/m').get('example.com/m')?.map((m) => m.file), [real, real]);
    } finally {
      await overlay.dispose();
    }
  });

  it('names the real files where the output gives replacements relative to the go command\'s directory', () => {
    const reverse = new Map([['/tmp/go-escape-x/0-main.go', '/work/m/main.go']]);
    const out = withOriginalPaths('../../tmp/go-escape-x/0-main.go:3:23: cannot use "s" (untyped string constant) as int value\n', reverse, '/work/m');
    assert.equal(out, '/work/m/main.go:3:23: cannot use "s" (untyped string constant) as int value\n');
  });

  it('leaves output that already names the real files alone', () => {
    const out = './main.go:5:10: leaking param: u\n';
    assert.equal(withOriginalPaths(out, new Map([['/tmp/go-escape-x/0-main.go', '/work/m/main.go']])), out);
  });
});
