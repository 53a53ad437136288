// A long editing session over many open files of a module, as the soak script (scripts/soak.mjs)
// and its cheaper test run it: statements typed into function bodies keystroke by keystroke and
// then kept, undone in one step or deleted key by key; large blocks pasted and some undone; files
// closed without saving and others opened. The client's model of each text is exact, and every
// step leaves code that compiles, so the session ends with texts whose compiler verdict is known.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspClient } from '../../helpers/lspClient';
import { cliVerdict, compilerKeys } from './harness';
import { ContentChange, applyChange, positionAt } from './textModel';

export interface SoakOptions {
  client: LspClient;
  /** Every Go file of the module; `openCount` of them are open at a time. */
  files: string[];
  openCount: number;
  random: () => number;
  /** A top-level block to paste (declarations whose names are made unique by `tag`). */
  pasteBlock: (tag: string) => string;
}

/** Lines after which a statement can be typed: a complete assignment inside a function body. */
const SITE = /^\t[a-z]\w* :?= [^{]*$/;

export class SoakSession {
  /** The text of each open file, as the client has sent it. */
  readonly texts = new Map<string, string>();
  readonly versions = new Map<string, number>();
  edits = 0;
  private tag = 0;

  constructor(private readonly o: SoakOptions) {}

  private int(n: number): number {
    return Math.floor(this.o.random() * n);
  }

  open(file: string): void {
    const text = fs.readFileSync(file, 'utf8');
    this.o.client.open(file, text);
    this.texts.set(file, text);
    this.versions.set(file, 1);
  }

  /** Opens the first `openCount` files. */
  start(): void {
    for (const f of this.o.files.slice(0, this.o.openCount)) this.open(f);
  }

  private send(file: string, changes: ContentChange[]): void {
    let text = this.texts.get(file)!;
    for (const c of changes) text = applyChange(text, c);
    const version = this.versions.get(file)! + 1;
    this.o.client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: this.o.client.uri(file), version }, contentChanges: changes });
    this.texts.set(file, text);
    this.versions.set(file, version);
    this.edits++;
  }

  /** Waits for the server's publish of the file's current version, among notifications from `from` on. */
  private async caughtUp(file: string, from: number): Promise<void> {
    const version = this.versions.get(file)!;
    const uri = this.o.client.uri(file);
    await this.o.client.waitFor((n) => {
      const p = n.params as { uri: string; version?: number };
      return n.method === 'textDocument/publishDiagnostics' && p.uri === uri && p.version === version;
    }, { from, timeoutMs: 30000 });
  }

  private pick<T>(xs: T[]): T {
    return xs[this.int(xs.length)];
  }

  /** Types a statement after a site line, one character per change, then keeps or removes it. */
  private async typeStatement(file: string): Promise<void> {
    const lines = this.texts.get(file)!.split('\n');
    const sites = lines.map((l, i) => (SITE.test(l) ? i : -1)).filter((i) => i >= 0);
    if (sites.length === 0) return;
    const line = this.pick(sites);
    const k = this.tag++;
    const typed = `\n\tsoak${k} := fmt.Sprint(${k}, "x")\n\t_ = soak${k}`;
    let pos = { line, character: lines[line].length };
    const start = this.offsetOf(file, pos);
    for (const ch of typed) {
      this.send(file, [{ range: { start: pos, end: pos }, text: ch }]);
      pos = ch === '\n' ? { line: pos.line + 1, character: 0 } : { line: pos.line, character: pos.character + 1 };
      await new Promise((r) => setTimeout(r, this.int(3)));
    }
    const r = this.o.random();
    if (r < 0.35) return;
    const text = this.texts.get(file)!;
    if (r < 0.7) {
      // Undo: the editor sends the inverse of the typing as one change.
      this.send(file, [{ range: { start: positionAt(text, start), end: positionAt(text, start + typed.length) }, text: '' }]);
      return;
    }
    for (let end = start + typed.length; end > start; end--) {
      const now = this.texts.get(file)!;
      this.send(file, [{ range: { start: positionAt(now, end - 1), end: positionAt(now, end) }, text: '' }]);
      if (this.int(4) === 0) await new Promise((r) => setTimeout(r, 1));
    }
  }

  private offsetOf(file: string, pos: { line: number; character: number }): number {
    const lines = this.texts.get(file)!.split('\n');
    return lines.slice(0, pos.line).reduce((n, l) => n + l.length + 1, 0) + pos.character;
  }

  /** Pastes a block at the end of the file; undoes it now and then. */
  private paste(file: string): void {
    const text = this.texts.get(file)!;
    const block = this.o.pasteBlock(`Soak${this.tag++}`);
    const end = positionAt(text, text.length);
    this.send(file, [{ range: { start: end, end }, text: block }]);
    if (this.int(2) === 0) {
      const now = this.texts.get(file)!;
      this.send(file, [{ range: { start: end, end: positionAt(now, now.length) }, text: '' }]);
    }
  }

  /** Closes an open file without saving and opens a closed one. */
  private swap(): void {
    const closed = this.o.files.filter((f) => !this.texts.has(f));
    if (closed.length === 0) return;
    const victim = this.pick([...this.texts.keys()]);
    this.o.client.close(victim);
    this.texts.delete(victim);
    this.versions.delete(victim);
    this.open(this.pick(closed));
  }

  /** Runs until `edits` edits have been sent in all, waiting for the server after each step. */
  async run(edits: number): Promise<void> {
    while (this.edits < edits) {
      const file = this.pick([...this.texts.keys()]);
      const from = this.o.client.notifications.length;
      const r = this.o.random();
      if (r < 0.95) {
        if (r < 0.85) await this.typeStatement(file);
        else this.paste(file);
        await this.caughtUp(file, from);
      } else {
        this.swap();
      }
    }
  }

  /** What the compiler must judge now: open files as sent, closed ones as on disk. */
  finalTexts(): Map<string, string> {
    return new Map(this.o.files.map((f) => [f, this.texts.get(f) ?? fs.readFileSync(f, 'utf8')]));
  }

  /**
   * Writes the final texts into `verdictDir` (a copy of the module at `moduleDir`), asks the CLI
   * for its verdict, and waits until every open file shows it. Returns the files that do not.
   */
  async compareWithCompiler(moduleDir: string, verdictDir: string, timeoutMs = 120000): Promise<string[]> {
    const texts = this.finalTexts();
    const copyOf = (f: string) => path.join(verdictDir, path.relative(moduleDir, f));
    for (const [f, text] of texts) fs.writeFileSync(copyOf(f), text);
    const packages = [...new Set(this.o.files.map((f) => path.dirname(copyOf(f))))];
    const verdict = cliVerdict(...packages);
    const wrong: string[] = [];
    for (const f of this.texts.keys()) {
      const want = JSON.stringify(verdict.get(copyOf(f)) ?? []);
      const uri = this.o.client.uri(f);
      const version = this.versions.get(f);
      await this.o.client
        .waitForDiagnostics(f, (ds) => this.o.client.diagnostics.get(uri)?.version === version && JSON.stringify(compilerKeys(ds)) === want, timeoutMs)
        .catch((e: Error) => wrong.push(`${path.relative(moduleDir, f)}: expected ${want}; ${e.message.slice(0, 600)}`));
    }
    return wrong;
  }
}
