// Paths with spaces, quotes, `$(...)`, colons and non-ASCII characters in directory and file
// names: diagnostics arrive (saved and unsaved), and nothing is ever run through a shell: the
// `$(touch ...)` in the names never creates a file, and the go command receives each path as
// one verbatim argument.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Diagnostic } from '../helpers/lspClient';
import { hasGo } from '../helpers/tempModule';
import { FakeGo, writeFakeGo, isAnalysisCall } from './helpers/fakeGo';
import { Harness, privateTmp, removeAll, startServer } from './helpers/harness';

const compiler = (msg: string) => (ds: Diagnostic[]) => ds.some((d) => d.message === msg && d.data?.origin === 'compiler');

const WEIRD_DIR = `dir with spaces 'single' "double" $(touch PWNED_DIR) ünï 日本`;
const WEIRD_FILE = `main file $(touch PWNED_FILE) 'q' "dq" ü.go`;
const SOURCE = 'package main\n\nfunc f() *int {\n\tv := 1\n\treturn &v\n}\n\nfunc main() { _ = f() }\n';

/** Every file below `dir` whose name starts with PWNED (what `$(touch ...)` run by a shell would leave). */
function pwned(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => path.basename(f).startsWith('PWNED'));
}

describe('faults: unusual paths', function () {
  let base: string;
  let h: Harness | undefined;
  let fake: FakeGo;

  before(function () {
    if (!hasGo()) this.skip();
  });

  beforeEach(() => {
    base = privateTmp();
    fake = writeFakeGo('passthrough');
  });

  afterEach(async () => {
    await h?.client.stop();
    const cwd = process.cwd();
    assert.deepEqual([...pwned(base), ...(h ? pwned(h.tmp) : []), ...fs.readdirSync(cwd).filter((f) => f.startsWith('PWNED'))], [], 'nothing ran through a shell');
    removeAll(base, h?.tmp, fake.dir);
    h = undefined;
  });

  async function checkPackage(dir: string, file: string, settings: Record<string, unknown> = {}): Promise<void> {
    h = await startServer({ rootDir: dir, settings: { debounceMs: 20, goBinary: fake.bin, ...settings } });
    h.client.open(file, SOURCE);
    await h.client.waitForDiagnostics(file, compiler('moved to heap: v'));
    // Unsaved text goes through an overlay whose entries name these paths.
    const at = { line: 8, character: 0 };
    h.client.change(file, { start: at, end: at }, '\nfunc g() *string {\n\ts := "ü"\n\treturn &s\n}\n');
    const ds = await h.client.waitForDiagnostics(file, compiler('moved to heap: s'));
    const s = ds.find((d) => d.message === 'moved to heap: s')!;
    assert.deepEqual(s.range.start, { line: 10, character: 1 });
    const builds = fake.calls().filter((c) => isAnalysisCall(c));
    assert.ok(builds.length >= 2, 'the go command ran for both versions');
  }

  it('a module in a directory named with spaces, quotes, $(...) and non-ASCII, and such a file name', async () => {
    const dir = path.join(base, WEIRD_DIR);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/m\n\ngo 1.21\n');
    const file = path.join(dir, WEIRD_FILE);
    fs.writeFileSync(file, SOURCE);
    await checkPackage(dir, file);
  });

  it('a lone file outside any module: its weird path reaches go as one verbatim argument', async () => {
    const dir = path.join(base, WEIRD_DIR, 'lone $(touch PWNED_LONE)');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, WEIRD_FILE);
    fs.writeFileSync(file, SOURCE);
    await checkPackage(dir, file);
    const build = fake.calls().find((c) => isAnalysisCall(c))!;
    assert.ok(build.some((a) => a === WEIRD_FILE || a === file), `one argument is the file's name: ${JSON.stringify(build)}`);
  });

  it('a colon in the directory name (the compiler prints file:line:col after it)', async () => {
    const dir = path.join(base, 'a:b c:1:2: x');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/m\n\ngo 1.21\n');
    const file = path.join(dir, 'x:1:2.go');
    fs.writeFileSync(file, SOURCE);
    await checkPackage(dir, file);
  });
});
