// The language server end to end over stdio on the article's seed example: compiler verdicts
// appear on open, follow unsaved edits, and ranges are UTF-16.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { useSeedSession } from '../helpers/seedSession';

const compilerDiag = (msg: string) => (ds: { message: string; data?: { origin: string } }[]) =>
  ds.some((d) => d.message === msg && d.data?.origin === 'compiler');

describe('LSP: seed example', function () {
  const seed = useSeedSession();

  it('underlines u with the compiler verdict when the file opens', async () => {
    seed.client.open(seed.main, fs.readFileSync(seed.main, 'utf8'));
    const ds = await seed.client.waitForDiagnostics(seed.main, compilerDiag('moved to heap: u'));
    const d = ds.find((x) => x.message === 'moved to heap: u')!;
    assert.deepEqual(d.range, { start: { line: 13, character: 1 }, end: { line: 13, character: 2 } });
    assert.equal(d.source, 'go-escape');
    assert.equal(typeof d.code, 'string');
    assert.equal(d.data?.category, 'moved');
  });

  it('analyses unsaved edits and keeps ranges in UTF-16 after non-ASCII text', async () => {
    const text = fs.readFileSync(seed.main, 'utf8');
    seed.client.open(seed.main, text);
    await seed.client.waitForDiagnostics(seed.main, compilerDiag('moved to heap: u'));
    // Append a function whose escaping variable follows non-ASCII text on the same line.
    const lines = text.split('\n');
    const added = '\nfunc leak() *int {\n\tvar _ = "héllo😀"; x := 1\n\treturn &x\n}\n';
    seed.client.change(seed.main, { start: { line: lines.length - 1, character: 0 }, end: { line: lines.length - 1, character: 0 } }, added);
    const ds = await seed.client.waitForDiagnostics(seed.main, compilerDiag('moved to heap: x'));
    const x = ds.find((d) => d.message === 'moved to heap: x')!;
    const lineText = '\tvar _ = "héllo😀"; x := 1';
    const ch = lineText.indexOf('x :=');
    assert.deepEqual(x.range, { start: { line: lines.length + 1, character: ch }, end: { line: lines.length + 1, character: ch + 1 } });
    // The file on disk was never touched.
    assert.equal(fs.readFileSync(seed.main, 'utf8'), text);
  });

  it('keeps the last results and says so when the package stops compiling', async () => {
    const text = fs.readFileSync(seed.main, 'utf8');
    seed.client.open(seed.main, text);
    await seed.client.waitForDiagnostics(seed.main, compilerDiag('moved to heap: u'));
    // Break the package at the end of the file: results stay, status says paused.
    const lines = text.split('\n');
    seed.client.change(seed.main, { start: { line: lines.length - 1, character: 0 }, end: { line: lines.length - 1, character: 0 } }, 'func broken( {\n');
    await seed.client.waitForNotification((n) => n.method === 'goEscape/status' && (n.params as { state: string }).state === 'paused');
    const ds = seed.client.diagnostics.get(seed.client.uri(seed.main))!.diagnostics;
    assert.ok(ds.some((d) => d.message === 'moved to heap: u'), 'last good result kept');
  });
});

describe('LSP: seed example, state while editing', function () {
  const seed = useSeedSession();

  it('says the analysis is pending between an edit and its run, and keeps explained findings explained meanwhile', async () => {
    const text = fs.readFileSync(seed.main, 'utf8');
    seed.client.open(seed.main, text);
    const uri = seed.client.uri(seed.main);
    await seed.client.waitForDiagnostics(seed.main, (d) => d.some((x) => x.message === 'moved to heap: u' && x.code === 'returned-address'));
    const states = () => seed.client.notifications.filter((n) => n.method === 'goEscape/status').map((n) => (n.params as { state: string }).state);
    const publishes: { version?: number; codes: string[] }[] = [];
    const seen = seed.client.notifications.length;
    const lines = text.split('\n');
    const before = states().length;
    const version = seed.client.change(seed.main, { start: { line: lines.length - 1, character: 0 }, end: { line: lines.length - 1, character: 0 } }, '\nfunc extra() *int {\n\tw := 1\n\treturn &w\n}\n');
    await seed.client.waitForDiagnostics(seed.main, (d) => d.some((x) => x.message === 'moved to heap: w' && x.code === 'returned-address'));
    assert.equal(states().slice(before)[0], 'pending', `first status after the edit: ${states().slice(before).join(', ')}`);
    assert.ok(states().slice(before).includes('ok'), 'then up to date');
    for (const n of seed.client.notifications.slice(seen)) {
      if (n.method !== 'textDocument/publishDiagnostics') continue;
      const p = n.params as { uri: string; version?: number; diagnostics: { message: string; code?: string; data?: { origin: string } }[] };
      if (p.uri === uri) publishes.push({ version: p.version, codes: p.diagnostics.filter((d) => d.message === 'moved to heap: u' && d.data?.origin === 'compiler').map((d) => d.code ?? '') });
    }
    assert.ok(publishes.some((p) => p.version === version && p.codes.length > 0), 'u was republished after the edit');
    assert.deepEqual(publishes.flatMap((p) => p.codes).filter((c) => c !== 'returned-address'), [], 'u never went back to unexplained');
  });
});

describe('LSP: seed example, paused by a type error', function () {
  const seed = useSeedSession();

  it('names the user\'s file, never the overlay copy, in the status and the hover', async () => {
    const text = fs.readFileSync(seed.main, 'utf8');
    seed.client.open(seed.main, text);
    await seed.client.waitForDiagnostics(seed.main, compilerDiag('moved to heap: u'));
    // A type error (not a syntax error): the go command names the overlay file in it.
    const lines = text.split('\n');
    seed.client.change(seed.main, { start: { line: lines.length - 1, character: 0 }, end: { line: lines.length - 1, character: 0 } }, 'func typo() int { return "s" }\n');
    const n = await seed.client.waitForNotification((x) => x.method === 'goEscape/status' && (x.params as { state: string }).state === 'paused');
    const message = (n.params as { message: string }).message;
    assert.match(message, new RegExp(`main\\.go:${lines.length}:\\d+: cannot use "s"`), message);
    assert.doesNotMatch(message, /go-escape-|\/tmp\//, message);
    const hover = await seed.client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: seed.client.uri(seed.main) }, position: { line: 13, character: 1 } });
    assert.match(hover.contents.value, /Analysis paused: The package does not compile: main\.go:/);
    assert.doesNotMatch(hover.contents.value, /go-escape-[A-Za-z0-9]{6}/);
  });
});

describe('LSP: seed example hovers', function () {
  const seed = useSeedSession({ debounceMs: 50, relatedInformation: true });

  it('classifies u from the compiler explanation and explains it in the hover, with links', async () => {
    seed.client.open(seed.main, fs.readFileSync(seed.main, 'utf8'));
    const ds = await seed.client.waitForDiagnostics(seed.main, (d) => d.some((x) => x.message === 'moved to heap: u' && x.code === 'returned-address'));
    const d = ds.find((x) => x.message === 'moved to heap: u')!;
    assert.match(d.codeDescription!.href, /RULES\.md#returned-address$/);
    const related = (d.relatedInformation ?? []) as { location: { range: { start: { line: number } } }; message: string }[];
    assert.ok(related.some((r) => r.location.range.start.line === 14 && /createUserV2/.test(r.message)), `related information carries the chain: ${JSON.stringify(related)}`);
    const hover = await seed.client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: seed.client.uri(seed.main) }, position: { line: 13, character: 1 } });
    const md = hover.contents.value;
    assert.match(md, /moved to heap: u/);
    assert.match(md, /createUserV2/);
    assert.match(md, /\]\(file:[^)]*#L15,/, 'a chain step links to line 15');
    assert.match(md, /RULES\.md#returned-address\)/);
    assert.match(md, /go1\.\d+/);
  });

  it('says a variable the compiler kept stays on the stack', async () => {
    seed.client.open(seed.main, fs.readFileSync(seed.main, 'utf8'));
    await seed.client.waitForDiagnostics(seed.main, (d) => d.some((x) => x.code === 'returned-address' && x.data?.origin === 'compiler'));
    // `u` in createUserV1 (line 9, after a tab) is returned by value.
    const hover = await seed.client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: seed.client.uri(seed.main) }, position: { line: 8, character: 1 } });
    assert.ok(hover, 'a hover is shown');
    assert.match(hover!.contents.value, /stays on the stack/);
  });
});

describe('LSP: seed example with related information off, as by default', function () {
  const seed = useSeedSession({ debounceMs: 50 });

  it('leaves the chain to the hover', async () => {
    seed.client.open(seed.main, fs.readFileSync(seed.main, 'utf8'));
    const ds = await seed.client.waitForDiagnostics(seed.main, (d) => d.some((x) => x.message === 'moved to heap: u' && x.code === 'returned-address'));
    const d = ds.find((x) => x.message === 'moved to heap: u')!;
    assert.equal(d.relatedInformation, undefined);
    assert.match(d.codeDescription!.href, /RULES\.md#returned-address$/);
  });
});
