// `node scripts/trace-typing.mjs [V8 flags...]`: types into a generated 5,000-line file as the
// bench's prediction scenario does with the server started under the given V8 flags (default
// --trace-gc), and writes what V8 printed during the typing to trace-typing.log. The protocol
// goes over fd 3 (scripts/bench/protocolOnFd3.cjs), so V8's output on stdout cannot corrupt it.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bigFile, tempDir, writeModule } from './bench/generate.mjs';
import { percentile } from './bench/stats.mjs';

const require = createRequire(import.meta.url);
const { StreamMessageReader, StreamMessageWriter, createMessageConnection } = require('vscode-jsonrpc/node');
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const flags = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['--trace-gc'];
const LOG = path.join(REPO, 'trace-typing.log');

const dir = tempDir('trace');
const text = bigFile(5000);
writeModule(dir, 'bench.example/big', { 'big.go': text });
const uri = `file://${path.join(dir, 'big.go')}`;
// As the VS Code client starts the server (client/src/serverEnv.ts).
const { NODE_EXTRA_CA_CERTS: _unused, ...env } = process.env;
const log = fs.openSync(LOG, 'w');
const server = spawn(process.execPath, [...flags, '--require', path.join(REPO, 'scripts/bench/protocolOnFd3.cjs'), (process.env.SERVERJS ? path.resolve(process.env.SERVERJS) : path.join(REPO, 'dist/server.js')), '--stdio'], {
  cwd: dir, env, stdio: ['pipe', log, 'inherit', 'pipe'],
});
const conn = createMessageConnection(new StreamMessageReader(server.stdio[3]), new StreamMessageWriter(server.stdin));
let onPublish = () => {};
let compiled = false;
conn.onNotification('textDocument/publishDiagnostics', (p) => {
  if (p.diagnostics.some((d) => d.data?.origin === 'compiler')) compiled = true;
  onPublish(p);
});
conn.onRequest('workspace/configuration', (p) => p.items.map(() => null));
conn.onRequest(() => null);
conn.listen();
try {
  await conn.sendRequest('initialize', {
    processId: process.pid, rootUri: `file://${dir}`,
    capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true } } },
    initializationOptions: { settings: { goEscape: { debounceMs: 300 } } },
  });
  conn.sendNotification('initialized', {});
  conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text } });
  while (!compiled) await new Promise((r) => setTimeout(r, 100));
  // Let the explanation pass and background work end.
  await new Promise((r) => setTimeout(r, 5000));
  fs.writeSync(log, '=== typing starts\n');
  // The bench's scenario: type a statement into three functions spread over the file, and
  // delete it again, one keystroke at a time; the compiler runs between functions.
  const lines = text.split('\n');
  const siteLines = [5, 30, 65].map((g) => lines.findIndex((l, i) => i > 1 && lines[i - 2].includes(`func NewRecordG${g}(`) && l.includes('r.Tags')));
  let version = 1;
  const latencies = [];
  const key = async (range, ch) => {
    const v = ++version;
    const published = new Promise((resolve) => {
      onPublish = (p) => p.version === v && resolve();
    });
    const sent = performance.now();
    conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range, text: ch }] });
    await published;
    latencies.push(performance.now() - sent);
    await new Promise((r) => setTimeout(r, 15));
  };
  for (const line of siteLines) {
    const pos = { line, character: lines[line].length };
    const stack = [];
    for (const ch of '\n\textra := fmt.Sprint(id, name)\n\tr.Name = extra') {
      await key({ start: { ...pos }, end: { ...pos } }, ch);
      stack.push({ ...pos });
      if (ch === '\n') Object.assign(pos, { line: pos.line + 1, character: 0 });
      else pos.character++;
    }
    while (stack.length > 0) {
      const prev = stack.pop();
      await key({ start: prev, end: { ...pos } }, '');
      Object.assign(pos, prev);
    }
    fs.writeSync(log, '=== next function\n');
    await new Promise((r) => setTimeout(r, 1500));
  }
  fs.writeSync(log, '=== typing ends\n');
  console.log(`${latencies.length} keystrokes: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms; V8 output (${flags.join(' ')}) in ${path.relative(process.cwd(), LOG)}`);
  await conn.sendRequest('shutdown');
  conn.sendNotification('exit');
} finally {
  await new Promise((r) => setTimeout(r, 500));
  server.kill();
  conn.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
}
