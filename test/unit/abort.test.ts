// Superseded work is stopped on every keystroke. Node's AbortController.abort() makes a new
// DOMException, with a captured stack, on every call, even on a signal already aborted; the
// server stops work through abortOnce, which does neither.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { abortOnce } from '../../server/src/core/util/abort';

const SERVER_SRC = path.join(__dirname, '..', '..', '..', 'server', 'src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('abortOnce', () => {
  it('aborts with one shared reason, and does nothing to a signal already aborted', () => {
    const a = new AbortController();
    const b = new AbortController();
    let events = 0;
    a.signal.addEventListener('abort', () => events++);
    abortOnce(a);
    abortOnce(a);
    abortOnce(b);
    abortOnce(undefined);
    assert.equal(events, 1);
    assert.ok(a.signal.aborted && b.signal.aborted);
    assert.equal(a.signal.reason, b.signal.reason, 'no new reason per call');
    assert.equal((a.signal.reason as DOMException).name, 'AbortError');
  });

  it('is how the server stops work (the CLI stops once, on a signal)', () => {
    const calls = sources(SERVER_SRC)
      .filter((f) => !f.includes(`${path.sep}cli${path.sep}`) && !f.endsWith(path.join('util', 'abort.ts')))
      .flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').map((l, i) => ({ at: `${path.relative(SERVER_SRC, f)}:${i + 1}`, l })))
      .filter(({ l }) => /\.abort\(/.test(l))
      .map(({ at, l }) => `${at}: ${l.trim()}`);
    assert.deepEqual(calls, []);
  });
});
