// `npm run trace-blocks`: the longest time the language server leaves other documents waiting
// while it opens and types in a large file: a generated 2 MB file of 44,000 small functions, and
// the bench's 5,000-line file. Measured from outside: a hover on a small file of another package
// is sent every 20 ms, and each answer's latency is recorded; the longest latency is the longest
// block (plus one pipe round trip). Also printed: the server's own event-loop delay from
// scripts/bench/serverProbe.cjs (preloaded), and this client's, which would inflate the latencies
// if it were busy reading large publishes.
//
// Options: --functions N (of the generated file, default 44000), --keys N (keystrokes per file,
// default 20), --settle MS (quiet time after each phase, default 3000).
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bigFile, generatedFunctions, tempDir, writeModule } from './bench/generate.mjs';
import { LspClient } from './bench/lspClient.mjs';
import { waitNoChildren } from './bench/procfs.mjs';
import { REPO, SERVER, compiled, numberOption } from './bench/scriptEnv.mjs';
import { median, ms, percentile, table } from './bench/stats.mjs';

const { ServerProbe } = compiled('test/helpers/serverProbe.js');
const FUNCTIONS = numberOption('--functions', 44000);
const KEYS = numberOption('--keys', 20);
const SETTLE = numberOption('--settle', 3000);
const PROBE_EVERY = 20;

const small = `package probe

type P struct{ N int }

func NewP(n int) *P {
	p := P{N: n}
	return &p
}
`;

const dir = tempDir('trace-blocks');
const probe = new ServerProbe(path.join(dir, 'probe.jsonl'));
const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });
}

/** Hovers on the small file every PROBE_EVERY ms while `work` runs; returns their latencies. */
async function hoversDuring(client, file, work) {
  const latencies = [];
  const pending = new Set();
  const clientLag = monitorEventLoopDelay({ resolution: 10 });
  clientLag.enable();
  let on = true;
  const loop = (async () => {
    while (on) {
      const sent = performance.now();
      const p = client.request('textDocument/hover', { textDocument: { uri: client.uri(file) }, position: { line: 5, character: 1 } }).then(() => {
        latencies.push(performance.now() - sent);
        pending.delete(p);
      });
      pending.add(p);
      await new Promise((r) => setTimeout(r, PROBE_EVERY));
    }
  })();
  try {
    await work();
  } finally {
    on = false;
    await loop;
    await Promise.all(pending);
    clientLag.disable();
  }
  return { latencies, clientLagMax: clientLag.max / 1e6 };
}

const isPublish = (n, file) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === `file://${file}`;
const hasCompiler = (n) => (n.origins ? n.origins.has('compiler') : n.params.diagnostics.some((d) => d.data?.origin === 'compiler'));

/** Opens `file` with `text`, waits for its compiler verdict and the end of the server's runs. */
async function openPhase(client, file, text) {
  const from = client.notifications.length;
  client.open(file, text);
  await client.waitFor((n) => isPublish(n, file) && hasCompiler(n), { from, timeoutMs: 300000 });
  await waitNoChildren(client.proc.pid, 500, 300000);
  await new Promise((r) => setTimeout(r, SETTLE));
}

/** Types `typed` at `pos` of `file` one character every 50 ms, then waits as openPhase does. */
async function typePhase(client, file, pos, typed) {
  let version = 1;
  let from = client.notifications.length;
  const at = { ...pos };
  for (const ch of typed) {
    from = client.notifications.length;
    version = client.change(file, { start: { ...at }, end: { ...at } }, ch);
    if (ch === '\n') Object.assign(at, { line: at.line + 1, character: 0 });
    else at.character++;
    await new Promise((r) => setTimeout(r, 50));
  }
  await client.waitFor((n) => isPublish(n, file) && n.params.version === version && hasCompiler(n), { from, timeoutMs: 300000 });
  await waitNoChildren(client.proc.pid, 500, 300000);
  await new Promise((r) => setTimeout(r, SETTLE));
}

/** A statement of KEYS characters (spaces after it make up the count). */
const statement = (s) => s + ' '.repeat(Math.max(0, KEYS - s.length));

async function main() {
  const big = generatedFunctions(FUNCTIONS);
  const bench = bigFile(5000);
  writeModule(dir, 'trace.example/blocks', { 'probe/probe.go': small, 'gen/gen.go': big, 'bench/big.go': bench });
  const files = { small: path.join(dir, 'probe', 'probe.go'), big: path.join(dir, 'gen', 'gen.go'), bench: path.join(dir, 'bench', 'big.go') };
  const { NODE_EXTRA_CA_CERTS: _unused, ...env } = process.env;
  const client = await LspClient.start({ rootDir: dir, cwd: dir, env: probe.env(env), args: probe.args(SERVER, { gc: false }), settings: {}, keepWholePublishes: 1 });
  const rows = [];
  const gcRows = [];
  try {
    client.open(files.small, small);
    await client.waitFor((n) => isPublish(n, files.small) && hasCompiler(n), { timeoutMs: 120000 });
    await waitNoChildren(client.proc.pid, 500);
    await probe.sample(client.proc.pid);
    // Inside a function in the middle of each file.
    const bigLines = big.split('\n');
    const bigLine = bigLines.findIndex((l, i) => i > bigLines.length / 2 && l.includes('*int {'));
    const benchLines = bench.split('\n');
    const benchLine = benchLines.findIndex((l, i) => i > 2 && benchLines[i - 2].includes('func NewRecordG30(') && l.includes('r.Tags'));
    const inBig = { line: bigLine, character: bigLines[bigLine].indexOf('{') + 1 };
    const inBench = { line: benchLine, character: benchLines[benchLine].length };
    const phases = [
      [`open the generated file (${(big.length / 1e6).toFixed(1)} MB, ${FUNCTIONS} functions)`, () => openPhase(client, files.big, big)],
      [`type ${KEYS} keys in it`, () => typePhase(client, files.big, inBig, statement(' _ = p.B;'))],
      [`open the bench's 5,000-line file`, () => openPhase(client, files.bench, bench)],
      [`type ${KEYS} keys in it`, () => typePhase(client, files.bench, inBench, statement('\n\t_ = r.Name'))],
    ];
    for (const [what, work] of phases) {
      const t0 = performance.now();
      const { latencies, clientLagMax } = await hoversDuring(client, files.small, work);
      const server = await probe.sample(client.proc.pid);
      const row = [what, ms(Math.max(...latencies)), ms(percentile(latencies, 99)), ms(median(latencies)), String(latencies.filter((l) => l > 50).length), `${latencies.length}`, ms(server.loopDelayMaxMs), String(server.blocksOver50), ms(clientLagMax), `${((performance.now() - t0) / 1000).toFixed(1)} s`];
      rows.push(row);
      console.error(`  ${row.join(' | ')}`);
      gcRows.push([what, (server.longestGcs ?? []).map((g) => `${ms(g.ms)} (${g.kind})`).join(', ')]);
    }
  } finally {
    await client.stop();
    cleanup();
  }
  console.log(table(['Phase', 'longest hover wait', 'p99', 'median', 'hovers > 50 ms', 'hovers', 'server loop delay max', 'server blocks > 50 ms', 'client loop delay max', 'phase time'], rows));
  console.log(table(['Phase', "the server's longest garbage collections"], gcRows));
  console.log(`Hovers on ${path.basename(files.small)} (another package) every ${PROBE_EVERY} ms; server ${path.relative(REPO, SERVER)} with default settings; target: no block over 50 ms.`);
}

await main();
