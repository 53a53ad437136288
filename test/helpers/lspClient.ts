// A real LSP client for tests: starts the built server (dist/server.js) over stdio, records
// every notification, and waits for diagnostics that satisfy a predicate.
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  StreamMessageReader, StreamMessageWriter, createMessageConnection, MessageConnection,
} from 'vscode-jsonrpc/node';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const SERVER = path.join(REPO, 'dist', 'server.js');

export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  severity?: number;
  code?: string;
  source?: string;
  data?: { origin: string; category: string; rule: string };
  codeDescription?: { href: string };
  relatedInformation?: unknown[];
}

export interface StartOptions {
  rootDir: string;
  settings?: Record<string, unknown>;
  workspaceTrusted?: boolean;
  env?: NodeJS.ProcessEnv;
}

export class TestClient {
  readonly diagnostics = new Map<string, { version?: number; diagnostics: Diagnostic[] }>();
  readonly notifications: { method: string; params: unknown }[] = [];
  private waiters: (() => void)[] = [];
  private versions = new Map<string, number>();

  private constructor(readonly proc: ChildProcess, readonly conn: MessageConnection) {}

  static async start(opts: StartOptions): Promise<TestClient> {
    const proc = spawn(process.execPath, [SERVER, '--stdio'], { env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    proc.stderr!.on('data', () => {});
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const c = new TestClient(proc, conn);
    conn.onNotification((method: string, params: unknown) => {
      c.notifications.push({ method, params });
      if (method === 'textDocument/publishDiagnostics') {
        const p = params as { uri: string; version?: number; diagnostics: Diagnostic[] };
        c.diagnostics.set(p.uri, { version: p.version, diagnostics: p.diagnostics });
      }
      c.wake();
    });
    conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onRequest('client/registerCapability', () => null);
    conn.listen();
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(opts.rootDir).href,
      capabilities: { window: { workDoneProgress: true }, textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true } } },
      initializationOptions: { settings: { goEscape: opts.settings ?? {} }, workspaceTrusted: opts.workspaceTrusted, statusNotifications: true },
      workspaceFolders: [{ uri: pathToFileURL(opts.rootDir).href, name: 'ws' }],
    });
    conn.sendNotification('initialized', {});
    return c;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  uri(file: string): string {
    return pathToFileURL(file).href;
  }

  open(file: string, text: string): void {
    this.versions.set(file, 1);
    this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri(file), languageId: 'go', version: 1, text } });
  }

  /** Sends an incremental change replacing a range (0-based line/UTF-16 character) with text. */
  change(file: string, range: Diagnostic['range'] | undefined, text: string): number {
    const v = (this.versions.get(file) ?? 1) + 1;
    this.versions.set(file, v);
    this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: this.uri(file), version: v },
      contentChanges: [range ? { range, text } : { text }],
    });
    return v;
  }

  close(file: string): void {
    this.conn.sendNotification('textDocument/didClose', { textDocument: { uri: this.uri(file) } });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.conn.sendRequest(method, params) as Promise<T>;
  }

  /** Waits until `pred` holds for the file's latest diagnostics; throws with the last seen on timeout. */
  async waitForDiagnostics(file: string, pred: (d: Diagnostic[]) => boolean, timeoutMs = 60000): Promise<Diagnostic[]> {
    const uri = this.uri(file);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const cur = this.diagnostics.get(uri);
      if (cur && pred(cur.diagnostics)) return cur.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for diagnostics on ${file}; last: ${JSON.stringify(cur?.diagnostics ?? null)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Waits for a notification matching `pred`. */
  async waitForNotification(pred: (n: { method: string; params: unknown }) => boolean, timeoutMs = 60000): Promise<{ method: string; params: unknown }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const n = this.notifications.find(pred);
      if (n) return n;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for notification');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
      this.conn.sendNotification('exit');
    } catch {
      // The server may already be gone.
    }
    await new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) return resolve();
      const t = setTimeout(() => {
        this.proc.kill('SIGKILL');
        resolve();
      }, 3000);
      this.proc.on('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
    this.conn.dispose();
  }
}
