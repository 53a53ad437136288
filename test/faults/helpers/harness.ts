// A language server under test with a private TMPDIR (so leftovers can be counted), plus the
// questions fault tests keep asking it: does it still answer, what did it tell the user.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Diagnostic, LspClient, SERVER, REPO } from '../../helpers/lspClient';

export { SERVER, REPO };

export interface Harness {
  client: LspClient;
  /** The server's TMPDIR, private to this test. */
  tmp: string;
  pid: number;
}

export function privateTmp(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-faults-tmp-')));
}

export async function startServer(opts: {
  rootDir: string;
  settings?: Record<string, unknown>;
  workspaceTrusted?: boolean;
  env?: NodeJS.ProcessEnv;
}): Promise<Harness> {
  const tmp = privateTmp();
  const client = await LspClient.start({
    rootDir: opts.rootDir,
    settings: opts.settings,
    workspaceTrusted: opts.workspaceTrusted,
    env: { ...process.env, TMPDIR: tmp, ...opts.env },
  });
  return { client, tmp, pid: client.proc.pid! };
}

/** Resolves with the hover result, or rejects when the server does not answer in `timeoutMs`. */
export async function hover(client: LspClient, file: string, line: number, character: number, timeoutMs = 15000): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      client.request('textDocument/hover', { textDocument: { uri: client.uri(file) }, position: { line, character } }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no hover answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function showMessages(client: LspClient): { type: number; message: string }[] {
  return client.notifications.filter((n) => n.method === 'window/showMessage').map((n) => n.params as { type: number; message: string });
}

/** Log lines the server wrote for its go runs (`analyse DIR: STATUS (N ms) ...`). */
export function runLogs(client: LspClient, status?: string): string[] {
  return client.notifications
    .filter((n) => n.method === 'window/logMessage')
    .map((n) => (n.params as { message: string }).message)
    .filter((m) => /\banalyse /.test(m) && (status === undefined || m.includes(`: ${status} (`)));
}

/** Waits until the server has logged `count` verdict runs with `status`. */
export async function waitForRuns(client: LspClient, status: string, count: number, timeoutMs = 60000): Promise<void> {
  await client.waitForNotification(() => runLogs(client, status).length >= count, timeoutMs);
}

export function statuses(client: LspClient): { state: string; message: string }[] {
  return client.notifications.filter((n) => n.method === 'goEscape/status').map((n) => n.params as { state: string; message: string });
}

/** Findings the CLI reports for package directories: `line:message` keys (0-based lines) per file. */
export function cliVerdict(...dirs: string[]): Map<string, string[]> {
  const out = execFileSync(process.execPath, [path.join(REPO, 'dist', 'cli.js'), '--json', ...dirs], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const byFile = new Map<string, string[]>();
  for (const line of out.split('\n')) {
    if (!line.trim()) continue;
    const f = JSON.parse(line) as { file: string; line: number; message: string };
    byFile.set(f.file, [...(byFile.get(f.file) ?? []), `${f.line - 1}:${f.message}`]);
  }
  for (const v of byFile.values()) v.sort();
  return byFile;
}

/** The compiler's findings among diagnostics, as `line:message` keys comparable with cliVerdict's. */
export function compilerKeys(ds: Diagnostic[]): string[] {
  return ds.filter((d) => d.data?.origin === 'compiler').map((d) => `${d.range.start.line}:${d.message}`).sort();
}

export function removeAll(...dirs: (string | undefined)[]): void {
  for (const d of dirs) if (d) fs.rmSync(d, { recursive: true, force: true });
}
