// PGO-true analysis with the real go: the fixture's library is compiled with its main package's
// default.pgo by `go build ./cmd/app` (and without it by `go build ./lib`); analysed with the
// profile the look-up finds, its verdicts are those of the main package's build.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzePackage, DEFAULT_ANALYZE_SETTINGS } from '../../../server/src/core/compiler/analyze';
import { analyzeModules } from '../../../server/src/core/compiler/analyzeModule';
import { parseCompilerText } from '../../../server/src/core/compiler/parseText';
import { groupPatterns } from '../../../server/src/core/compiler/patterns';
import type { Finding } from '../../../server/src/core/findings';
import { choosePgo, findPgoMains } from '../../../server/src/core/profile/pgo';
import { planPgoRuns, profileOfDir } from '../../../server/src/core/profile/pgoPlan';
import { loadProfiles } from '../../../server/src/core/profile/profileSet';
import { lineWeight, weightOf } from '../../../server/src/core/profile/weights';
import { REPO } from '../../helpers/lspClient';
import { markedLines } from '../../helpers/profileRuns';
import { copyFixture, FIXTURES, hasGo, removeDir } from '../../helpers/tempModule';

const CLI = path.join(REPO, 'dist', 'cli.js');
const SETTINGS = { ...DEFAULT_ANALYZE_SETTINGS, env: { GOFLAGS: '' } };
const ENV = { ...process.env, GOFLAGS: '', GOTOOLCHAIN: 'local' };
const verdicts = (fs: Finding[]) => fs.map((f) => `${f.line}:${f.column}: ${f.message}`).sort();

describe('PGO-true analysis (real go)', function () {
  this.timeout(240_000);
  // Two checkouts: the build cache keys compiles by package directory, so the go build of one
  // cannot replay output into the analysis of the other.
  let mine = '';
  let theirs = '';
  let inlined = 0;
  before(function () {
    if (!hasGo()) this.skip();
    mine = copyFixture(path.join(FIXTURES, 'profile', 'pgo'));
    theirs = copyFixture(path.join(FIXTURES, 'profile', 'pgo'));
    [inlined] = markedLines(path.join(mine, 'lib', 'lib.go'), 'pgo: inlined');
  });
  after(() => {
    if (mine) removeDir(mine);
    if (theirs) removeDir(theirs);
  });

  it('go build gives the library the profile only as a dependency of the main package', () => {
    const lib = spawnSync('go', ['build', '-n', './lib'], { cwd: theirs, encoding: 'utf8', env: ENV });
    const app = spawnSync('go', ['build', '-n', '-o', '/dev/null', './cmd/app'], { cwd: theirs, encoding: 'utf8', env: ENV });
    assert.equal(lib.status, 0, lib.stderr);
    assert.doesNotMatch(lib.stderr, /-pgoprofile/);
    const libCompile = app.stderr.split('\n').find((l) => /compile .*-p example\.com\/pgofix\/lib /.test(l));
    assert.match(libCompile ?? '', /-pgoprofile=/);
  });

  it('finds the main package that imports the library and its default.pgo', async () => {
    const lookup = await findPgoMains({ dir: path.join(mine, 'lib'), settings: SETTINGS });
    assert.equal(lookup.importPath, 'example.com/pgofix/lib');
    assert.deepEqual(lookup.mains, [{ dir: path.join(mine, 'cmd', 'app'), importPath: 'example.com/pgofix/cmd/app', profile: path.join(mine, 'cmd', 'app', 'default.pgo') }]);
    const own = await findPgoMains({ dir: path.join(mine, 'cmd', 'app'), settings: SETTINGS });
    assert.equal(own.mains[0]?.importPath, 'example.com/pgofix/cmd/app');
  });

  it('analyses the library as go build of the main package compiles it', async () => {
    const dir = path.join(mine, 'lib');
    const choice = choosePgo('auto', await findPgoMains({ dir, settings: SETTINGS }));
    const withPgo = await analyzePackage({ dir, pgo: choice.pgo, settings: SETTINGS });
    const alone = await analyzePackage({ dir, settings: SETTINGS });
    assert.equal(withPgo.status, 'ok', withPgo.summary);
    assert.equal(alone.status, 'ok', alone.summary);
    assert.ok(withPgo.args.includes(`-pgo=${path.join(mine, 'cmd', 'app', 'default.pgo')}`));

    // The verdict that changes: under PGO the hot call is inlined and its &Acc{} stays on the stack.
    assert.deepEqual(withPgo.findings.filter((f) => f.line === inlined).map((f) => f.message), ['&Acc{} does not escape']);
    assert.deepEqual(alone.findings.filter((f) => f.line === inlined), []);

    const build = spawnSync('go', ['build', '-o', '/dev/null', '-gcflags=example.com/pgofix/lib=-m', './cmd/app'], { cwd: theirs, encoding: 'utf8', env: ENV });
    assert.equal(build.status, 0, build.stderr);
    const shipped = parseCompilerText(build.stderr, { cwd: theirs }).findings.filter((f) => f.file === path.join(theirs, 'lib', 'lib.go'));
    assert.ok(shipped.length > 0, build.stderr);
    assert.deepEqual(verdicts(withPgo.findings), verdicts(shipped));
    assert.notDeepEqual(verdicts(alone.findings), verdicts(shipped));
  });

  it('the CLI applies it by default, says so, and --pgo off turns it off', function () {
    if (!fs.existsSync(CLI)) this.skip();
    const run = (args: string[]) => spawnSync(process.execPath, [CLI, '--json', '--include', 'all', ...args, 'lib'], { cwd: mine, encoding: 'utf8', env: ENV });
    const auto = run([]);
    assert.equal(auto.status, 0, auto.stderr);
    assert.match(auto.stderr, /\.\/lib: analysed with \.\/cmd\/app\/default\.pgo, the PGO profile of example\.com\/pgofix\/cmd\/app/);
    const found = auto.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((o) => o.line === inlined);
    assert.deepEqual(found.map((o) => [o.message, o.pgo]), [['&Acc{} does not escape', path.join(mine, 'cmd', 'app', 'default.pgo')]]);
    const off = run(['--pgo', 'off']);
    assert.equal(off.status, 0, off.stderr);
    assert.equal(off.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((o) => o.line === inlined).length, 0);
  });

  it('splits a module-wide analysis into one go run per profile that applies', async () => {
    const profile = path.join(mine, 'cmd', 'app', 'default.pgo');
    const plan = await planPgoRuns(groupPatterns(['./...'], mine), 'auto', SETTINGS);
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.groups.map((g) => [[...g.targets].sort(), g.pgo]), [
      [['example.com/pgofix/cmd/app', 'example.com/pgofix/lib'], profile],
      [['example.com/pgofix/solo'], undefined],
    ]);
    assert.equal(profileOfDir(plan, path.join(mine, 'lib')), profile);
    assert.equal(profileOfDir(plan, path.join(mine, 'solo')), undefined);
    const r = await analyzeModules({ groups: plan.groups, settings: SETTINGS });
    assert.equal(r.status, 'ok', r.summaries.join('\n'));
    assert.equal(r.runs, 2);
    const lib = path.join(mine, 'lib', 'lib.go');
    assert.deepEqual(r.findings.filter((f) => f.file === lib && f.line === inlined).map((f) => f.message), ['&Acc{} does not escape']);
    const solo = path.join(mine, 'solo', 'solo.go');
    const [boxed] = markedLines(solo, 'pgo: solo');
    assert.deepEqual(r.findings.filter((f) => f.file === solo && f.line === boxed).map((f) => f.message), ['moved to heap: v']);
  });

  it('the CLI on ./... marks only the findings compiled under a profile', function () {
    if (!fs.existsSync(CLI)) this.skip();
    const r = spawnSync(process.execPath, [CLI, '--json', '--include', 'all', './...'], { cwd: mine, encoding: 'utf8', env: ENV });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /\.\/lib: analysed with \.\/cmd\/app\/default\.pgo/);
    assert.doesNotMatch(r.stderr, /solo/);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const at = (rel: string) => out.filter((o) => o.file === path.join(mine, rel));
    assert.ok(at('lib/lib.go').length > 0 && at('solo/solo.go').length > 0);
    assert.ok(at('lib/lib.go').every((o) => o.pgo === path.join(mine, 'cmd', 'app', 'default.pgo')));
    assert.ok(at('solo/solo.go').every((o) => o.pgo === undefined));
  });

  it('reads default.pgo as a CPU profile made on another machine', async () => {
    const { set, messages } = await loadProfiles([path.join(mine, 'cmd', 'app', 'default.pgo')]);
    assert.deepEqual(messages, []);
    assert.equal(set.groups[0].kind, 'cpu');
    const lib = path.join(mine, 'lib', 'lib.go');
    const [site] = markedLines(lib, 'pgo: escapes either way');
    const w = weightOf(set, { file: lib, line: site })!;
    assert.equal(w.function, 'NewAcc');
    assert.ok(w.functionShare! > 0.2, `NewAcc's share ${w.functionShare}`);
    // The main package's file is matched by its module-relative path under the other root.
    const main = path.join(mine, 'cmd', 'app', 'main.go');
    const loop = fs.readFileSync(main, 'utf8').split('\n').findIndex((l) => l.includes('t += lib.Score(i)')) + 1;
    assert.ok(lineWeight(set, main, loop)!.share > 0.5);
  });
});
