// The opt-in categories inline, bounds and nil with the real go: the fixture's `want` comments
// are what the installed compiler decides, the CLI prints them when asked, and when they are not
// asked for the go command gets no extra flag.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseInclude } from '../../../server/src/core/categories';
import { DEFAULT_ANALYZE_SETTINGS, analyzePackage } from '../../../server/src/core/compiler/analyze';
import { decisionCompilerFlags, decisionsNeedExplain } from '../../../server/src/core/compiler/decisions';
import { decisionsAsWants } from '../../helpers/decisionWants';
import { useGoParser } from '../../helpers/goParser';
import { REPO } from '../../helpers/lspClient';
import { FIXTURES, copyFixture, hasGo, removeDir } from '../../helpers/tempModule';
import { readWants, wantKeys } from '../../helpers/wants';

const CLI = path.join(REPO, 'dist', 'cli.js');

describe('compiler decisions with the real go', function () {
  this.timeout(120000);
  const s = useGoParser();
  let dir: string | undefined;
  before(function () {
    if (!hasGo()) this.skip();
    dir = copyFixture(path.join(FIXTURES, 'assert', 'decisions'));
  });
  after(() => dir && removeDir(dir));

  it('decides what the fixture wants', async function () {
    const { include } = parseInclude('inline,bounds,nil');
    const settings = { ...DEFAULT_ANALYZE_SETTINGS, compilerFlags: decisionCompilerFlags(include) };
    const r = await analyzePackage({ dir: dir!, explain: decisionsNeedExplain(include), decisions: true, settings });
    assert.equal(r.status, 'ok', r.summary);
    assert.deepEqual(wantKeys(decisionsAsWants(r.findings, s.parser)), wantKeys(readWants(path.join(dir!, 'd.go'))));
  });

  it('prints them from the CLI when named, with their parts in JSON', function () {
    const lines = execFileSync(process.execPath, [CLI, '--json', '--include', 'inline,bounds,nil', dir!], { encoding: 'utf8' }).trim().split('\n').map((l) => JSON.parse(l));
    const loops = lines.find((f) => f.message.startsWith('cannot inline loops'));
    assert.deepEqual({ category: loops.category, rule: loops.rule, line: loops.line, column: loops.column, decision: loops.decision }, {
      category: 'inline', rule: 'not-inlined', line: 17, column: 6,
      decision: { function: 'loops', inlined: false, reason: 'function too complex: cost 92 exceeds budget 80', cost: 92, budget: 80 },
    });
    assert.ok(lines.some((f) => f.category === 'bounds' && f.message === 'Found IsSliceInBounds' && f.line === 27 && f.column === 8));
    assert.ok(lines.some((f) => f.category === 'nil' && f.line === 31 && f.column === 33));
    assert.ok(lines.every((f) => ['inline', 'bounds', 'nil'].includes(f.category)), 'only the named categories');
  });

  it('passes no extra flag when they are off', function () {
    // A go that records its arguments, then runs the real one.
    const log = path.join(dir!, 'calls.log');
    const fake = path.join(dir!, 'recording-go');
    fs.writeFileSync(fake, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec go "$@"\n`, { mode: 0o755 });
    const run = (...args: string[]) => {
      fs.rmSync(log, { force: true });
      const out = execFileSync(process.execPath, [CLI, '--go', fake, ...args, dir!], { encoding: 'utf8' });
      return { out, builds: fs.readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('list ')) };
    };
    for (const include of [[], ['--include', 'all']]) {
      const { out, builds } = run(...include);
      assert.equal(builds.length, 1, builds.join('\n'));
      assert.match(builds[0], /-gcflags=-m \./);
      assert.doesNotMatch(out, /inlining call|Found Is|nil check/);
    }
    const { builds } = run('--include', 'bounds,nil');
    assert.match(builds[0], /-gcflags=-m -d=ssa\/check_bce\/debug=1 -d=nil \./);
  });
});
