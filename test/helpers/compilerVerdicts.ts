// Compiles Go files as one package in a temporary module with the real go (-gcflags=-m) and returns
// the `moved to heap` and `escapes to heap` verdicts on one of them, for tests that check the
// predictor against the compiler.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The installed Go's minor version (26 for go1.26), or undefined without a toolchain. */
export function installedGoMinor(): number | undefined {
  const v = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' });
  const m = v.status === 0 ? /^go1\.(\d+)/.exec(v.stdout) : null;
  return m ? Number(m[1]) : undefined;
}

/**
 * `files`: base name to text. Returns `line: message` (or `line:column: message` with `columns`)
 * for the verdicts on `file`, sorted.
 */
export function compilerVerdicts(files: Record<string, string>, file: string, opts: { goDirective?: string; columns?: boolean } = {}): string[] {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-verdicts-'));
  try {
    fs.writeFileSync(path.join(tmp, 'go.mod'), `module p\n\ngo ${opts.goDirective ?? '1.23'}\n`);
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(tmp, name), text);
    const r = spawnSync('go', ['build', '-gcflags=-m', '.'], { cwd: tmp, env: { ...process.env, GOFLAGS: '', GOTOOLCHAIN: 'local', GOWORK: 'off' }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const re = new RegExp(`^\\./${file.replace(/\./g, '\\.')}:(\\d+):(\\d+): (moved to heap: \\S+|\\S.* escapes to heap)$`, 'gm');
    return [...r.stderr.matchAll(re)].map((m) => (opts.columns ? `${m[1]}:${m[2]}: ${m[3]}` : `${m[1]}: ${m[3]}`)).sort();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
