// `npm run soak`: a long editing session against the language server (test/faults/helpers/soak.ts):
// 10,000 edits over 20 open files of a generated 32-file module (typing, undo, pastes of large
// blocks, files closed and opened). Prints the server's RSS after the first 1,000 edits and at the
// end (target: within 20%), what scripts/bench/serverProbe.cjs sees inside the process at both
// points, and checks that the final diagnostics are the compiler's verdict (the CLI's on the same
// texts). Exits with 1 when a check fails.
//
// Options: --edits N (default 10000), --warm N (edits before the first sample, default 1000),
// --quiet MS (time without edits before each sample, default 6000; the server compacts its heap
// after 4 s of quiet, runtime/idleCollection.ts),
// --seed N (default: random, printed), --files N (open at a time, default 20), --heap-diff (heap
// snapshots at both points, and the object kinds that grew most; build with GO_ESCAPE_MINIFY=0
// for readable names; the snapshots themselves cost RSS, so the RSS figures of such a run are not
// the ones to quote).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { functionGroup, manyFileModule, tempDir } from './bench/generate.mjs';
import { growth, summarize } from './bench/heapSummary.mjs';
import { LspClient } from './bench/lspClient.mjs';
import { memoryOf, waitNoChildren } from './bench/procfs.mjs';
import { REPO, SERVER, compiled, flag, numberOption } from './bench/scriptEnv.mjs';

const { SoakSession } = compiled('test/faults/helpers/soak.js');
const { mulberry32 } = compiled('test/helpers/seededRandom.js');
const { ServerProbe } = compiled('test/helpers/serverProbe.js');

const EDITS = numberOption('--edits', 10000);
const WARM = numberOption('--warm', 1000);
const OPEN = numberOption('--files', 20);
const SEED = numberOption('--seed', Math.floor(Math.random() * 2 ** 31));
const HEAP_DIFF = flag('--heap-diff');
const QUIET = numberOption('--quiet', 6000);

const dir = tempDir('soak');
const verdictDir = tempDir('soak-verdict');
const probeOut = path.join(process.env.SOAK_PROBE_DIR ?? tempDir("soak-probe"), "probe.jsonl");
const probe = new ServerProbe(probeOut);
const mib = (b) => `${(b / 2 ** 20).toFixed(1)} MiB`;

/**
 * Samples the server twice once its go runs have ended: at once (RSS after the probe's GC, with
 * the burst's garbage possibly still in pages V8 keeps), and after QUIET ms without edits, when
 * the server has compacted its heap as it does for a user who stopped typing. The second is
 * what the session retains, and the one the target is checked on.
 */
async function sample(client, label) {
  await waitNoChildren(client.proc.pid, 1000, 120000);
  const busy = memoryOf(client.proc.pid);
  await new Promise((r) => setTimeout(r, QUIET));
  const p = await probe.sample(client.proc.pid, HEAP_DIFF ? 120000 : 10000);
  const m = memoryOf(client.proc.pid);
  const timers = p.resources.Timeout ?? 0;
  console.log(`${label}: RSS ${m.rssMiB.toFixed(1)} MiB after ${QUIET / 1000} s without edits (${busy.rssMiB.toFixed(1)} MiB when the edits stopped, peak ${m.peakMiB.toFixed(1)}), JS heap used ${mib(p.heapUsed)} (committed ${mib(p.heapCommitted)}), WebAssembly memory ${mib(p.wasmMemory)}, external ${mib(p.external)}, ${timers} timers and ${Object.entries(p.resources).filter(([k]) => k !== 'Timeout').map(([k, n]) => `${n} ${k}`).join(', ')} keeping the loop alive`);
  return { ...p, rss: m.rssMiB, busyRss: busy.rssMiB };
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    for (const d of [dir, verdictDir, ...(process.env.SOAK_PROBE_DIR ? [] : [path.dirname(probeOut)])]) fs.rmSync(d, { recursive: true, force: true });
    process.exit(130);
  });
}

async function main() {
  manyFileModule(dir, 4, 8, 1);
  fs.cpSync(dir, verdictDir, { recursive: true });
  const files = fs.readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.go')).sort().map((f) => path.join(dir, f));
  console.log(`soak: seed ${SEED} (--seed ${SEED} replays), ${EDITS} edits over ${OPEN} open of ${files.length} files in ${new Set(files.map(path.dirname)).size} packages; server ${path.relative(REPO, SERVER)}`);
  const { NODE_EXTRA_CA_CERTS: _unused, ...env } = process.env;
  const client = await LspClient.start({
    rootDir: dir, cwd: dir, env: probe.env(env, { snapshots: HEAP_DIFF }),
    args: probe.args(SERVER),
    settings: { debounceMs: 50 },
    keepWholePublishes: 1,
  });
  const failures = [];
  try {
    const session = new SoakSession({ client, files, openCount: OPEN, random: mulberry32(SEED), pasteBlock: (tag) => `\n${functionGroup(tag)}` });
    session.start();
    const t0 = Date.now();
    await session.run(WARM);
    const first = await sample(client, `after ${session.edits} edits`);
    await session.run(EDITS);
    const last = await sample(client, `after ${session.edits} edits`);
    const rssGrowth = (last.rss - first.rss) / first.rss;
    const ok = Math.abs(rssGrowth) <= 0.2;
    console.log(`RSS ${first.rss.toFixed(1)} -> ${last.rss.toFixed(1)} MiB: ${(rssGrowth * 100).toFixed(1)}% (target within 20%): ${ok ? 'pass' : 'FAIL'}; when the edits stopped ${first.busyRss.toFixed(1)} -> ${last.busyRss.toFixed(1)} MiB (${(((last.busyRss - first.busyRss) / first.busyRss) * 100).toFixed(1)}%); JS heap ${mib(first.heapUsed)} -> ${mib(last.heapUsed)}; WebAssembly memory ${mib(first.wasmMemory)} -> ${mib(last.wasmMemory)}; timers ${first.resources.Timeout ?? 0} -> ${last.resources.Timeout ?? 0}; ${((Date.now() - t0) / 1000).toFixed(0)} s of editing`);
    if (!ok) failures.push('RSS grew by more than 20%');
    if (HEAP_DIFF) console.log(`what grew in the JS heap (self sizes):\n  ${growth(summarize(first.snapshot), summarize(last.snapshot)).join('\n  ')}`);
    const wrong = await session.compareWithCompiler(dir, verdictDir);
    console.log(wrong.length === 0 ? `final diagnostics of all ${session.texts.size} open files equal the compiler's verdict: pass` : `final diagnostics differ from the compiler's verdict: FAIL\n  ${wrong.join('\n  ')}`);
    if (wrong.length > 0) failures.push('diagnostics');
  } finally {
    await client.stop();
    for (const d of [dir, verdictDir, ...(process.env.SOAK_PROBE_DIR ? [] : [path.dirname(probeOut)])]) fs.rmSync(d, { recursive: true, force: true });
  }
  if (failures.length > 0) process.exitCode = 1;
}

await main();
