// Hostile files: invalid UTF-8, a 2 MB file, 20,000 nested parentheses, CRLF line endings, an
// empty file, binary garbage named x.go and a 1 MB line. The server stays up, answers a hover
// sent right after each open within 300 ms of the open (issue 18's requirement; the other hovers
// only have a generous limit), and still analyses the module's healthy package afterwards.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Diagnostic } from '../helpers/lspClient';
import { FIXTURES, copyFixture, hasGo } from '../helpers/tempModule';
import { Harness, hover, removeAll, startServer } from './helpers/harness';
import { isAlive } from './helpers/procs';

/** The bound on the first hover's answer after opening a hostile file. */
const HOVER_AFTER_OPEN_MS = 300;

const compiler = (msg: string) => (ds: Diagnostic[]) => ds.some((d) => d.message === msg && d.data?.origin === 'compiler');

/** How an editor shows bytes that are not UTF-8: each bad sequence becomes U+FFFD. */
const editorText = (bytes: Buffer) => new TextDecoder('utf-8', { fatal: false }).decode(bytes);

/** Deterministic bytes (xorshift), so a failure can be replayed. */
function garbage(n: number, seed = 7): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

function twoMegabytes(): string {
  let text = 'package big\n\ntype Rec struct{ ID int }\n\nfunc NewRec(id int) *Rec {\n\tr := Rec{ID: id}\n\treturn &r\n}\n\nvar Table = []string{\n';
  let i = 0;
  while (text.length < 2 * 1024 * 1024) text += `\t"row ${i++} lorem ipsum dolor sit amet, consectetur adipiscing elit",\n`;
  return text + '}\n';
}

describe('faults: hostile files', function () {
  let dir: string;
  let h: Harness | undefined;

  before(function () {
    if (!hasGo()) this.skip();
  });

  beforeEach(async () => {
    dir = copyFixture(path.join(FIXTURES, 'seed'));
    h = await startServer({ rootDir: dir, settings: { debounceMs: 50 } });
  });

  afterEach(async function () {
    try {
      if (h && this.currentTest?.state === 'passed') {
        // Whatever the file did, the server is up and still analyses the healthy package.
        assert.ok(isAlive(h.pid), 'the server is still running');
        const main = path.join(dir, 'main.go');
        h.client.open(main, fs.readFileSync(main, 'utf8'));
        await h.client.waitForDiagnostics(main, compiler('moved to heap: u'));
      }
    } finally {
      await h?.client.stop();
      removeAll(dir, h?.tmp);
      h = undefined;
    }
  });

  /** Writes `bytes` to `rel` on disk, opens it as an editor would, and hovers around in it. */
  async function openHostile(rel: string, bytes: Buffer | string): Promise<{ file: string; text: string }> {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    const text = typeof bytes === 'string' ? bytes : editorText(bytes);
    const opened = performance.now();
    h!.client.open(file, text);
    // Sent right after the open, this hover is answered (a result or null) without waiting for
    // the file's analysis: issue 18 asks for an answer within 300 ms of the open.
    const first = (await hover(h!.client, file, 0, 0)) as { contents?: unknown } | null;
    const took = performance.now() - opened;
    assert.ok(first === null || first.contents !== undefined, `a hover result or null: ${JSON.stringify(first)}`);
    assert.ok(took < HOVER_AFTER_OPEN_MS, `the hover after opening ${rel} was answered ${took.toFixed(0)} ms after the open`);
    await hoverAround(file, text);
    return { file, text };
  }

  async function hoverAround(file: string, text: string): Promise<void> {
    const lines = text.split('\n');
    const spots = [
      [0, 0],
      [Math.floor(lines.length / 2), 3],
      [lines.length - 1, lines[lines.length - 1].length],
      [lines.length + 1000, 5], // Past the end: clients do send these.
      [0, 1_000_000],
    ];
    for (const [line, character] of spots) await hover(h!.client, file, line, character);
  }

  it('invalid UTF-8: the compiler rejects the file on disk; once edited, the buffer (with U+FFFD) is analysed with right positions', async () => {
    const line = '\t_ = "\xff\xfe"; v := 1';
    const bytes = Buffer.from(`package bad\n\nfunc F() *int {\n${line}\n\treturn &v\n}\n`, 'latin1');
    const { file, text } = await openHostile('bad/x.go', bytes);
    // Unedited, the buffer is the file: the compiler judges the bytes on disk and refuses them.
    await h!.client.waitForNotification((n) => n.method === 'goEscape/status' && /invalid UTF-8/.test((n.params as { message: string }).message));
    await hoverAround(file, text);
    // An edit makes the decoded text (U+FFFD for each bad byte) the overlay, which compiles.
    const end = text.split('\n').length - 1;
    h!.client.change(file, { start: { line: end, character: 0 }, end: { line: end, character: 0 } }, '// edited\n');
    const ds = await h!.client.waitForDiagnostics(file, compiler('moved to heap: v'));
    const shown = text.split('\n')[3];
    const v = ds.find((d) => d.message === 'moved to heap: v')!;
    assert.deepEqual(v.range.start, { line: 3, character: shown.indexOf('v :=') });
  });

  it('lone UTF-16 surrogates in the buffer (half an emoji): positions after them on the same line are right', async () => {
    const { file } = await openHostile('lone/x.go', 'package lone\n\nfunc F() *int {\n\tv := 1\n\treturn &v\n}\n');
    await h!.client.waitForDiagnostics(file, compiler('moved to heap: v'));
    // Insert half a surrogate pair before `v` on its line; the overlay gets U+FFFD for it.
    const version = h!.client.change(file, { start: { line: 3, character: 1 }, end: { line: 3, character: 1 } }, '_ = "\ud83d"; ');
    const ds = await h!.client.waitForDiagnostics(
      file,
      (d) => h!.client.diagnostics.get(h!.client.uri(file))?.version === version && compiler('moved to heap: v')(d),
    );
    const v = ds.find((d) => d.message === 'moved to heap: v')!;
    assert.deepEqual(v.range.start, { line: 3, character: '\t_ = "\ud83d"; '.length });
  });

  it('a 2 MB file: analysed, and an edit in it is answered', async () => {
    const { file, text } = await openHostile('big/x.go', twoMegabytes());
    await h!.client.waitForDiagnostics(file, compiler('moved to heap: r'));
    const lines = text.split('\n');
    h!.client.change(file, { start: { line: lines.length - 3, character: 1 }, end: { line: lines.length - 3, character: 1 } }, '"typed", ');
    await hoverAround(file, text);
  });

  it('a single line of 1 MB: analysed, with the finding after it placed right', async () => {
    const src = `package long\n\nvar S = "${'x'.repeat(1 << 20)}"\n\nfunc F() *int {\n\tv := 1\n\treturn &v\n}\n`;
    const { file, text } = await openHostile('long/x.go', src);
    const ds = await h!.client.waitForDiagnostics(file, compiler('moved to heap: v'));
    assert.deepEqual(ds.find((d) => d.message === 'moved to heap: v')!.range.start, { line: 5, character: 1 });
    h!.client.change(file, { start: { line: 2, character: 9 }, end: { line: 2, character: 9 } }, 'typed');
    await hoverAround(file, text);
  });

  it('20,000 nested parentheses', async () => {
    const deep = `package deep\n\nvar X = ${'('.repeat(20000)}1${')'.repeat(20000)}\n\nfunc F() *int {\n\tv := 1\n\treturn &v\n}\n`;
    const { file, text } = await openHostile('deep/x.go', deep);
    // Whatever the compiler makes of it, a run finishes and the server keeps answering.
    await h!.client.waitForNotification((n) => n.method === 'window/logMessage' && /analyse .*deep: /.test((n.params as { message: string }).message));
    h!.client.change(file, { start: { line: 2, character: 8 }, end: { line: 2, character: 8 } }, '(');
    await hoverAround(file, text);
  });

  it('CRLF line endings: diagnostics on the right lines and columns', async () => {
    const src = fs.readFileSync(path.join(FIXTURES, 'seed', 'main.go'), 'utf8').replace(/^package main/, 'package crlf').replace(/\nfunc main\(\) \{[^]*$/, '\n');
    const { file } = await openHostile('crlf/x.go', src.replace(/\n/g, '\r\n'));
    const ds = await h!.client.waitForDiagnostics(file, compiler('moved to heap: u'));
    const u = ds.find((d) => d.message === 'moved to heap: u')!;
    assert.deepEqual(u.range, { start: { line: 13, character: 1 }, end: { line: 13, character: 2 } });
  });

  it('an empty file: answered, and analysed once the user types a package', async () => {
    const { file } = await openHostile('empty/x.go', '');
    await h!.client.waitForNotification((n) => n.method === 'window/logMessage' && /analyse .*empty: build-failed/.test((n.params as { message: string }).message));
    h!.client.change(file, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, 'package empty\n\nfunc F() *int {\n\tv := 1\n\treturn &v\n}\n');
    await h!.client.waitForDiagnostics(file, compiler('moved to heap: v'));
  });

  it('binary garbage named x.go', async () => {
    const { file, text } = await openHostile('binary/x.go', garbage(64 * 1024));
    await h!.client.waitForNotification((n) => n.method === 'window/logMessage' && /analyse .*binary: /.test((n.params as { message: string }).message));
    h!.client.change(file, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '\u0000\u0001');
    await hoverAround(file, text);
  });
});
