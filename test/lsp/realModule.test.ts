// The server on a real module nobody here wrote (gin at a pinned version from the module proxy):
// what a user sees in its large files, checked against the CLI's full compiler verdict.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Diagnostic, REPO, LspClient } from '../helpers/lspClient';
import { copyOfModule } from '../helpers/proxyModule';
import { hasGo, removeDir } from '../helpers/tempModule';

interface CliFinding { file: string; line: number; column: number; message: string; category: string }

/** Every finding the compiler reports for a package, through the CLI (tests included). */
function cliFindings(dir: string): CliFinding[] {
  const out = execFileSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), '--tests', '--json', '--include', 'all', dir], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as CliFinding);
}

const fromCompiler = (ds: Diagnostic[]) => ds.filter((d) => d.data?.origin === 'compiler');

describe('LSP: a real module (gin)', function () {
  this.timeout(600_000);
  let dir: string | undefined;
  let truth: CliFinding[] = [];
  let client: LspClient | undefined;

  before(function () {
    if (!hasGo()) this.skip();
    // The proxy is part of the machines this runs on; without it the test cannot say anything.
    dir = copyOfModule('github.com/gin-gonic/gin', 'v1.12.0', { dependencies: true });
    truth = cliFindings(dir);
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });
  after(() => {
    if (dir) removeDir(dir);
  });

  const open = async (rel: string, settings: Record<string, unknown> = {}) => {
    client = await LspClient.start({ rootDir: dir!, settings: { debounceMs: 50, ...settings } });
    const file = path.join(dir!, rel);
    client.open(file, fs.readFileSync(file, 'utf8'));
    return file;
  };

  it('keeps every moved to heap of a file with more findings than editors show, and says how many are left out', async () => {
    const file = await open('context_test.go');
    const mine = truth.filter((f) => f.file === file && (f.category === 'moved' || f.category === 'escapes'));
    const moved = mine.filter((f) => f.category === 'moved');
    assert.ok(mine.length > 1000 && moved.length > 20, `the file is large enough to need the cap (${mine.length} findings, ${moved.length} moved)`);
    const ds = await client!.waitForDiagnostics(file, (d) => fromCompiler(d).length >= 999, 300_000);
    const shownMoved = new Set(fromCompiler(ds).filter((d) => d.data?.category === 'moved').map((d) => `${d.range.start.line + 1}:${d.message}`));
    for (const f of moved) assert.ok(shownMoved.has(`${f.line}:${f.message}`), `moved to heap at ${f.line} is shown: ${f.message}`);
    const note = ds.find((d) => d.code === 'not-shown');
    assert.ok(note, 'an entry says findings were left out');
    assert.match(note!.message, new RegExp(`^go-escape: ${(mine.length - 999).toLocaleString('en-US')} more findings are not shown`));
    assert.equal(ds.length, 1000);
  });

  it('shows findings in test files one severity lower, and none when test files are left out', async () => {
    let file = await open('context_test.go');
    let ds = await client!.waitForDiagnostics(file, (d) => fromCompiler(d).some((x) => x.data?.category === 'moved'), 300_000);
    assert.ok(fromCompiler(ds).filter((d) => d.data?.category === 'moved').every((d) => d.severity === 3), 'moved to heap is information in a test file');
    assert.ok(fromCompiler(ds).filter((d) => d.data?.category === 'escapes').every((d) => d.severity === 4), 'escapes to heap is a hint in a test file');
    await client!.stop();

    file = await open('context_test.go', { testFiles: false });
    const other = path.join(dir!, 'context.go');
    client!.open(other, fs.readFileSync(other, 'utf8'));
    ds = await client!.waitForDiagnostics(other, (d) => fromCompiler(d).length > 0, 300_000);
    assert.ok(fromCompiler(ds).filter((d) => d.data?.category === 'moved').every((d) => d.severity === 2), 'moved to heap stays a warning outside tests');
    const runs = client!.notifications.map((n) => (n.params as { message?: string }).message ?? '').filter((m) => / analyse .*: /.test(m));
    assert.ok(runs.length > 0 && runs.every((m) => !m.includes(' -test ')), `no test variant is compiled:\n${runs.join('\n')}`);
    const test = client!.diagnostics.get(client!.uri(file));
    assert.deepEqual(test?.diagnostics ?? [], [], 'the test file shows nothing');
  });
});
