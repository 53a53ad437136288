// `npm run bench:workspace`: whether opening a file in a big module costs what it costs in a small
// one. Measured with the real server and the real go: the time from didOpen to the first publish
// with compiler diagnostics, for a file of a generated module of 2,000 packages and for the file
// of a module of one package, with default settings (`pgo: auto`, profiles from default.pgo).
// Every sample is a fresh server; the two modules alternate, and their order swaps every round.
// A first round is not counted: after it the go build cache holds both packages, so the medians
// are of a warm cache (the cold case cannot be had per round without clearing the user's cache).
// Also printed per module: how long the go command of that first run took by the server's own
// log, and the rest (what the server did before and around it).
//
// Options: --rounds N (counted rounds, default 7), --packages N (of the big module, default 2000).
// SERVERJS=path measures another build; BASELINE_SERVERJS=path also measures that one in the same
// rounds, alternating with the first, for a before/after comparison on one machine state.
// --walk times the walk alone instead (defaultPgoDirs of out/, after `npm run build`) on the big
// module, with 16, 128 and 1,024 reads in flight, while the event loop is idle or busy for 3 ms or
// 30 ms in every turn, as the server's is in its first second.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { tempDir, writeModule } from './bench/generate.mjs';
import { LspClient } from './bench/lspClient.mjs';
import { waitNoChildren } from './bench/procfs.mjs';
import { REPO, SERVER, compiled, flag, numberOption } from './bench/scriptEnv.mjs';
import { median, ms, table } from './bench/stats.mjs';

const ROUNDS = numberOption('--rounds', 7);
const PACKAGES = numberOption('--packages', 2000);
const BASELINE = process.env.BASELINE_SERVERJS ? path.resolve(process.env.BASELINE_SERVERJS) : undefined;

const leak = (pkg, v) => `package ${pkg}\n\nfunc New() *int {\n\t${v} := 1\n\treturn &${v}\n}\n`;

const dir = tempDir('workspace');
const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });
}

/** The two modules on disk, and the file opened in each. */
function generate() {
  const bigFiles = {};
  for (let i = 0; i < PACKAGES; i++) {
    const p = `p${String(i).padStart(4, '0')}`;
    bigFiles[`pkg/${p}/${p}.go`] = leak(p, `v${i}`);
  }
  const big = path.join(dir, 'big');
  const small = path.join(dir, 'small');
  for (const d of [big, small]) fs.mkdirSync(d);
  writeModule(big, 'bench.example/big', bigFiles);
  writeModule(small, 'bench.example/small', { 'pkg/p0001/p0001.go': leak('p0001', 'v1') });
  const opened = Math.min(1234, PACKAGES - 1);
  const p = `p${String(opened).padStart(4, '0')}`;
  return {
    big: { root: big, file: path.join(big, 'pkg', p, `${p}.go`), v: `v${opened}` },
    small: { root: small, file: path.join(small, 'pkg', 'p0001', 'p0001.go'), v: 'v1' },
  };
}

/** One sample: a fresh server on the module, the file opened, until its compiler diagnostics. */
async function openOnce(server, mod) {
  const { NODE_EXTRA_CA_CERTS: _unused, ...env } = process.env;
  const client = await LspClient.start({ rootDir: mod.root, cwd: mod.root, env, args: [server, '--stdio'], settings: {} });
  try {
    const text = fs.readFileSync(mod.file, 'utf8');
    const want = `moved to heap: ${mod.v}`;
    const uri = client.uri(mod.file);
    const t0 = performance.now();
    client.open(mod.file, text);
    const n = await client.waitFor((x) => x.method === 'textDocument/publishDiagnostics' && x.params.uri === uri && x.params.diagnostics.some((d) => d.data?.origin === 'compiler' && d.message === want), { timeoutMs: 120000 });
    const total = n.at - t0;
    // The go command's own time, from the server's log line of the run.
    const line = client.notifications.map((x) => x.method === 'window/logMessage' && x.params.message).find((m) => m && /\] analyse .*: ok \(\d+ ms\)/.test(m));
    const go = line ? Number(/: ok \((\d+) ms\)/.exec(line)[1]) : NaN;
    await waitNoChildren(client.proc.pid, 200);
    return { total, go };
  } finally {
    await client.stop();
  }
}

async function main() {
  const mods = generate();
  const builds = BASELINE ? [['this build', SERVER], ['baseline', BASELINE]] : [['this build', SERVER]];
  const samples = new Map();
  const add = (k, s) => (samples.get(k) ?? samples.set(k, []).get(k)).push(s);
  for (let round = 0; round <= ROUNDS; round++) {
    const order = round % 2 ? ['big', 'small'] : ['small', 'big'];
    for (const [label, server] of round % 2 ? [...builds].reverse() : builds) {
      for (const m of order) {
        const s = await openOnce(server, mods[m]);
        if (round > 0) add(`${label}\0${m}`, s);
        console.error(`  round ${round}${round === 0 ? ' (warm-up, not counted)' : ''}: ${label} ${m}: ${ms(s.total)} (go ${ms(s.go)})`);
      }
    }
  }
  const rows = [];
  for (const [label, server] of builds) {
    const of = (m, f) => median(samples.get(`${label}\0${m}`).map(f));
    const big = of('big', (s) => s.total);
    const small = of('small', (s) => s.total);
    rows.push([`${label} (${path.relative(REPO, server) || server})`, ms(small), ms(big), `${(big / small).toFixed(2)}`, ms(of('small', (s) => s.go)), ms(of('big', (s) => s.go)), ms(of('small', (s) => s.total - s.go)), ms(of('big', (s) => s.total - s.go))]);
  }
  console.log(table(['Server', '1 package: open to verdict', `${PACKAGES} packages`, 'ratio', 'go command (1)', `go command (${PACKAGES})`, 'rest (1)', `rest (${PACKAGES})`], rows));
  console.log(`Medians of ${ROUNDS} rounds after a warm-up round (warm go build cache), a fresh server per sample, default settings.`);
}

/** The walk alone, timed under an idle and a busy event loop. */
async function walkOnly() {
  const { defaultPgoDirs } = compiled('server/src/core/profile/pgoWalk.js');
  const { big } = generate();
  const rows = [];
  for (const busyMs of [0, 3, 30]) {
    const row = [busyMs ? `busy ${busyMs} ms per turn` : 'idle'];
    for (const inFlight of [16, 128, 1024]) {
      const samples = [];
      for (let i = 0; i < ROUNDS; i++) {
        let on = busyMs > 0;
        const spin = () => {
          if (!on) return;
          const end = performance.now() + busyMs;
          while (performance.now() < end);
          setImmediate(spin);
        };
        setImmediate(spin);
        const t0 = performance.now();
        await defaultPgoDirs(big.root, undefined, inFlight);
        samples.push(performance.now() - t0);
        on = false;
        await new Promise((r) => setTimeout(r, 50));
      }
      row.push(ms(median(samples)));
    }
    rows.push(row);
  }
  console.log(table(['event loop', '16 reads in flight', '128', '1,024'], rows));
  console.log(`Medians of ${ROUNDS} walks of ${PACKAGES + 2} directories (out/ build).`);
}

try {
  await (flag('--walk') ? walkOnly() : main());
} finally {
  cleanup();
}
