// The one LSP client of the tests, the bench, the fault harness and the soak and trace scripts:
// starts a language server over stdio (ours by default, or any command such as gopls), timestamps
// every notification when it is read, keeps the latest diagnostics of each document, and waits
// for notifications that satisfy a predicate. Scripts load the compiled copy under out/.
import { ChildProcess, StdioOptions, spawn } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  AbstractMessageWriter, DataCallback, Disposable, Message, MessageConnection, MessageWriter,
  StreamMessageReader, createMessageConnection,
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

export interface Notification {
  method: string;
  params: unknown;
  /** performance.now() when the message was read. */
  at: number;
  /** Set on superseded publishes that were trimmed (see StartOptions.keepWholePublishes). */
  origins?: Set<string | undefined>;
}

/** What VS Code advertises for diagnostics; versionSupport too, so publishes can be matched. */
export const CLIENT_CAPABILITIES = {
  workspace: { configuration: false, workspaceFolders: true },
  window: { workDoneProgress: true },
  textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true, tagSupport: { valueSet: [1, 2] } } },
};

/** A request's item of `workspace/configuration`. */
export interface ConfigurationItem {
  scopeUri?: string;
  section?: string;
}

export interface StartOptions {
  rootDir: string;
  /** The workspace folders; by default rootDir alone. */
  folders?: string[];
  /**
   * Answers `workspace/configuration` per item (and advertises that the client does); without
   * it the client says it does not answer, and any such request gets nulls.
   */
  configuration?: (item: ConfigurationItem) => unknown;
  /** Our server's settings, sent as initializationOptions.settings.goEscape. */
  settings?: Record<string, unknown>;
  workspaceTrusted?: boolean;
  env?: NodeJS.ProcessEnv;
  /** The server's command line; by default this node running dist/server.js --stdio. */
  command?: string;
  args?: string[];
  cwd?: string;
  /** Replaces the initializationOptions made of settings and workspaceTrusted (other servers). */
  initializationOptions?: unknown;
  /** Merged over CLIENT_CAPABILITIES. */
  capabilities?: Record<string, unknown>;
  /** initialize's processId; null keeps the server from watching this process. */
  processId?: number | null;
  /** The child's stdio, and the fd the protocol is read from (for a server that talks on fd 3). */
  stdio?: StdioOptions;
  readFd?: number;
  /**
   * Keeps the diagnostics of only the latest N publishes of each document; older ones keep the
   * set of their diagnostics' origins (n.origins). Holding hundreds of publishes of a large file
   * made the bench client's garbage collection part of the measured latency.
   */
  keepWholePublishes?: number;
}

/** Frames each message in one write, so that raw bytes written between messages stay whole. */
class FramingWriter extends AbstractMessageWriter implements MessageWriter {
  constructor(private readonly out: Writable) {
    super();
    out.on('error', (e: Error) => this.fireError(e));
    out.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    return this.raw(Buffer.from(JSON.stringify(msg), 'utf8'));
  }

  /** Writes `body` after a header (a correct Content-Length header unless one is given). */
  raw(body: Buffer, header = `Content-Length: ${body.length}\r\n\r\n`): Promise<void> {
    return new Promise((resolve, reject) => {
      this.out.write(Buffer.concat([Buffer.from(header, 'latin1'), body]), (e) => (e ? reject(e) : resolve()));
    });
  }

  end(): void {
    this.out.end();
  }
}

/** A reader that shows every incoming message to `tap` before the connection handles it. */
class TappedReader extends StreamMessageReader {
  tap: (m: Message) => void = () => {};

  override listen(callback: DataCallback): Disposable {
    return super.listen((m) => {
      this.tap(m);
      callback(m);
    });
  }
}

export class LspClient {
  readonly notifications: Notification[] = [];
  readonly diagnostics = new Map<string, { version?: number; diagnostics: Diagnostic[] }>();
  stderr = '';
  initializeResult: unknown;
  initializedAt = 0;
  /** Every item the server asked for in `workspace/configuration`, in order. */
  readonly configurationItems: ConfigurationItem[] = [];
  private waiters: (() => void)[] = [];
  private versions = new Map<string, number>();
  private recent = new Map<string, Notification[]>();

  private constructor(
    readonly proc: ChildProcess,
    readonly conn: MessageConnection,
    private readonly writer: FramingWriter,
    private readonly reader: TappedReader,
    readonly spawnedAt: number,
    private readonly keepWhole: number,
  ) {}

  static async start(opts: StartOptions): Promise<LspClient> {
    const spawnedAt = performance.now();
    const command = opts.command ?? process.execPath;
    const args = opts.args ?? [SERVER, '--stdio'];
    const proc = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: opts.stdio ?? ['pipe', 'pipe', 'pipe'] });
    const reader = new TappedReader(proc.stdio[opts.readFd ?? 1] as Readable);
    const writer = new FramingWriter(proc.stdin!);
    const conn = createMessageConnection(reader, writer);
    const c = new LspClient(proc, conn, writer, reader, spawnedAt, opts.keepWholePublishes ?? Infinity);
    proc.stderr?.on('data', (b: Buffer) => {
      if (c.stderr.length < 1 << 20) c.stderr += b.toString();
    });
    conn.onNotification((method: string, params: unknown) => {
      const n: Notification = { method, params, at: performance.now() };
      c.notifications.push(n);
      if (method === 'textDocument/publishDiagnostics') c.published(n);
      c.wake();
    });
    conn.onRequest('workspace/configuration', (p: { items: ConfigurationItem[] }) => {
      c.configurationItems.push(...p.items);
      return p.items.map((item) => (opts.configuration ? opts.configuration(item) ?? null : null));
    });
    for (const m of ['window/workDoneProgress/create', 'client/registerCapability', 'window/showMessageRequest', 'workspace/diagnostic/refresh', 'workspace/codeLens/refresh', 'workspace/inlayHint/refresh', 'workspace/semanticTokens/refresh']) {
      conn.onRequest(m, () => null);
    }
    conn.onRequest('workspace/applyEdit', () => ({ applied: false }));
    conn.listen();
    const root = pathToFileURL(opts.rootDir).href;
    const folders = (opts.folders ?? [opts.rootDir]).map((f) => ({ uri: pathToFileURL(f).href, name: opts.folders ? path.basename(f) : 'ws' }));
    const capabilities: Record<string, unknown> = { ...CLIENT_CAPABILITIES, ...opts.capabilities };
    if (opts.configuration) capabilities.workspace = { ...(capabilities.workspace as object), configuration: true };
    c.initializeResult = await conn.sendRequest('initialize', {
      processId: opts.processId === undefined ? process.pid : opts.processId,
      rootUri: root,
      workspaceFolders: folders,
      capabilities,
      initializationOptions: 'initializationOptions' in opts
        ? opts.initializationOptions
        : { settings: { goEscape: opts.settings ?? {} }, workspaceTrusted: opts.workspaceTrusted, statusNotifications: true },
    });
    c.initializedAt = performance.now();
    conn.sendNotification('initialized', {});
    return c;
  }

  private published(n: Notification): void {
    const p = n.params as { uri: string; version?: number; diagnostics: Diagnostic[] };
    this.diagnostics.set(p.uri, { version: p.version, diagnostics: p.diagnostics });
    if (this.keepWhole === Infinity) return;
    const recent = this.recent.get(p.uri) ?? [];
    recent.push(n);
    this.recent.set(p.uri, recent);
    if (recent.length <= this.keepWhole) return;
    const old = recent.shift()!;
    const oldParams = old.params as typeof p;
    old.origins = new Set(oldParams.diagnostics.map((d) => d.data?.origin));
    old.params = { ...oldParams, diagnostics: [] };
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** Shows every message the server sends (responses too) to `tap`, before it is handled. */
  onMessage(tap: (m: Message) => void): void {
    this.reader.tap = tap;
  }

  /** Writes bytes to the server as they are, framed with `header` or a correct Content-Length. */
  writeRaw(body: Buffer | string, header?: string): Promise<void> {
    return this.writer.raw(Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), header);
  }

  uri(file: string): string {
    return pathToFileURL(file).href;
  }

  open(file: string, text: string, languageId = 'go'): void {
    this.versions.set(file, 1);
    this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri(file), languageId, version: 1, text } });
  }

  /** Sends an incremental change replacing a range (0-based line/UTF-16 character), or the whole text; returns its version. */
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

  request<T>(method: string, params?: unknown): Promise<T> {
    return this.conn.sendRequest(method, params) as Promise<T>;
  }

  /** publishDiagnostics notifications for `file`, optionally only those of `version`. */
  publishes(file: string, version?: number): Notification[] {
    const uri = this.uri(file);
    return this.notifications.filter((n) => {
      const p = n.params as { uri: string; version?: number };
      return n.method === 'textDocument/publishDiagnostics' && p.uri === uri && (version === undefined || p.version === version);
    });
  }

  /** The first notification at index >= `from` matching `pred`. */
  waitFor(pred: (n: Notification) => boolean, { from = 0, timeoutMs = 60000 } = {}): Promise<Notification> {
    let i = from;
    return this.waitUntil(() => {
      for (; i < this.notifications.length; i++) if (pred(this.notifications[i])) return this.notifications[i];
      return undefined;
    }, timeoutMs, 'a notification');
  }

  /** The first notification matching `pred`, tried again on all of them after each arrival. */
  waitForNotification(pred: (n: Notification) => boolean, timeoutMs = 60000): Promise<Notification> {
    return this.waitUntil(() => this.notifications.find(pred), timeoutMs, 'notification');
  }

  /** Waits until `pred` holds for the file's latest diagnostics; throws with the last seen on timeout. */
  waitForDiagnostics(file: string, pred: (d: Diagnostic[]) => boolean, timeoutMs = 60000): Promise<Diagnostic[]> {
    const uri = this.uri(file);
    return this.waitUntil(() => {
      const cur = this.diagnostics.get(uri);
      return cur && pred(cur.diagnostics) ? cur.diagnostics : undefined;
    }, timeoutMs, () => `diagnostics on ${file}; last: ${JSON.stringify(this.diagnostics.get(uri)?.diagnostics ?? null)}`);
  }

  private async waitUntil<T>(probe: () => T | undefined, timeoutMs: number, what: string | (() => string)): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = probe();
      if (found !== undefined) return found;
      const left = deadline - performance.now();
      const describe = () => (typeof what === 'string' ? what : what());
      if (left <= 0) throw new Error(`timed out waiting for ${describe()}`);
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) {
        throw new Error(`server exited (${this.proc.exitCode ?? this.proc.signalCode}) while waiting for ${describe()}: ${this.stderr.slice(-2000)}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** True once the server process has ended. */
  exited(): boolean {
    return this.proc.exitCode !== null || this.proc.signalCode !== null;
  }

  /** Waits up to `timeoutMs` for the process to end; kills it then. */
  async waitForExit(timeoutMs = 3000): Promise<void> {
    await new Promise<void>((resolve) => {
      if (this.exited()) return resolve();
      const t = setTimeout(() => {
        this.proc.kill('SIGKILL');
        resolve();
      }, timeoutMs);
      this.proc.on('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
      this.conn.sendNotification('exit');
    } catch {
      // The server may already be gone.
    }
    await this.waitForExit();
    this.conn.dispose();
  }
}
