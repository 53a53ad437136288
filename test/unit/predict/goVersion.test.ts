// Version-dependent rules follow the toolchain they stand in for: before Go 1.25 a make with a
// non-constant size always went to the heap. When an older Go is installed (Debian's
// golang-1.19-go, or one named by GO_ESCAPE_OLD_GO), the predictions made for its version must
// equal its own verdicts on the version-sensitive fixture.
import { FIXTURES } from '../../helpers/tempModule';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { predictFile } from '../../../server/src/core/predict/predictor';
import { createGoParser } from '../../../server/src/core/treesitter/parser';

function olderGo(): { bin: string; version: string } | undefined {
  const candidates = [process.env.GO_ESCAPE_OLD_GO, ...['/usr/lib/go-1.24', '/usr/lib/go-1.22', '/usr/lib/go-1.21', '/usr/lib/go-1.19'].map((d) => path.join(d, 'bin', 'go'))];
  for (const bin of candidates) {
    if (!bin || !fs.existsSync(bin)) continue;
    const r = spawnSync(bin, ['env', 'GOVERSION'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
    const version = r.stdout?.trim();
    const minor = Number(/^go1\.(\d+)/.exec(version ?? '')?.[1]);
    if (r.status === 0 && minor < 25) return { bin, version };
  }
  return undefined;
}

describe('version-dependent predictions', function () {
  this.timeout(120_000);

  it('match an older toolchain on non-constant-size.go', async function () {
    const old = olderGo();
    if (!old) {
      // eslint-disable-next-line no-console
      console.log('    (skipped: no Go older than 1.25 installed; set GO_ESCAPE_OLD_GO to one)');
      this.skip();
    }
    const src = path.join(FIXTURES, 'predict', 'non-constant-size.go');
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-oldgo-'));
    try {
      fs.writeFileSync(path.join(tmp, 'go.mod'), 'module fixtures\n\ngo 1.19\n');
      const file = path.join(tmp, 'x.go');
      const text = fs.readFileSync(src, 'utf8');
      fs.writeFileSync(file, text);
      const r = spawnSync(old!.bin, ['build', '-gcflags=-m', '.'], { cwd: tmp, encoding: 'utf8', env: { ...process.env, GOFLAGS: '', GOTOOLCHAIN: 'local', GOWORK: 'off' } });
      assert.equal(r.status, 0, r.stderr);
      const compiled = r.stderr
        .split('\n')
        .map((l) => /^\.\/x\.go:(\d+):\d+: (moved to heap: \S+|\S.* escapes to heap)$/.exec(l))
        .filter((m): m is RegExpExecArray => !!m)
        .map((m) => `${m[1]}: ${m[2]}`);
      const parser = await createGoParser();
      const tree = parser.parse(text)!;
      try {
        const predicted = predictFile(tree, file, text, { goVersion: old!.version }).map((f) => `${f.line}: ${f.message}`);
        assert.deepEqual([...new Set(predicted)].sort(), [...new Set(compiled)].sort());
        assert.ok(compiled.some((c) => c.startsWith('5: make')), `${old!.version} heap-allocates the local variable-size make`);
      } finally {
        tree.delete();
        parser.delete();
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
