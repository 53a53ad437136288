// Teams past one machine: the analysis goes through the go command's build cache, so a cache
// shared through GOCACHEPROG (Go 1.24+) lets a second machine replay what a first one compiled.
// The cache program (test/fixtures/cacheprog, built here with the real go) keeps entries in a
// shared directory and logs every get and put; each "machine" has its own GOCACHE and local
// directory. The second machine's analysis must come from cache hits with no compile process run,
// and say what the first one said.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, REPO } from '../helpers/lspClient';
import { FIXTURES, copyFixture, hasGo } from '../helpers/tempModule';
import { compilerKeys, removeAll } from './helpers/harness';
import { allProcesses, descendantsOf } from './helpers/procs';

const INCLUDE = ['moved', 'escapes', 'leak', 'noescape', 'noalloc'];

/**
 * The compiles (`.../pkg/tool/GOOS_GOARCH/compile -p PKG ...`) below the processes `work` starts
 * (it reports their pids to `watch`), seen while it runs; the go command's `compile -V=full`, which
 * asks the tool for its version, is not one. Other work on the machine is not watched.
 */
async function compilesDuring<T>(work: (watch: (pid: number) => void) => Promise<T>): Promise<{ result: T; compiles: string[][] }> {
  const seen = new Map<number, string[]>();
  const roots: number[] = [];
  let done = false;
  const sampler = (async () => {
    while (!done) {
      const procs = allProcesses();
      for (const p of roots.flatMap((r) => descendantsOf(r, procs))) if (/\/pkg\/tool\/[^/]+\/compile$/.test(p.argv[0] ?? '') && p.argv.includes('-p')) seen.set(p.pid, p.argv);
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  try {
    return { result: await work((pid) => roots.push(pid)), compiles: [...seen.values()] };
  } finally {
    done = true;
    await sampler;
  }
}

/** The CLI's findings on `dir` as `file:line:message` lines (0-based lines), run with `env`; its pid goes to `watch`. */
function cli(dir: string, env: NodeJS.ProcessEnv, watch: (pid: number) => void): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(REPO, 'dist', 'cli.js'), '--json', '--include', 'all', dir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    watch(p.pid!);
    let out = '';
    let err = '';
    p.stdout.on('data', (b: Buffer) => (out += b.toString()));
    p.stderr.on('data', (b: Buffer) => (err += b.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`go-escape CLI exited with ${code}: ${err}`));
      const lines = out.split('\n').filter((l) => l.trim() !== '');
      resolve(lines.map((l) => JSON.parse(l) as { file: string; line: number; message: string }).map((f) => `${path.basename(f.file)}:${f.line - 1}:${f.message}`).sort());
    });
  });
}

describe('faults: a build cache shared between machines (GOCACHEPROG)', function () {
  let work: string;
  let prog: string;

  before(function () {
    if (!hasGo()) this.skip();
    const version = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
    const [major, minor] = (/^go(\d+)\.(\d+)/.exec(version) ?? []).slice(1).map(Number);
    if (!(major > 1 || minor >= 24)) this.skip();
    work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-cacheprog-')));
    prog = path.join(work, 'cacheprog');
    execFileSync('go', ['build', '-o', prog, '.'], { cwd: path.join(FIXTURES, 'cacheprog'), env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '' }, stdio: 'pipe' });
  });

  after(() => removeAll(work));

  /** A machine: its own GOCACHE and local directory, the shared directory, and its own log. */
  function machine(name: string, shared: string) {
    const dir = path.join(work, name);
    fs.mkdirSync(path.join(dir, 'gocache'), { recursive: true });
    const log = path.join(dir, 'cacheprog.log');
    const env = { ...process.env, GOCACHE: path.join(dir, 'gocache'), GOCACHEPROG: `${prog} -shared ${shared} -local ${path.join(dir, 'local')} -log ${log}`, GOTOOLCHAIN: 'local', GOFLAGS: '' };
    const lines = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : []);
    return { env, hits: () => lines().filter((l) => l.startsWith('get hit ')).length, puts: () => lines().filter((l) => l.startsWith('put ')).length };
  }

  it('the second machine replays the first one’s analysis: cache hits, no compile process, the same findings from the CLI and the language server', async function () {
    const mod = copyFixture(path.join(FIXTURES, 'faults', 'fuzz'));
    const shared = path.join(work, 'shared');
    try {
      // Machine one (say CI) compiles everything, the standard library included, and fills the cache.
      const one = machine('one', shared);
      const first = await compilesDuring((watch) => cli(mod, one.env, watch));
      assert.ok(first.result.length >= 5, `the package has findings: ${first.result.join(', ')}`);
      assert.ok(first.compiles.length > 0, 'machine one ran the compiler (so that the sampler can see compile processes)');
      assert.ok(one.puts() > 0, 'machine one stored its results in the shared cache');

      // Machine two: a fresh GOCACHE, the same shared directory.
      const two = machine('two', shared);
      const second = await compilesDuring((watch) => cli(mod, two.env, watch));
      assert.deepEqual(second.result, first.result, 'the same findings');
      assert.ok(two.hits() > 0, 'answered from the shared cache');
      assert.deepEqual(second.compiles.map((a) => a.join(' ')), [], 'no compile process on machine two');

      // Machine three: the editor. The language server's first analysis replays them too.
      const three = machine('three', shared);
      const files = fs.readdirSync(mod).filter((f) => f.endsWith('.go'));
      const editor = await compilesDuring(async (watch) => {
        const client = await LspClient.start({ rootDir: mod, env: three.env, settings: { debounceMs: 20, include: INCLUDE, explain: false } });
        watch(client.proc.pid!);
        try {
          for (const f of files) client.open(path.join(mod, f), fs.readFileSync(path.join(mod, f), 'utf8'));
          const shown: string[] = [];
          for (const f of files) {
            const ds = await client.waitForDiagnostics(path.join(mod, f), (d) => d.some((x) => x.data?.origin === 'compiler'));
            shown.push(...compilerKeys(ds).map((k) => `${f}:${k}`));
          }
          return shown.sort();
        } finally {
          await client.stop();
        }
      });
      assert.deepEqual(editor.result, first.result, 'the server shows the same findings');
      assert.ok(three.hits() > 0, 'the server’s go run was answered from the shared cache');
      assert.deepEqual(editor.compiles.map((a) => a.join(' ')), [], 'no compile process for the server’s analysis');
    } finally {
      removeAll(mod, shared);
    }
  });
});
