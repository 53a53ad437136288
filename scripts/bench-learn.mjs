// `node scripts/bench-learn.mjs` (after a build): what reading a large package's leak messages
// costs the server when it learns from a result. The result's output is already mapped (absolute
// paths), so learning reads it as it is (leakMessagesInSlices); mapping it again first
// (leakMessagesByPackage, what learning did before) is timed beside it. The package is the
// trace-blocks generated file (--functions N, default 44000). Prints medians of --rounds N
// (default 7), the two alternating.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { generatedFunctions, tempDir, writeModule } from './bench/generate.mjs';
import { compiled, numberOption } from './bench/scriptEnv.mjs';
import { median } from './bench/stats.mjs';

const { mapOutputPaths } = compiled('server/src/core/compiler/outputPaths.js');
const { leakMessagesByPackage, leakMessagesInSlices } = compiled('server/src/core/predict/facts/packageFacts.js');
const { Slicer } = compiled('server/src/core/util/slices.js');

const FUNCTIONS = numberOption('--functions', 44000);
const ROUNDS = numberOption('--rounds', 7);
const dir = tempDir('bench-learn');
try {
  writeModule(dir, 'learn.example/m', { 'gen/gen.go': generatedFunctions(FUNCTIONS) });
  const r = spawnSync('go', ['build', '-a', '-gcflags=-m', '-o', '/dev/null', './gen'], { cwd: dir, maxBuffer: 1 << 30, encoding: 'utf8' });
  if (r.error || !r.stderr) throw new Error(`go build -gcflags=-m failed: ${r.error?.message ?? r.stderr}`);
  const mapped = mapOutputPaths(r.stderr, [], dir).text;
  // The whole read in one slice: what is timed is the work, not the turns it is spread over.
  const unsliced = () => new Slicer(undefined, Number.POSITIVE_INFINITY);
  const again = [];
  const asIs = [];
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now();
    leakMessagesByPackage(mapped, dir);
    again.push(performance.now() - t);
    t = performance.now();
    await leakMessagesInSlices(mapped, dir, unsliced());
    asIs.push(performance.now() - t);
  }
  console.log(`-m output of ${FUNCTIONS} functions: ${(mapped.length / 1e6).toFixed(1)} MB, ${mapped.split('\n').length} lines`);
  console.log(`mapped again, then read: median ${median(again).toFixed(0)} ms; read as it is: median ${median(asIs).toFixed(0)} ms (${ROUNDS} rounds each, alternating)`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
