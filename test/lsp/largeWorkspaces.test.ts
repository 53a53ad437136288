// Large workspaces: a go.work of 30 modules and a module of 2,000 packages, generated on disk.
// Opening one file brings its compiler diagnostics, and every go command the server runs, on the
// open and on the typing path after it, is about that file's package alone: no pattern that
// walks the module or the workspace (`./...`, `all`), no other module's or package's directory.
// The go commands are recorded by a `go` that logs its arguments and runs the real one.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Diagnostic, LspClient, SERVER } from '../helpers/lspClient';
import { useModuleSession } from '../helpers/moduleSession';
import { readdirRecording, readdirsRecorded } from '../helpers/readdirRecorder';
import { makeModule } from '../helpers/tempModule';
import { FakeGo, writeFakeGo } from '../faults/helpers/fakeGo';

const LEAK = (pkg: string, v: string) => `package ${pkg}\n\nfunc New() *int {\n\t${v} := 1\n\treturn &${v}\n}\n`;
const has = (msg: string) => (ds: Diagnostic[]) => ds.some((d) => d.message === msg && d.data?.origin === 'compiler');
const EDIT = '\nfunc Two() *int {\n\tq := 2\n\treturn &q\n}\n';

/** The server's `analyse DIR: ...` and `explain DIR: ...` log lines. */
function runLines(c: LspClient): string[] {
  return c.notifications
    .filter((n) => n.method === 'window/logMessage')
    .map((n) => (n.params as { message: string }).message)
    .filter((m) => /\] (analyse|explain) /.test(m));
}

/** The directory a run's log line names. */
const runDir = (line: string) => /\] (?:analyse|explain) (.*?): \w[\w-]* \(/.exec(line)?.[1];

/** Arguments that make the go command walk more than the packages named. */
const WALKS = (a: string) => a === 'all' || a.includes('...');

describe('LSP: large workspaces', function () {
  const s = useModuleSession();
  let go: FakeGo | undefined;

  afterEach(() => {
    go?.remove();
    go = undefined;
  });

  /** Opens `file`, waits for its verdict, edits it and waits for the edit's; returns every go command and run. */
  async function openAndType(root: string, file: string, v: string, server?: { args: string[]; env: NodeJS.ProcessEnv }): Promise<{ calls: { cwd: string; args: string[] }[]; runs: string[] }> {
    go = writeFakeGo('passthrough');
    const c = (s.client = await LspClient.start({ rootDir: root, settings: { debounceMs: 20, goBinary: go.bin }, ...server }));
    const text = fs.readFileSync(file, 'utf8');
    c.open(file, text);
    await c.waitForDiagnostics(file, has(`moved to heap: ${v}`));
    // The typing path: an edit, compiled once the typing pauses, then explained.
    const end = text.split('\n').length - 1;
    c.change(file, { start: { line: end, character: 0 }, end: { line: end, character: 0 } }, EDIT);
    await c.waitForDiagnostics(file, (ds) => has('moved to heap: q')(ds) && has(`moved to heap: ${v}`)(ds));
    await c.waitForNotification(() => runLines(c).some((l) => /\] explain .*: ok .*-overlay=/.test(l)));
    return { calls: go.invocations(), runs: runLines(c) };
  }

  /** Every run is of `pkg`, and every go command runs in it without a pattern that walks. */
  function onlyPackage(pkg: string, { calls, runs }: { calls: { cwd: string; args: string[] }[]; runs: string[] }): void {
    assert.ok(runs.length >= 3, `the open's and the edit's runs:\n${runs.join('\n')}`);
    assert.deepEqual([...new Set(runs.map(runDir))], [pkg], `every run is of the opened file's package:\n${runs.join('\n')}`);
    const show = (xs: typeof calls) => xs.map((x) => `${x.cwd}: go ${x.args.join(' ')}`).join('\n');
    assert.deepEqual(calls.filter((x) => x.args.some(WALKS)), [], `no go command walks the tree:\n${show(calls)}`);
    assert.deepEqual(calls.filter((x) => x.cwd !== pkg), [], `every go command runs in the package:\n${show(calls)}`);
    // Each go list names the package as `.`, the directory it runs in.
    const lists = calls.filter((x) => x.args[0] === 'list');
    assert.ok(lists.length >= 3 && lists.every((x) => x.args.slice(1).filter((a) => !a.startsWith('-')).join(' ') === '.'), `only the package is listed:\n${show(calls)}`);
  }

  it('a go.work of 30 modules: a file of module 17 gets its verdict, and only its package is compiled or listed', async () => {
    const files: Record<string, string> = {};
    const uses: string[] = [];
    for (let i = 1; i <= 30; i++) {
      const m = `m${String(i).padStart(2, '0')}`;
      files[`${m}/go.mod`] = `module example.com/${m}\n\ngo 1.21\n`;
      files[`${m}/lib/lib.go`] = LEAK('lib', `v${i}`);
      uses.push(`\t./${m}`);
    }
    files['go.work'] = `go 1.21\n\nuse (\n${uses.join('\n')}\n)\n`;
    s.dir = makeModule(files);
    fs.rmSync(path.join(s.dir, 'go.mod'));
    const pkg = path.join(s.dir, 'm17', 'lib');
    onlyPackage(pkg, await openAndType(s.dir, path.join(pkg, 'lib.go'), 'v17'));
  });

  it('a module of 2,000 packages: a file of one gets its verdict, only that package is compiled or listed, and the tree is walked once', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) {
      const p = `p${String(i).padStart(4, '0')}`;
      files[`pkg/${p}/${p}.go`] = LEAK(p, `v${i}`);
    }
    s.dir = makeModule(files, 'example.com/big');
    const pkg = path.join(s.dir, 'pkg', 'p1234');
    const log = path.join(s.dir, '.readdirs');
    onlyPackage(pkg, await openAndType(s.dir, path.join(pkg, 'p1234.go'), 'v1234', readdirRecording(SERVER, log)));
    await s.client!.stop();
    s.client = undefined;
    // The walk for default.pgo files, which the package's PGO choice and the profiles for the
    // findings' weights both need: every directory of the module read once, not once for each.
    const reads = readdirsRecorded(log).filter((d) => d === s.dir || d.startsWith(s.dir + path.sep));
    const twice = reads.filter((d, i) => reads.indexOf(d) !== i);
    assert.ok(reads.includes(path.join(s.dir, 'pkg', 'p0000')), `the module was walked: ${reads.length} reads`);
    assert.deepEqual(twice.slice(0, 5), [], `${twice.length} directories read more than once`);
  });
});
