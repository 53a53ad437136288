// `node scripts/trace-typing.mjs [V8 flags...]`: types into a generated 5,000-line file as the
// bench's prediction scenario does with the server started under the given V8 flags (default
// --trace-gc), and writes what V8 printed during the typing to trace-typing.log. The protocol
// goes over fd 3 (scripts/bench/protocolOnFd3.cjs), so V8's output on stdout cannot corrupt it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { bigFile, tempDir, typingScript, writeModule } from './bench/generate.mjs';
import { LspClient } from './bench/lspClient.mjs';
import { percentile } from './bench/stats.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const flags = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['--trace-gc'];
const LOG = path.join(REPO, 'trace-typing.log');

const dir = tempDir('trace');
const text = bigFile(5000);
writeModule(dir, 'bench.example/big', { 'big.go': text });
const file = path.join(dir, 'big.go');
// As the VS Code client starts the server (client/src/serverEnv.ts).
const { NODE_EXTRA_CA_CERTS: _unused, ...env } = process.env;
const log = fs.openSync(LOG, 'w');
const serverJs = process.env.SERVERJS ? path.resolve(process.env.SERVERJS) : path.join(REPO, 'dist/server.js');
const client = await LspClient.start({
  rootDir: dir, cwd: dir, env,
  args: [...flags, '--require', path.join(REPO, 'scripts/bench/protocolOnFd3.cjs'), serverJs, '--stdio'],
  stdio: ['pipe', log, 'inherit', 'pipe'], readFd: 3,
  initializationOptions: { settings: { goEscape: { debounceMs: 300 } } },
  keepWholePublishes: 2,
});
const isPublish = (n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === client.uri(file);
try {
  client.open(file, text);
  await client.waitFor((n) => isPublish(n) && n.params.diagnostics.some((d) => d.data?.origin === 'compiler'), { timeoutMs: 180000 });
  // Let the explanation pass and background work end.
  await new Promise((r) => setTimeout(r, 5000));
  fs.writeSync(log, '=== typing starts\n');
  // The bench's scenario: type a statement into three functions spread over the file, and
  // delete it again, one keystroke at a time; the compiler runs between functions.
  const latencies = [];
  const key = async (range, ch) => {
    const from = client.notifications.length;
    const sent = performance.now();
    const v = client.change(file, range, ch);
    await client.waitFor((n) => isPublish(n) && n.params.version === v, { from });
    latencies.push(performance.now() - sent);
    await new Promise((r) => setTimeout(r, 15));
  };
  for (const keys of typingScript(text)) {
    for (const { range, text: ch } of keys) await key(range, ch);
    fs.writeSync(log, '=== next function\n');
    await new Promise((r) => setTimeout(r, 1500));
  }
  fs.writeSync(log, '=== typing ends\n');
  console.log(`${latencies.length} keystrokes: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms; V8 output (${flags.join(' ')}) in ${path.relative(process.cwd(), LOG)}`);
} finally {
  await client.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
