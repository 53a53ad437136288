// Compiler output replayed from a build cache that a user's own builds filled first. The go
// command replays a cached compile's -m lines with the paths as printed for the first build's
// working directory; everything that reads them (findings, errors, flow steps, the facts the
// predictor learns) must name the same files as with a fresh cache. Each case fills a private
// GOCACHE the way a terminal would before the analysis runs.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { analyzePackage, DEFAULT_ANALYZE_SETTINGS } from '../../server/src/core/compiler/analyze';
import { packageFacts } from '../../server/src/core/predict/facts/factsCache';
import { serialiseKnowledge } from '../../server/src/core/predict/facts/packageFacts';
import { useGoParser } from '../helpers/goParser';
import { REPO } from '../helpers/lspClient';
import { PrivateCache, privateCache } from '../helpers/poisonedCache';
import { hasGo, makeModule, removeDir } from '../helpers/tempModule';

const CLI = path.join(REPO, 'dist', 'cli.js');

const SUB = `package sub

type U struct{ n int }

func F() *U {
	u := U{}
	return &u
}
`;

const SUB_TEST = `package sub

func helper() *U {
	v := U{n: 1}
	return &v
}
`;

describe('compiler output replayed from a cache the user filled', function () {
  this.timeout(180_000);
  const ctx = useGoParser();
  let root = '';
  let sub = '';
  let cache: PrivateCache | undefined;
  before(function () {
    if (!hasGo()) this.skip();
    root = makeModule({ 'sub/s.go': SUB, 'sub/s_test.go': SUB_TEST, 'main.go': 'package main\n\nimport _ "cb/sub"\n\nfunc main() {}\n' }, 'cb');
    sub = path.join(root, 'sub');
    cache = privateCache();
    // The article's own commands, from the module root.
    for (const level of ['-m', '-m=2']) {
      cache.go(root, 'build', `-gcflags=${level}`, './...');
      cache.go(root, 'test', '-c', '-o', '/dev/null', `-gcflags=${level}`, './sub');
    }
    assert.match(cache.go(root, 'build', '-gcflags=-m', './...'), /^sub\/s\.go:6:2: moved to heap: u$/m, 'the cache replays root-relative paths');
  });
  after(() => {
    if (root) removeDir(root);
    cache?.remove();
  });

  const settings = () => ({ ...DEFAULT_ANALYZE_SETTINGS, env: { GOCACHE: cache!.dir, GOFLAGS: '', GOWORK: 'off' } });

  it('the CLI finds the subpackage\'s verdict, from the root and from inside it', () => {
    const fromRoot = spawnSync(process.execPath, [CLI, 'sub'], { cwd: root, env: cache!.env, encoding: 'utf8' });
    assert.equal(fromRoot.status, 0, fromRoot.stderr);
    assert.equal(fromRoot.stdout, './sub/s.go:6:2: moved to heap: u\n');
    assert.equal(fromRoot.stderr, '');
    const inside = spawnSync(process.execPath, [CLI, '.'], { cwd: sub, env: cache!.env, encoding: 'utf8' });
    assert.equal(inside.stdout, './s.go:6:2: moved to heap: u\n');
  });

  it('the CLI places a module-wide run\'s test variants, from the root and from inside the package', () => {
    for (const [cwd, pattern, prefix] of [[root, './...', './sub/'], [sub, '.', './']]) {
      const r = spawnSync(process.execPath, [CLI, '--tests', pattern], { cwd, env: cache!.env, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, `${prefix}s.go:6:2: moved to heap: u\n${prefix}s_test.go:4:2: moved to heap: v\n`);
      assert.equal(r.stderr, '');
    }
  });

  it('analyzePackage places findings and their explanation steps in the package\'s files', async () => {
    const file = path.join(sub, 's.go');
    const r = await analyzePackage({ dir: sub, explain: true, settings: settings() });
    assert.equal(r.status, 'ok', r.summary);
    assert.deepEqual(r.warnings, []);
    const moved = r.findings.filter((f) => f.category === 'moved');
    assert.deepEqual(moved.map((f) => `${f.file}:${f.line}:${f.column}: ${f.message}`), [`${file}:6:2: moved to heap: u`]);
    const steps = moved[0].flows?.flatMap((fl) => fl.steps) ?? [];
    assert.ok(steps.length >= 2, 'the -m=2 explanation was replayed and paired');
    assert.deepEqual([...new Set(steps.map((s) => s.file))], [file]);
    assert.ok(r.stderr.includes(`${file}:6:2: moved to heap: u`), 'the output handed on (log, predictor) names the real file');
  });

  it('analyzePackage with tests places the test variant\'s findings too', async () => {
    const r = await analyzePackage({ dir: sub, tests: true, settings: settings() });
    assert.equal(r.status, 'ok', r.summary);
    assert.deepEqual(r.findings.filter((f) => f.category === 'moved').map((f) => `${path.relative(root, f.file)}:${f.line}: ${f.message}`), ['sub/s.go:6: moved to heap: u', 'sub/s_test.go:4: moved to heap: v']);
  });

  it('errors are placed in the package\'s files', async () => {
    const broken = makeModule({ 'sub/s.go': SUB.replace('return &u', 'return u') }, 'cb');
    try {
      const r = await analyzePackage({ dir: path.join(broken, 'sub'), settings: settings() });
      assert.equal(r.status, 'build-failed');
      assert.equal(r.errors.find((e) => e.file)?.file, path.join(broken, 'sub', 's.go'));
    } finally {
      removeDir(broken);
    }
  });

  it('facts of a standard-library package built from its own directory equal fresh ones', async () => {
    const goroot = spawnSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).stdout.trim();
    const dir = path.join(goroot, 'src', 'unicode', 'utf8');
    assert.match(cache!.go(dir, 'build', '-gcflags=-m', '.'), /^\.\/utf8\.go:/m, 'the cache replays ./utf8.go');
    const fresh = privateCache();
    try {
      const req = { goBinary: 'go', goVersion: 'go-test', importPath: 'unicode/utf8', cwd: root, parser: ctx.parser, cacheDir: path.join(fresh.dir, 'facts') };
      const poisoned = await packageFacts({ ...req, env: cache!.env, cacheDir: path.join(cache!.dir, 'facts') });
      const clean = await packageFacts({ ...req, env: fresh.env });
      assert.ok(clean && clean.functions.size > 5, 'fresh facts know the package');
      assert.deepEqual(serialiseKnowledge(poisoned!), serialiseKnowledge(clean));
    } finally {
      fresh.remove();
    }
  });
});
