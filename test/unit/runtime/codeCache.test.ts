// The launcher runs a bundle as a CommonJS module through V8's code cache: the first start writes
// the cache, later starts use it unchanged, and a damaged cache is replaced, never trusted.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cacheFileFor } from '../../../server/src/runtime/codeCache';

const LAUNCHER = path.resolve(__dirname, '..', '..', '..', 'server', 'src', 'runtime', 'codeCache.js');

describe('code cache launcher', () => {
  let dir: string;
  let bundle: string;
  let cacheDir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-boot-'));
    bundle = path.join(dir, 'app-main.js');
    cacheDir = path.join(dir, 'cache');
    fs.writeFileSync(bundle, '#!/usr/bin/env node\nprocess.stdout.write(JSON.stringify({ file: __filename, dir: __dirname, path: typeof require("node:path").join, self: module.filename, argv: process.argv.slice(2) }));\n');
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  // What dist/server.js does, for this bundle and cache directory.
  const start = () => {
    const launcher = path.join(dir, 'app.js');
    fs.writeFileSync(launcher, `require(${JSON.stringify(LAUNCHER)}).runBundle(${JSON.stringify(bundle)}, ${JSON.stringify(cacheDir)});\n`);
    return JSON.parse(execFileSync(process.execPath, [launcher, 'x'], { encoding: 'utf8' }));
  };

  it('runs the bundle as its own module, and writes the cache at exit', () => {
    assert.deepEqual(start(), { file: bundle, dir, path: 'function', self: bundle, argv: ['x'] });
    assert.ok(fs.statSync(cacheFileFor(bundle, cacheDir)).size > 0);
  });

  it('uses a valid cache as it is, and replaces a damaged one', () => {
    start();
    const cache = cacheFileFor(bundle, cacheDir);
    const accepted = () => {
      fs.utimesSync(cache, new Date(0), new Date(0));
      assert.equal(start().file, bundle);
      return fs.statSync(cache).mtimeMs === 0;
    };
    assert.ok(accepted(), 'a valid cache is used and not written again');
    fs.writeFileSync(cache, Buffer.from('not a code cache'));
    assert.ok(!accepted(), 'a damaged cache is rejected and written again');
    assert.ok(accepted(), 'the rewritten cache is valid');
  });

  it('keeps the cache of another installation of the same bundle', () => {
    start();
    const other = path.join(dir, 'other');
    fs.mkdirSync(other);
    const otherBundle = path.join(other, 'app-main.js');
    fs.copyFileSync(bundle, otherBundle);
    execFileSync(process.execPath, ['-e', `require(${JSON.stringify(LAUNCHER)}).runBundle(${JSON.stringify(otherBundle)}, ${JSON.stringify(cacheDir)})`]);
    assert.deepEqual(fs.readdirSync(cacheDir).sort(), [cacheFileFor(bundle, cacheDir), cacheFileFor(otherBundle, cacheDir)].map((f) => path.basename(f)).sort());
  });

  it('keeps one cache per bundle: a new build replaces the old file and stale temp files', () => {
    start();
    const old = cacheFileFor(bundle, cacheDir);
    const stale = `${old}.12345.tmp`;
    const fresh = `${old}.12346.tmp`;
    fs.writeFileSync(stale, 'left by a killed start');
    fs.utimesSync(stale, new Date(0), new Date(0));
    fs.writeFileSync(fresh, 'being written by a concurrent start');
    fs.appendFileSync(bundle, '// a new build\n');
    start();
    assert.notEqual(cacheFileFor(bundle, cacheDir), old);
    assert.deepEqual(fs.readdirSync(cacheDir).sort(), [path.basename(cacheFileFor(bundle, cacheDir)), path.basename(fresh)].sort());
  });
});
