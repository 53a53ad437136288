// Workspace shapes the server must handle, each checked against the real compiler over LSP:
// go.work workspaces, nested modules, a lone file outside any module, `_test.go` files,
// cgo files and settings sent as initializationOptions.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Diagnostic, LspClient } from '../helpers/lspClient';
import { useModuleSession } from '../helpers/moduleSession';
import { makeModule } from '../helpers/tempModule';

const LEAK = (name: string, v: string) => `package ${name}\n\nfunc New() *int {\n\t${v} := 1\n\treturn &${v}\n}\n`;
const has = (msg: string) => (ds: Diagnostic[]) => ds.some((d) => d.message === msg && d.data?.origin === 'compiler');

describe('LSP: workspace shapes', function () {
  const s = useModuleSession();

  async function openAndExpect(root: string, rel: string, msg: string, settings: Record<string, unknown> = {}): Promise<Diagnostic[]> {
    s.client = await LspClient.start({ rootDir: root, settings: { debounceMs: 20, ...settings } });
    const file = path.join(root, rel);
    s.client.open(file, fs.readFileSync(file, 'utf8'));
    return s.client.waitForDiagnostics(file, has(msg));
  }

  it('analyses a module inside a go.work workspace', async () => {
    s.dir = makeModule({ 'a/go.mod': 'module example.com/a\n\ngo 1.21\n', 'a/a.go': LEAK('a', 'av'), 'b/go.mod': 'module example.com/b\n\ngo 1.21\n', 'b/b.go': LEAK('b', 'bv'), 'go.work': 'go 1.21\n\nuse (\n\t./a\n\t./b\n)\n' });
    fs.rmSync(path.join(s.dir, 'go.mod'));
    await openAndExpect(s.dir, 'b/b.go', 'moved to heap: bv');
  });

  it('analyses a nested module with its own go.mod', async () => {
    s.dir = makeModule({ 'root.go': LEAK('m', 'r'), 'inner/go.mod': 'module example.com/inner\n\ngo 1.21\n', 'inner/in.go': LEAK('inner', 'iv') });
    await openAndExpect(s.dir, 'inner/in.go', 'moved to heap: iv');
  });

  it('analyses a lone file outside any module', async () => {
    s.dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-lone-')));
    fs.writeFileSync(path.join(s.dir, 'lone.go'), LEAK('main', 'lv') + '\nfunc main() { _ = New() }\n');
    await openAndExpect(s.dir, 'lone.go', 'moved to heap: lv');
  });

  it('gives results in _test.go files (package and external tests)', async () => {
    s.dir = makeModule({
      'p.go': LEAK('p', 'pv'),
      'p_test.go': 'package p\n\nimport "testing"\n\nvar sink *int\n\nfunc TestA(t *testing.T) {\n\ty := 2\n\tsink = &y\n}\n',
      'x_test.go': 'package p_test\n\nimport "testing"\n\nvar sink2 *int\n\nfunc TestB(t *testing.T) {\n\tz := 3\n\tsink2 = &z\n}\n',
    });
    await openAndExpect(s.dir, 'p_test.go', 'moved to heap: y');
    const x = path.join(s.dir, 'x_test.go');
    s.client!.open(x, fs.readFileSync(x, 'utf8'));
    await s.client!.waitForDiagnostics(x, has('moved to heap: z'));
  });

  it('publishes the package verdict of an edit before the test variant compiles', async () => {
    s.dir = makeModule({
      'p.go': LEAK('p', 'pv'),
      'p_test.go': 'package p\n\nimport "testing"\n\nvar sink *int\n\nfunc TestA(t *testing.T) {\n\ty := 2\n\tsink = &y\n}\n',
    });
    await openAndExpect(s.dir, 'p_test.go', 'moved to heap: y');
    const c = s.client!;
    const p = path.join(s.dir, 'p.go');
    c.open(p, fs.readFileSync(p, 'utf8'));
    await c.waitForDiagnostics(p, has('moved to heap: pv'));
    const runs = () => c.notifications
      .map((n) => (n.params as { message?: string }).message ?? '')
      .filter((m) => / (analyse|explain) .*: ok /.test(m));
    const before = runs().length;
    c.change(p, { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, '\nfunc Two() *int {\n\tq := 2\n\treturn &q\n}\n');
    await c.waitForDiagnostics(p, has('moved to heap: q'));
    const sinceEdit = () => runs().slice(before);
    assert.ok(sinceEdit().length > 0 && sinceEdit().every((m) => !m.includes(' -test ')), `no test-variant run before the package verdict:\n${sinceEdit().join('\n')}`);
    // The tests compile the edited package too, so their run follows.
    const deadline = Date.now() + 60000;
    while (!sinceEdit().some((m) => m.includes(' -test ')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(sinceEdit().some((m) => m.includes(' -test ')), `the test variant ran after the package:\n${sinceEdit().join('\n')}`);
    await c.waitForDiagnostics(path.join(s.dir, 'p_test.go'), has('moved to heap: y'));
  });

  it('analyses a package with a cgo file', async function () {
    s.dir = makeModule({
      'c.go': 'package c\n\n// int add(int a, int b) { return a + b; }\nimport "C"\n\nfunc Add(a, b int) int { return int(C.add(C.int(a), C.int(b))) }\n',
      'd.go': LEAK('c', 'cv'),
    });
    await openAndExpect(s.dir, 'd.go', 'moved to heap: cv');
  });

  it('honours include, severity and buildFlags from initializationOptions', async () => {
    s.dir = makeModule({
      'p.go': 'package p\n\nvar g *int\n\nfunc Keep(p *int) { g = p }\n',
      'tagged.go': '//go:build special\n\npackage p\n\nfunc T() *int {\n\ttv := 1\n\treturn &tv\n}\n',
    });
    const ds = await openAndExpect(s.dir, 'tagged.go', 'moved to heap: tv', { buildFlags: ['-tags=special'], include: ['moved', 'leak'], severity: { moved: 'error' } });
    assert.equal(ds.find((d) => d.message === 'moved to heap: tv')!.severity, 1);
    const p = path.join(s.dir, 'p.go');
    s.client!.open(p, fs.readFileSync(p, 'utf8'));
    await s.client!.waitForDiagnostics(p, has('leaking param: p'));
  });
});

describe('LSP: files the build leaves out', function () {
  const s = useModuleSession();

  it('keeps predicting a file excluded by its build constraint and says why in the hover', async () => {
    s.dir = makeModule({ 'p.go': LEAK('p', 'pv'), 'other.go': '//go:build windows\n\npackage p\n\nfunc W() *int {\n\twv := 1\n\treturn &wv\n}\n' });
    s.client = await LspClient.start({ rootDir: s.dir, settings: { debounceMs: 20 }, env: { ...process.env, GOOS: 'linux' } });
    const p = path.join(s.dir, 'p.go');
    const other = path.join(s.dir, 'other.go');
    s.client.open(p, fs.readFileSync(p, 'utf8'));
    s.client.open(other, fs.readFileSync(other, 'utf8'));
    await s.client.waitForDiagnostics(p, has('moved to heap: pv'));
    const ds = await s.client.waitForDiagnostics(other, (d) => d.some((x) => x.message === 'moved to heap: wv (predicted)'));
    assert.ok(!ds.some((x) => x.data?.origin === 'compiler'));
    // The compiler's run on the package is done; the excluded file still shows its prediction.
    await s.client.waitForNotification((n) => n.method === 'goEscape/status' && (n.params as { state: string }).state === 'ok');
    const hover = await s.client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: s.client.uri(other) }, position: { line: 5, character: 1 } });
    assert.match(hover!.contents.value, /not part of the build because of its build constraint \/\/go:build windows/);
  });
});
