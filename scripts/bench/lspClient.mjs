// A minimal LSP client for benchmarks: starts a server over stdio (ours or gopls), timestamps
// every notification on arrival, and waits for the first one after a point in time that matches
// a predicate. Timestamps are taken when the message is read, before any test logic runs.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { StreamMessageReader, StreamMessageWriter, createMessageConnection } = require('vscode-jsonrpc/node');

export const fileUri = (file) => pathToFileURL(file).href;

export class BenchClient {
  /** @type {{method: string, params: any, at: number}[]} */
  notifications = [];
  #waiters = [];
  #versions = new Map();
  #latest = new Map();

  constructor(proc, conn, spawnedAt) {
    this.proc = proc;
    this.conn = conn;
    this.spawnedAt = spawnedAt;
    this.stderr = '';
  }

  /**
   * Spawns `command args` (no shell) and initializes it. `configuration` answers
   * workspace/configuration requests (section name to value).
   */
  static async start({ command, args, cwd, env, rootDir, initializationOptions, configuration = {}, capabilities = {} }) {
    const spawnedAt = performance.now();
    const proc = spawn(command, args, { cwd, env: env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const c = new BenchClient(proc, conn, spawnedAt);
    proc.stderr.on('data', (b) => {
      if (c.stderr.length < 1 << 20) c.stderr += b.toString();
    });
    conn.onNotification((method, params) => {
      const n = { method, params, at: performance.now() };
      c.notifications.push(n);
      if (method === 'textDocument/publishDiagnostics') c.#supersede(n);
      c.#wake();
    });
    conn.onRequest('workspace/configuration', (p) => p.items.map((it) => configuration[it.section ?? ''] ?? null));
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('window/showMessageRequest', () => null);
    conn.onRequest('workspace/applyEdit', () => ({ applied: false }));
    conn.onRequest('workspace/diagnostic/refresh', () => null);
    conn.onRequest('workspace/codeLens/refresh', () => null);
    conn.onRequest('workspace/inlayHint/refresh', () => null);
    conn.onRequest('workspace/semanticTokens/refresh', () => null);
    conn.listen();
    const root = fileUri(rootDir);
    c.initializeResult = await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: root,
      workspaceFolders: [{ uri: root, name: 'bench' }],
      capabilities: {
        workspace: { configuration: Object.keys(configuration).length > 0, workspaceFolders: true },
        window: { workDoneProgress: true },
        // What VS Code advertises for diagnostics (versionSupport too, so publishes can be matched).
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true, tagSupport: { valueSet: [1, 2] } } },
        ...capabilities,
      },
      initializationOptions,
    });
    c.initializedAt = performance.now();
    conn.sendNotification('initialized', {});
    return c;
  }

  /**
   * An editor keeps only the latest diagnostics of a document. Here the latest few publishes of a
   * URI stay whole (waiters look at recent ones); older ones keep only the set of their
   * diagnostics' origins (n.origins), because holding hundreds of publishes of a large file made
   * this client's garbage collection part of the measured latency.
   */
  #supersede(n) {
    const recent = this.#latest.get(n.params.uri) ?? [];
    recent.push(n);
    this.#latest.set(n.params.uri, recent);
    if (recent.length <= 2) return;
    const old = recent.shift();
    old.origins = new Set(old.params.diagnostics.map((d) => d.data?.origin));
    old.params = { ...old.params, diagnostics: [] };
  }

  #wake() {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }

  open(file, text, languageId = 'go') {
    this.#versions.set(file, 1);
    this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: fileUri(file), languageId, version: 1, text } });
  }

  /** Sends one incremental change; returns { version, at } where `at` is the send time. */
  change(file, range, text) {
    const version = (this.#versions.get(file) ?? 1) + 1;
    this.#versions.set(file, version);
    const at = performance.now();
    this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: fileUri(file), version },
      contentChanges: [range ? { range, text } : { text }],
    });
    return { version, at };
  }

  /** Replaces the whole text (what an editor sends for undo when it does not send ranges). */
  replaceAll(file, text) {
    return this.change(file, undefined, text);
  }

  request(method, params) {
    return this.conn.sendRequest(method, params);
  }

  /** The first notification at index >= `from` matching `pred`; rejects after `timeoutMs`. */
  async waitFor(pred, { from = 0, timeoutMs = 60000 } = {}) {
    const deadline = performance.now() + timeoutMs;
    let i = from;
    for (;;) {
      for (; i < this.notifications.length; i++) if (pred(this.notifications[i])) return this.notifications[i];
      const left = deadline - performance.now();
      if (left <= 0) throw new Error('timed out waiting for a notification');
      if (this.proc.exitCode !== null) throw new Error(`server exited (${this.proc.exitCode}): ${this.stderr.slice(-2000)}`);
      await new Promise((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 250));
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** publishDiagnostics notifications for `file`, optionally only those of `version`. */
  publishes(file, version) {
    const uri = fileUri(file);
    return this.notifications.filter(
      (n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri && (version === undefined || n.params.version === version),
    );
  }

  async stop() {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
      this.conn.sendNotification('exit');
    } catch {
      // Already gone.
    }
    await new Promise((resolve) => {
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
