// The language server end to end over stdio on the article's seed example: compiler verdicts
// appear on open, follow unsaved edits, and ranges are UTF-16.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestClient } from '../helpers/lspClient';
import { FIXTURES, copyFixture, hasGo, removeDir } from '../helpers/tempModule';

const compilerDiag = (msg: string) => (ds: { message: string; data?: { origin: string } }[]) =>
  ds.some((d) => d.message === msg && d.data?.origin === 'compiler');

describe('LSP: seed example', function () {
  let dir: string;
  let client: TestClient;
  let main: string;

  before(function () {
    if (!hasGo()) this.skip();
  });

  beforeEach(async () => {
    dir = copyFixture(path.join(FIXTURES, 'seed'));
    main = path.join(dir, 'main.go');
    client = await TestClient.start({ rootDir: dir, settings: { debounceMs: 50 } });
  });

  afterEach(async () => {
    await client?.stop();
    removeDir(dir);
  });

  it('underlines u with the compiler verdict when the file opens', async () => {
    client.open(main, fs.readFileSync(main, 'utf8'));
    const ds = await client.waitForDiagnostics(main, compilerDiag('moved to heap: u'));
    const d = ds.find((x) => x.message === 'moved to heap: u')!;
    assert.deepEqual(d.range, { start: { line: 13, character: 1 }, end: { line: 13, character: 2 } });
    assert.equal(d.source, 'go-escape');
    assert.equal(typeof d.code, 'string');
    assert.equal(d.data?.category, 'moved');
  });

  it('analyses unsaved edits and keeps ranges in UTF-16 after non-ASCII text', async () => {
    const text = fs.readFileSync(main, 'utf8');
    client.open(main, text);
    await client.waitForDiagnostics(main, compilerDiag('moved to heap: u'));
    // Append a function whose escaping variable follows non-ASCII text on the same line.
    const lines = text.split('\n');
    const added = '\nfunc leak() *int {\n\tvar _ = "héllo😀"; x := 1\n\treturn &x\n}\n';
    client.change(main, { start: { line: lines.length - 1, character: 0 }, end: { line: lines.length - 1, character: 0 } }, added);
    const ds = await client.waitForDiagnostics(main, compilerDiag('moved to heap: x'));
    const x = ds.find((d) => d.message === 'moved to heap: x')!;
    const lineText = '\tvar _ = "héllo😀"; x := 1';
    const ch = lineText.indexOf('x :=');
    assert.deepEqual(x.range, { start: { line: lines.length + 1, character: ch }, end: { line: lines.length + 1, character: ch + 1 } });
    // The file on disk was never touched.
    assert.equal(fs.readFileSync(main, 'utf8'), text);
  });

  it('keeps the last results and says so when the package stops compiling', async () => {
    const text = fs.readFileSync(main, 'utf8');
    client.open(main, text);
    await client.waitForDiagnostics(main, compilerDiag('moved to heap: u'));
    // Break the package at the end of the file: results stay, status says paused.
    const lines = text.split('\n');
    client.change(main, { start: { line: lines.length - 1, character: 0 }, end: { line: lines.length - 1, character: 0 } }, 'func broken( {\n');
    await client.waitForNotification((n) => n.method === 'goEscape/status' && (n.params as { state: string }).state === 'paused');
    const ds = client.diagnostics.get(client.uri(main))!.diagnostics;
    assert.ok(ds.some((d) => d.message === 'moved to heap: u'), 'last good result kept');
  });
});

describe('LSP: seed example hovers', function () {
  let dir: string;
  let client: TestClient;
  let main: string;

  before(function () {
    if (!hasGo()) this.skip();
  });

  beforeEach(async () => {
    dir = copyFixture(path.join(FIXTURES, 'seed'));
    main = path.join(dir, 'main.go');
    client = await TestClient.start({ rootDir: dir, settings: { debounceMs: 50 } });
  });

  afterEach(async () => {
    await client?.stop();
    removeDir(dir);
  });

  it('classifies u from the compiler explanation and explains it in the hover, with links', async () => {
    client.open(main, fs.readFileSync(main, 'utf8'));
    const ds = await client.waitForDiagnostics(main, (d) => d.some((x) => x.message === 'moved to heap: u' && x.code === 'returned-address'));
    const d = ds.find((x) => x.message === 'moved to heap: u')!;
    assert.match(d.codeDescription!.href, /RULES\.md#returned-address$/);
    assert.ok((d.relatedInformation ?? []).length > 0, 'related information carries the chain');
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: client.uri(main) }, position: { line: 13, character: 1 } });
    const md = hover.contents.value;
    assert.match(md, /moved to heap: u/);
    assert.match(md, /createUserV2/);
    assert.match(md, /\]\(file:[^)]*#L15,/, 'a chain step links to line 15');
    assert.match(md, /RULES\.md#returned-address\)/);
    assert.match(md, /go1\.\d+/);
  });

  it('says a variable the compiler kept stays on the stack', async () => {
    client.open(main, fs.readFileSync(main, 'utf8'));
    await client.waitForDiagnostics(main, (d) => d.some((x) => x.code === 'returned-address' && x.data?.origin === 'compiler'));
    // `u` in createUserV1 (line 9, after a tab) is returned by value.
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: client.uri(main) }, position: { line: 8, character: 1 } });
    assert.ok(hover, 'a hover is shown');
    assert.match(hover!.contents.value, /stays on the stack/);
  });
});
