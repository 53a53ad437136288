// `npm run bench:profile`: how long loading a 10 MB heap profile and joining it with a large
// package's findings takes (target: under 200 ms), against a baseline measured in the same run:
// reading, gunzipping and decoding the same file whole with pprof-format's Profile.decode (the
// loader has pprof-format decode each sample too, but tables it at once instead of keeping the
// Sample objects), and the floor of any reading: read + gunzip.
//
// The package is generated (20 files of about 3,000 lines, compiled by the real go for its
// findings); the profile is synthetic but shaped like Go's: deep stacks through runtime and
// library frames, paths from another machine, and innermost frames at the findings' lines.
// The index cache (indexCache.ts) is measured apart: a first load into an empty cache (decode,
// index, write the entry) and a load from the cache (the same profile again: an editor restart,
// the CLI run again); the other rows load without it.
// Options: --runs N (default 9), --mb N (profile size, default 10), --keep FILE (keep the profile).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';
import { bigFile, tempDir, writeModule } from './bench/generate.mjs';
import { median, ms, table } from './bench/stats.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const OUT = path.join(REPO, 'out', 'server', 'src', 'core');
const { analyzePackage, DEFAULT_ANALYZE_SETTINGS } = require(path.join(OUT, 'compiler', 'analyze.js'));
const { loadProfiles } = require(path.join(OUT, 'profile', 'profileSet.js'));
const { weightOf, sortByWeight } = require(path.join(OUT, 'profile', 'weights.js'));
const { loadProfilesOffThread } = require(path.join(OUT, 'profile', 'offThread.js'));
const { decodeCount } = require(path.join(OUT, 'profile', 'decode.js'));
const pprof = require('pprof-format');

const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : def;
};
const RUNS = opt('--runs', 9);
const TARGET_MB = opt('--mb', 10);
const MODULE = 'bench.example/big';

/** A deterministic pseudo-random sequence, so that every run measures the same profile. */
function random(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** A Go-shaped heap profile hitting `findings` lines, grown until it is `mb` MB gzipped. */
function syntheticProfile(findings, mb) {
  const rnd = random(42);
  const strings = new pprof.StringTable();
  const functions = [];
  const fnOf = new Map();
  const fn = (name, file) => {
    const key = `${name}\0${file}`;
    let f = fnOf.get(key);
    if (!f) {
      f = new pprof.Function({ id: functions.length + 1, name: strings.dedup(name), systemName: strings.dedup(name), filename: strings.dedup(file), startLine: 1 });
      functions.push(f);
      fnOf.set(key, f);
    }
    return f;
  };
  const locations = [];
  const location = (frames) => {
    const l = new pprof.Location({ id: locations.length + 1, address: 0x400000 + locations.length * 16, line: frames.map(([f, line]) => new pprof.Line({ functionId: f.id, line })) });
    locations.push(l);
    return l.id;
  };
  // Library and runtime frames from a pool, as in a real service's profile.
  const pool = [];
  for (let i = 0; i < 20_000; i++) pool.push(location([[fn(`example.com/dep${i % 300}.Func${i % 1500}`, `/home/ci/go/pkg/mod/example.com/dep${i % 300}@v1.0.0/f${i % 40}.go`), 1 + (i % 900)]]));
  // Our sites: the findings' lines, in another checkout's paths.
  const ours = findings.map((f) => location([[fn(`${MODULE}.Func${f.line % 97}`, `/home/ci/src/big/${path.basename(f.file)}`), f.line]]));
  const samples = [];
  const types = [['alloc_objects', 'count'], ['alloc_space', 'bytes'], ['inuse_objects', 'count'], ['inuse_space', 'bytes']].map(([t, u]) => new pprof.ValueType({ type: strings.dedup(t), unit: strings.dedup(u) }));
  const build = () => zlib.gzipSync(new pprof.Profile({ sampleType: types, sample: samples, location: locations, function: functions, stringTable: strings, defaultSampleType: strings.dedup('alloc_space') }).encode());
  let bytes = build();
  while (bytes.length < mb * 1e6) {
    const add = Math.max(2000, Math.ceil(((mb * 1e6 - bytes.length) / 1e6) * 18_000));
    for (let i = 0; i < add; i++) {
      const depth = 8 + Math.floor(rnd() * 24);
      const stack = [rnd() < 0.6 ? ours[Math.floor(rnd() * ours.length)] : pool[Math.floor(rnd() * pool.length)]];
      for (let d = 1; d < depth; d++) stack.push(pool[Math.floor(rnd() * pool.length)]);
      const objects = 1 + Math.floor(rnd() * 5000);
      const size = 16 << Math.floor(rnd() * 8);
      samples.push(new pprof.Sample({ locationId: stack, value: [objects, objects * size, Math.floor(objects / 3), Math.floor(objects / 3) * size] }));
    }
    bytes = build();
  }
  return { bytes, samples: samples.length, locations: locations.length };
}

/** Wall-clock and CPU milliseconds of each run (CPU time says more on a shared, loaded machine). */
async function timeRuns(fn) {
  const wall = [];
  const cpu = [];
  for (let i = 0; i < RUNS; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  return { wall, cpu };
}

const dir = tempDir('profile');
try {
  const files = {};
  for (let i = 0; i < 20; i++) files[`file${String(i).padStart(2, '0')}.go`] = bigFile(3000, 'big', `F${i}x`);
  writeModule(dir, MODULE, files);
  console.error('compiling the package for its findings (go list -export -gcflags=-m) ...');
  const analysed = await analyzePackage({ dir, settings: { ...DEFAULT_ANALYZE_SETTINGS, env: { GOFLAGS: '' }, timeoutMs: 0 } });
  if (analysed.status !== 'ok') throw new Error(analysed.summary);
  const findings = analysed.findings;
  const lines = Object.values(files).reduce((n, t) => n + t.split('\n').length, 0);
  console.error(`${findings.length} findings in ${lines} lines; generating a ${TARGET_MB} MB profile ...`);
  const profile = syntheticProfile(findings, TARGET_MB);
  const file = path.join(dir, 'heap.pprof');
  fs.writeFileSync(file, profile.bytes);
  const keep = argv.indexOf('--keep');
  if (keep >= 0) fs.copyFileSync(file, path.resolve(argv[keep + 1]));

  const floor = await timeRuns(async () => {
    zlib.gunzipSync(await fs.promises.readFile(file));
  });
  const baseline = await timeRuns(async () => {
    const raw = zlib.gunzipSync(await fs.promises.readFile(file));
    pprof.Profile.decode(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
  });
  let weighed = 0;
  const load = { wall: [], cpu: [] };
  const join = { wall: [], cpu: [] };
  const total = await timeRuns(async () => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const { set, messages } = await loadProfiles([file], { cache: false });
    if (messages.length > 0) throw new Error(messages.join('; '));
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    weighed = findings.filter((f) => weightOf(set, f) !== undefined).length;
    sortByWeight(findings, set);
    const c2 = process.cpuUsage(c1);
    const cl = process.cpuUsage(c0);
    load.wall.push(t1 - t0);
    load.cpu.push((cl.user + cl.system - c2.user - c2.system) / 1000);
    join.wall.push(performance.now() - t1);
    join.cpu.push((c2.user + c2.system) / 1000);
  });
  if (weighed === 0) throw new Error('the join found no weights: the profile does not match the package');

  // The editor's way: decode and index in a worker; what counts for typing is the longest time
  // the main thread cannot run: while the worker loads (taking the indexes in included), then
  // the join, which the server does per package. A probe ticks every millisecond; the same
  // probe over an idle wait of the same length is the machine's own noise, as a control.
  const probe = () => {
    let last = performance.now();
    let worst = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
    }, 1);
    return () => {
      clearInterval(timer);
      return Math.max(worst, performance.now() - last);
    };
  };
  const loadStalls = [];
  const joins = [];
  const idleStalls = [];
  const loadTimes = [];
  const firstWorker = [];
  const offThread = await timeRuns(async () => {
    const t0 = performance.now();
    const stop = probe();
    const { set } = await loadProfilesOffThread([file], { cache: false });
    loadStalls.push(stop());
    const loaded = performance.now() - t0;
    const t = performance.now();
    sortByWeight(findings, set);
    joins.push(performance.now() - t);
    if (firstWorker.length === 0) firstWorker.push(performance.now() - t0, loadStalls[0]);
    loadTimes.push(loaded);
  });

  // The index cache: each first load starts from an empty cache directory.
  const cache = { dir: path.join(dir, 'index-cache'), maxEntries: 16, maxBytes: 2 ** 30 };
  const firstLoad = await timeRuns(async () => {
    fs.rmSync(cache.dir, { recursive: true, force: true });
    const { messages } = await loadProfiles([file], { cache });
    if (messages.length > 0) throw new Error(messages.join('; '));
  });
  const entryBytes = fs.readdirSync(cache.dir).reduce((n, e) => n + fs.statSync(path.join(cache.dir, e)).size, 0);
  const decodesBefore = decodeCount();
  const cachedLoad = await timeRuns(async () => {
    const { messages } = await loadProfiles([file], { cache });
    if (messages.length > 0) throw new Error(messages.join('; '));
  });
  const cachedTotal = await timeRuns(async () => {
    const { set } = await loadProfiles([file], { cache });
    if (findings.filter((f) => weightOf(set, f) !== undefined).length !== weighed) throw new Error('the cached index weighs other findings');
    sortByWeight(findings, set);
  });
  if (decodeCount() !== decodesBefore) throw new Error('a load from the cache decoded the profile');
  const cachedStalls = [];
  const cachedWorker = await timeRuns(async () => {
    const stop = probe();
    const { set } = await loadProfilesOffThread([file], { cache });
    cachedStalls.push(stop());
    sortByWeight(findings, set);
  });

  for (const wait of loadTimes) {
    const idle = probe();
    await new Promise((r) => setTimeout(r, wait));
    idleStalls.push(idle());
  }

  const spread = (xs) => `${ms(Math.min(...xs))}–${ms(Math.max(...xs))}`;
  const ratio = (a, b) => {
    const r = median(a) / median(b);
    return `${r.toFixed(r < 0.1 ? 3 : 2)}x`;
  };
  const row = (name, m, vs = baseline) => [name, ms(median(m.wall)), spread(m.wall), ms(median(m.cpu)), vs ? ratio(m.wall, vs.wall) : ''];
  console.log(`Profile: ${(profile.bytes.length / 1e6).toFixed(1)} MB gzipped (${profile.samples} samples, ${profile.locations} locations); package: ${lines} lines, ${findings.length} findings, ${weighed} with a weight. Median of ${RUNS} runs (node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs).`);
  console.log(table(['step', 'median wall', 'range', 'median CPU', 'vs baseline'], [
    row('baseline: read + gunzip + pprof-format decode', baseline),
    row('floor: read + gunzip', floor),
    row('loadProfiles: read, gunzip, decode, index', load),
    row('first load: the same + write the cache entry', firstLoad),
    row('load from cache: read the entry', cachedLoad),
    row('join: weightOf every finding + sortByWeight', join, undefined),
    row('load + join (target < 200 ms)', total),
    row('load from cache + join (target < 200 ms)', cachedTotal),
    row('worker load + join (CPU: both threads)', offThread),
    row('worker load from cache + join', cachedWorker),
  ]));
  console.log(`cache entry: ${(entryBytes / 1e6).toFixed(2)} MB; the main thread's longest stall during a worker load from the cache: median ${ms(median(cachedStalls))}.`);
  console.log(`worker load: the main thread's longest stall while the worker loads, median ${ms(median(loadStalls))} (range ${spread(loadStalls)}; the same probe over an idle wait: median ${ms(median(idleStalls))}, range ${spread(idleStalls)}); then the join on the main thread, median ${ms(median(joins))} (range ${spread(joins)}). The first run (a new worker, nothing compiled yet) took ${ms(firstWorker[0])} with a longest stall of ${ms(firstWorker[1])}; later runs reuse the worker.`);
  console.log(`verdict, first load: ${median(total.wall) < 200 ? 'pass' : 'FAIL'} (median load + join ${ms(median(total.wall))}, ${ratio(total.wall, baseline.wall)} of pprof-format's decode alone and ${ratio(total.wall, floor.wall)} of read + gunzip)`);
  console.log(`verdict, load from cache: ${median(cachedTotal.wall) < 200 ? 'pass' : 'FAIL'} (median load + join ${ms(median(cachedTotal.wall))}, ${ratio(cachedTotal.wall, baseline.wall)} of pprof-format's decode alone)`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
