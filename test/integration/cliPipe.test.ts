// `go-escape ./... | head`: when the reader of its output goes away, the CLI stops writing and
// exits without a stack trace, whether the pipe closes before it writes or in the middle.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { REPO } from '../helpers/lspClient';
import { hasGo, makeModule, removeDir } from '../helpers/tempModule';

const CLI = path.join(REPO, 'dist', 'cli.js');

/** Enough findings that the output is larger than a pipe's buffer (64 KiB on Linux). */
function manyFindings(n: number): string {
  const out = ['package p', '', 'type T struct{ a [4]int }', ''];
  for (let i = 0; i < n; i++) out.push(`func NewValueNumber${i}() *T {\n\tvalueNumber${i} := T{}\n\treturn &valueNumber${i}\n}\n`);
  return out.join('\n');
}

function runClosing(cwd: string, closeAfterBytes: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; read: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, './...'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let read = 0;
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    if (closeAfterBytes === 0) child.stdout.destroy();
    else {
      child.stdout.on('data', (b: Buffer) => {
        read += b.length;
        if (read >= closeAfterBytes) child.stdout.destroy();
      });
    }
    child.on('close', (code, signal) => resolve({ code, signal, stderr, read }));
  });
}

describe('CLI output into a pipe that closes', function () {
  this.timeout(120_000);
  let dir = '';
  before(function () {
    if (!hasGo()) this.skip();
    dir = makeModule({ 'p/p.go': manyFindings(3000) });
  });
  after(() => dir && removeDir(dir));

  for (const [when, bytes] of [['before the first write', 0], ['after the first line', 1]] as const) {
    it(`exits quietly when the reader goes away ${when}`, async () => {
      const r = await runClosing(dir, bytes);
      assert.equal(r.stderr, '', 'no stack trace, no message');
      assert.equal(r.signal, null);
      assert.equal(r.code, 0);
      if (bytes > 0) assert.ok(r.read > 0 && r.read < 3000 * 30, `read ${r.read} bytes, not the whole output`);
    });
  }
});
