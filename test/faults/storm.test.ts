// Edit storm: hundreds of random unsaved edits in a few seconds, most of them leaving the file
// unparsable, with hovers in between. Afterwards the diagnostics are the compiler's verdict on the final text; during
// the storm there is never more than one go build for the package; after shutdown no go
// process and no temporary file is left.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mulberry32 } from '../helpers/seededRandom';
import { offSurrogate, positionAt } from './helpers/textModel';
import { FIXTURES, copyFixture, hasGo } from '../helpers/tempModule';
import { Harness, cliVerdict, compilerKeys, hover, removeAll, startServer } from './helpers/harness';
import { ProcInfo, allProcesses, descendantsOf, isAlive, isGoBuild, pollUntil } from './helpers/procs';

const FRAGMENTS = ['{', '}', '(', ')', '\n', '"', '/*', 'x := &User{}\n', 'return &u\n', 'func (', ' ', 'ü', '😀', '\t', 'u.', 'make([]byte, n)', ';', 'var v any = 1\n'];

/** A listing of `dir` with modification times, for failure messages. */
function listTree(dir: string): string {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((f) => `${f} (${new Date(fs.statSync(path.join(dir, f)).mtimeMs).toISOString()})`)
    .join('\n');
}


describe('faults: edit storm', function () {
  let dir: string;
  let h: Harness | undefined;
  let verdictDir: string | undefined;

  before(function () {
    if (!hasGo()) this.skip();
  });

  afterEach(async () => {
    await h?.client.stop();
    removeAll(dir, verdictDir, h?.tmp);
    h = undefined;
  });

  it('ends with the compiler verdict on the final text, one go build at a time, nothing left behind', async function () {
    const seed = Number(process.env.STORM_SEED ?? 20260417);
    const random = mulberry32(seed);
    dir = copyFixture(path.join(FIXTURES, 'faults', 'storm'));
    const main = path.join(dir, 'main.go');
    const original = fs.readFileSync(main, 'utf8');
    h = await startServer({ rootDir: dir, settings: { debounceMs: 20 } });
    const { client, pid } = h;
    client.open(main, original);
    await client.waitForDiagnostics(main, (ds) => ds.some((d) => d.data?.origin === 'compiler'));

    // Sample the process table while the storm runs.
    const seenGo = new Map<number, ProcInfo>();
    let maxConcurrent = 0;
    let worst: string[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        // A scan of /proc is not atomic: a run that ended early in the scan and its successor seen
        // later would look concurrent. Count only builds still alive when the scan is over.
        const builds = descendantsOf(pid, allProcesses()).filter((p) => p.ppid === pid && isGoBuild(p)).filter((p) => isAlive(p.pid));
        if (builds.length > maxConcurrent) {
          maxConcurrent = builds.length;
          worst = builds.map((b) => b.argv.join(' '));
        }
        for (const b of builds) seenGo.set(b.pid, b);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();

    let text = original;
    let unparsable = 0;
    const EDITS = 400;
    for (let i = 0; i < EDITS; i++) {
      const r = random();
      let start = offSurrogate(text, Math.floor(random() * (text.length + 1)));
      let end = start;
      let insert = '';
      if (r < 0.55) {
        insert = FRAGMENTS[Math.floor(random() * FRAGMENTS.length)];
      } else if (r < 0.85) {
        end = offSurrogate(text, Math.min(text.length, start + 1 + Math.floor(random() * 20)));
      } else {
        end = offSurrogate(text, Math.min(text.length, start + 1 + Math.floor(random() * 8)));
        insert = FRAGMENTS[Math.floor(random() * FRAGMENTS.length)];
      }
      if (end < start) [start, end] = [end, start];
      client.change(main, { start: positionAt(text, start), end: positionAt(text, end) }, insert);
      text = text.slice(0, start) + insert + text.slice(end);
      if (/[{(]\s*$/.test(insert) || insert === '"' || insert === '/*') unparsable++;
      // The server keeps answering requests in the middle of it.
      if (i % 40 === 39) await hover(client, main, Math.floor(random() * 30), Math.floor(random() * 20));
      // Mostly faster than the debounce, sometimes slower: runs start and get cancelled.
      const gap = random() < 0.15 ? 20 + Math.floor(random() * 60) : Math.floor(random() * 6);
      if (gap > 0) await new Promise((res) => setTimeout(res, gap));
    }

    // The last edit turns the buffer into a program that compiles: the original plus functions
    // whose verdicts are new, so that a stale result cannot pass for the final one.
    const extra = [0, 1, 2].map((k) => `\nfunc storm${seed % 1000}_${k}() *[${k + 1}]int {\n\tv${k} := [${k + 1}]int{}\n\treturn &v${k}\n}\n`).join('');
    const finalText = original + extra;
    const finalVersion = client.change(main, { start: { line: 0, character: 0 }, end: positionAt(text, text.length) }, finalText);

    verdictDir = copyFixture(path.join(FIXTURES, 'faults', 'storm'));
    fs.writeFileSync(path.join(verdictDir, 'main.go'), finalText);
    const expected = cliVerdict(verdictDir).get(path.join(verdictDir, 'main.go')) ?? [];
    assert.ok(expected.some((k) => k.includes('moved to heap: v2')), `the CLI's verdict has the new finding: ${expected.join(', ')}`);

    const uri = client.uri(main);
    await client.waitForDiagnostics(main, (ds) => client.diagnostics.get(uri)?.version === finalVersion && JSON.stringify(compilerKeys(ds)) === JSON.stringify(expected));
    // Once everything has settled, no late (stale) run may have replaced the verdict.
    assert.ok(await pollUntil(() => descendantsOf(pid).length === 0, 30000), 'go runs end after the storm');
    await new Promise((r) => setTimeout(r, 500));
    sampling = false;
    await sampler;
    const last = client.diagnostics.get(uri)!;
    assert.equal(last.version, finalVersion);
    assert.deepEqual(compilerKeys(last.diagnostics), expected);
    assert.deepEqual(last.diagnostics.filter((d) => d.data?.origin !== 'compiler').map((d) => d.message), [], 'nothing but the verdict is shown');

    assert.ok(unparsable > 20, `the storm left the file unparsable many times (${unparsable})`);
    assert.ok(seenGo.size >= 2, `the storm started go builds (${seenGo.size} seen), so the concurrency check means something`);
    assert.ok(maxConcurrent <= 1, `at most one go build for the package at a time, saw ${maxConcurrent}:\n${worst.join('\n')}`);

    await client.stop();
    const survivors = [...seenGo.keys()].filter(isAlive);
    assert.deepEqual(survivors, [], 'no go process survives the server');
    assert.ok(await pollUntil(() => fs.readdirSync(h!.tmp).length === 0, 5000), `no temp files left in the server's TMPDIR:\n${listTree(h.tmp)}`);
  });
});
