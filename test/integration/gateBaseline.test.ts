// `go-escape check` against a baseline, with the real go on a fixture module under git history
// made at test time (test/fixtures/gate). Each case starts from the base commit, commits an edit
// and checks it twice: against a baseline file written at the base (`baseline --output`) and
// against the base commit itself (`--base`, analysed in a temporary worktree).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GitModule, gitModule } from '../helpers/gitModule';
import { REPO } from '../helpers/lspClient';
import { PrivateCache, privateCache } from '../helpers/poisonedCache';
import { FIXTURES, hasGo, removeDir } from '../helpers/tempModule';

const CLI = path.join(REPO, 'dist', 'cli.js');

interface Reported {
  kind: string;
  file: string;
  line: number;
  column: number;
  message: string;
  category?: string;
  rule?: string;
  function?: string;
  detail?: string;
}

describe('check against a baseline', function () {
  this.timeout(300_000);
  let mod: GitModule;
  let base = '';
  let cache: PrivateCache;
  let scratch = '';
  let baselineFile = '';
  const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: mod.dir, env: cache.env, encoding: 'utf8' });

  before(function () {
    if (!hasGo() || spawnSync('git', ['--version']).status !== 0) this.skip();
    cache = privateCache();
    mod = gitModule(path.join(FIXTURES, 'gate'));
    base = mod.commit('base');
    scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-gate-')));
    baselineFile = path.join(scratch, 'baseline.json');
    const r = cli('baseline', '--output', baselineFile, './...');
    assert.equal(r.status, 0, r.stderr);
  });
  after(() => {
    if (mod) removeDir(mod.dir);
    if (scratch) removeDir(scratch);
    cache?.remove();
  });
  beforeEach(function () {
    if (mod) mod.reset(base);
  });

  /** Commits the edit, then checks with the baseline file and with --base; both must agree. */
  function check(edit: () => void, ...extra: string[]): Reported[] {
    edit();
    mod.commit('change');
    const results = [['--baseline', baselineFile], ['--base', base]].map(([flag, value]) => {
      const r = cli('check', flag, value, '--format', 'json', ...extra, './...');
      const reports = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Reported);
      const failing = reports.some((x) => x.kind === 'new');
      assert.equal(r.status, failing ? 1 : 0, `${flag}: exit ${r.status}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /warning/, 'same Go version and flags: no warning');
      return reports;
    });
    assert.deepEqual(results[1], results[0], 'a baseline file and --base report the same');
    return results[0];
  }

  it('writes a baseline with the Go version, the flags and one entry per heap finding', () => {
    const b = JSON.parse(fs.readFileSync(baselineFile, 'utf8'));
    assert.equal(b.format, 'go-escape-baseline');
    assert.match(b.goVersion, /^go\d/);
    assert.deepEqual(b.buildFlags, []);
    assert.deepEqual(
      b.findings.map((f: Reported & { file: string; ordinal: number }) => `${f.file} ${f.function} ${f.message} #${f.ordinal}`),
      ['app/app.go Pair moved to heap: v #0', 'app/app.go Pair moved to heap: v #1', 'app/app.go NewUser moved to heap: u #0'].sort((a, b) => (a < b ? -1 : 1)),
    );
  });

  it('reports nothing new after lines are inserted and deleted, a function is moved and code is reformatted', () => {
    const reports = check(() => {
      mod.edit('app/app.go', '// Package app holds', '// An inserted comment.\n//\n// Package app holds');
      // Move NewUser to the end of the file, reformatted onto more lines.
      mod.edit('app/app.go', /func NewUser\(\) \*User \{\n\tu := User\{ID: 1, Name: "gopher"\}\n\treturn &u\n\}\n/, '');
      fs.appendFileSync(path.join(mod.dir, 'app/app.go'), '\nfunc NewUser() *User {\n\tu := User{\n\t\tID:   1,\n\t\tName: "gopher",\n\t}\n\n\treturn &u\n}\n');
      mod.edit('lib/lib.go', 'var kept *int\n', '');
    });
    assert.deepEqual(reports, []);
  });

  it('reports a new escaping local in a new function once', () => {
    const reports = check(() => fs.appendFileSync(path.join(mod.dir, 'app/app.go'), '\nfunc Fresh() *int {\n\tn := 5\n\treturn &n\n}\n'));
    assert.deepEqual(reports.map((r) => [r.kind, r.message, r.function, r.category, r.rule, path.relative(mod.dir, r.file)]), [['new', 'moved to heap: n', 'Fresh', 'moved', 'returned-address', 'app/app.go']]);
    assert.match(reports[0].detail ?? '', /returned/);
  });

  it('reports an unchanged caller whose local escapes because its callee changed, naming the callee', () => {
    const reports = check(() => mod.edit('lib/lib.go', '\treturn *p', '\tkept = p\n\treturn *p'));
    assert.deepEqual(reports.map((r) => [r.kind, r.message, r.function]), [['new', 'moved to heap: x', 'Caller']]);
    assert.match(reports[0].detail ?? '', /lib\.Keep/, reports[0].detail);
  });

  it('reports one new finding when a function with two identical ones gets a third', () => {
    const reports = check(() => mod.edit('app/app.go', '\treturn out\n', '\t{\n\t\tv := 3\n\t\tout[2] = &v\n\t}\n\treturn out\n'));
    assert.deepEqual(reports.map((r) => [r.kind, r.message, r.function]), [['new', 'moved to heap: v', 'Pair']]);
  });

  it('lists findings that went away with --show-fixed, without failing', () => {
    const reports = check(() => mod.edit('app/app.go', '\tu := User{ID: 1, Name: "gopher"}\n\treturn &u', '\treturn &User{ID: 1, Name: "gopher"}'), '--show-fixed');
    const kinds = reports.map((r) => `${r.kind}: ${r.message}`).sort();
    assert.deepEqual(kinds, ['fixed: moved to heap: u', 'new: &User{...} escapes to heap']);
  });

  it('warns when the baseline was computed with other flags, and keeps matching', () => {
    const r = cli('check', '--baseline', baselineFile, '--build-flags', '-tags=other', './...');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /warning: the baseline was computed with build flags \(none\), this run uses -tags=other/);
  });

  it('treats an unreadable baseline and a bad ref as usage errors', () => {
    assert.equal(cli('check', '--baseline', path.join(scratch, 'missing.json'), './...').status, 2);
    const bad = cli('check', '--base', 'no-such-ref', './...');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /no-such-ref: not a commit/);
  });
});
