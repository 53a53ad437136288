// Measures the tree-sitter predictor against the real compiler, per message kind and per rule, on
// three corpora: the compiler's own escape tests in $(go env GOROOT)/test, a sample of standard
// library packages, and pinned third-party modules from the module proxy (scripts/corpus). Each is
// predicted in two states:
//   cold    no facts from a compiler and no toolchain, as `go-escape --predict` and an untrusted
//           workspace see it;
//   editor  between compiler runs: the compiler's facts of the imported packages and of the
//           package's own functions (from its last run).
// Findings match on (file, line, message). Exits 1 when a gated figure drops below its floor
// (GATES below), 2 when the evaluation cannot run.
//
// Usage: npm run eval:predict [-- --verbose] [-- --show-fp N] [-- --show-fn N] [-- --kind moved|escapes]
//          [-- --corpus goroot|std|modules] [-- --state cold|editor] [-- --no-latency] [-- --gocache DIR [--poison]]
// Every go command runs with a build cache of the evaluation's own (under the corpus cache unless
// --gocache says otherwise). --poison first fills that cache the way a user's terminal would (each
// sampled standard-library package built with -gcflags=all=-m from its own directory), so that the
// compiler output is replayed with paths relative to those directories: the figures must not
// change, since compiler output is mapped to files by package (core/compiler/outputPaths.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusCacheDir, ensureModule } from './corpus/modules.mjs';
import { CORPUS } from './lib/thirdParty.mjs';
import { buildMessages, compilerTruth, listPackages } from './eval/compiler.mjs';
import { latency } from './eval/latency.mjs';
import { Score, printScore, pct } from './eval/score.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const outCore = path.join(root, 'out/server/src/core');
if (!fs.existsSync(path.join(outCore, 'predict/predictor.js'))) {
  console.error('compiled predictor not found under out/: run `npm run build` (or `npx tsc -b`) first');
  process.exit(2);
}
const load = (p) => require(path.join(outCore, p));
const core = {
  ...load('treesitter/parser.js'),
  ...load('predict/predictor.js'),
  ...load('predict/declarations/packageModel.js'),
  ...load('predict/facts/moduleSources.js'),
  ...load('predict/facts/sourceFacts.js'),
  ...load('predict/facts/packageFacts.js'),
  ...load('predict/facts/knowledge.js'),
  ...load('compiler/analyze.js'),
};

const args = process.argv.slice(2);
const flag = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const verbose = args.includes('--verbose');
const showFp = Number(flag('--show-fp')) || (args.includes('--show-fp') ? 20 : 0);
// Without --show-fn, --show-fp lists as many misses as false positives.
const showFn = args.includes('--show-fn') ? Number(flag('--show-fn')) || 20 : showFp;
const onlyCorpus = flag('--corpus');
const onlyState = flag('--state');
const showKind = flag('--kind') === 'escapes' ? ' escapes to heap' : 'moved to heap';

/**
 * Floors per corpus and state: precision and recall of each kind, as reached when last changed
 * (go1.26.8, the pinned modules). A figure below its floor fails the run. The issue's targets are cold moved >= 0.95 / 0.75 and
 * escapes >= 0.95 / 0.60, editor recall moved >= 0.85 and escapes >= 0.70.
 */
const GATES = {
  'goroot/cold': { moved: [0.99, 0.95], escapes: [0.78, 0.85] },
  'goroot/editor': { moved: [0.99, 0.95], escapes: [0.78, 0.85] },
  'std/cold': { moved: [0.99, 0.80], escapes: [0.98, 0.59] },
  'std/editor': { moved: [0.99, 0.82], escapes: [0.98, 0.72] },
  'modules/cold': { moved: [0.97, 0.78], escapes: [0.98, 0.65] },
  'modules/editor': { moved: [0.97, 0.86], escapes: [0.98, 0.74] },
};

const STD_PACKAGES = [
  'archive/tar', 'archive/zip', 'bufio', 'bytes', 'compress/flate', 'compress/gzip', 'crypto/tls', 'database/sql',
  'encoding/csv', 'encoding/gob', 'encoding/json', 'encoding/xml', 'flag', 'fmt', 'go/parser', 'go/printer',
  'go/scanner', 'html/template', 'image/png', 'log', 'math/big', 'mime/multipart', 'net/http', 'net/textproto',
  'net/url', 'os/exec', 'path/filepath', 'regexp', 'sort', 'strconv', 'strings', 'text/template',
];

const go = process.env.GO ?? 'go';
let GOROOT;
let GOVERSION;
try {
  GOROOT = execFileSync(go, ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  GOVERSION = execFileSync(go, ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
} catch {
  console.error('eval-predict: no `go` on PATH; the evaluation needs the real compiler');
  process.exit(2);
}

const gocache = path.resolve(flag('--gocache') ?? path.join(corpusCacheDir(), 'gocache'));
const poison = args.includes('--poison');
if (poison && !flag('--gocache')) {
  console.error('eval-predict: --poison needs --gocache DIR (the evaluation\'s usual cache is never poisoned)');
  process.exit(2);
}
const baseEnv = { ...process.env, GOFLAGS: '', GO111MODULE: 'on', GOTOOLCHAIN: 'local', GOWORK: 'off', GOCACHE: gocache };
const STATES = ['cold', 'editor'].filter((s) => !onlyState || s === onlyState);

/** Facts of packages from a build's -m messages, memoised by import path (and the build they came from). */
class FactsBook {
  constructor(parser) {
    this.parser = parser;
    this.memo = new Map();
  }
  /** `listed`: packages of the build with their files; `messages`: its -m messages by package. */
  factsOf(importPath, listed, messages, scope) {
    const key = `${scope}\0${importPath}`;
    let k = this.memo.get(key);
    if (!k) {
      const pkg = listed.get(importPath);
      // The standard library imports golang.org/x packages from its vendor directory.
      const msgs = messages.get(importPath) ?? messages.get(`vendor/${importPath}`) ?? [];
      k = core.packageKnowledge(this.parser, { importPath, files: pkg?.files ?? [] }, msgs, `${importPath}.`);
      this.memo.set(key, k);
    }
    return k;
  }
}

/** Fills the build cache as a user's terminal would: each sampled package built with -m from its own directory. */
function poisonCache(env) {
  const t0 = Date.now();
  for (const p of STD_PACKAGES) {
    const r = spawnSync(go, ['build', '-gcflags=all=-m', '.'], { cwd: path.join(GOROOT, 'src', p), env, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`poisoning the cache: go build in ${p} failed: ${r.stderr.slice(-500)}`);
  }
  console.log(`poisoned the build cache from ${STD_PACKAGES.length} package directories in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

async function main() {
  const parser = await core.createGoParser();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-eval-'));
  const results = [];
  const book = new FactsBook(parser);
  try {
    console.log(`build cache: ${gocache}${poison ? ' (poisoned first)' : ''}`);
    if (poison) poisonCache(baseEnv);
    fs.writeFileSync(path.join(tmp, 'go.mod'), 'module evalstd\n\ngo 1.21\n');
    const t0 = Date.now();
    // One build of the standard-library sample with -m teaches the facts of every package the GOROOT
    // tests and the sample import.
    const stdMessages = buildMessages(core, go, tmp, STD_PACKAGES, baseEnv);
    const stdListed = new Map(listPackages(go, tmp, STD_PACKAGES, baseEnv, { deps: true }).map((p) => [p.importPath, p]));
    console.log(`${GOVERSION}: standard-library sample and its dependencies compiled with -m in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (!args.includes('--no-latency')) latency(core, parser, STD_PACKAGES.map((p) => stdListed.get(p)), GOVERSION);
    // Cold: no compiler facts of imports (the shipped standard-library facts come with the predictor).
    const stdImports = (imports, _unit, state) => (state === 'cold' ? core.emptyKnowledge() : mergedFacts(imports, (p) => book.factsOf(p, stdListed, stdMessages, 'std')));

    if (!onlyCorpus || onlyCorpus === 'goroot') results.push(...(await evalGoroot(parser, tmp, stdImports)));
    if (!onlyCorpus || onlyCorpus === 'std') {
      const units = STD_PACKAGES.map((p) => stdListed.get(p));
      results.push(...(await evalPackages('std', parser, units, stdImports, baseEnv)));
    }
    if (!onlyCorpus || onlyCorpus === 'modules') {
      const units = [];
      let importsOf;
      const perModule = new Map();
      for (const spec of CORPUS) {
        const t1 = Date.now();
        const m = ensureModule(spec, { go });
        const env = { ...baseEnv, GOFLAGS: '-mod=mod', GOPROXY: 'off' };
        const listed = listPackages(go, m.dir, ['./...'], env, { deps: true });
        const byPath = new Map(listed.map((p) => [p.importPath, p]));
        const own = listed.filter((p) => p.module === `${m.module}@`).filter((p) => p.files.length > 0);
        const messages = buildMessages(core, go, m.dir, ['./...'], env);
        for (const p of own) {
          units.push({ ...p, env });
          perModule.set(p.importPath, { byPath, messages, scope: spec });
        }
        console.log(`${spec}: ${own.length} packages, compiled with -m in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
      }
      importsOf = (imports, unit, state) => {
        const { byPath, messages, scope } = perModule.get(unit.importPath);
        if (state === 'cold') return mergedFacts(imports, (p) => (byPath.get(p)?.standard ? core.emptyKnowledge() : derivedFacts(parser, unit.dir, p)));
        return mergedFacts(imports, (p) => (byPath.get(p)?.standard ? book.factsOf(p, byPath, messages, 'std') : book.factsOf(p, byPath, messages, scope)));
      };
      results.push(...(await evalPackages('modules', parser, units, importsOf, undefined)));
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    parser.delete?.();
  }

  for (const [title, s] of results) printScore(title, s, { show: showFp, showFn, showKind, base: GOROOT });
  console.log('\nsummary                     moved prec  recall   escapes prec  recall   ms/1k lines');
  for (const [title, s, key] of results) {
    console.log(`${key.padEnd(26)}  ${pct(s.precision('moved'))}  ${pct(s.recall('moved'))}        ${pct(s.precision('escapes'))}  ${pct(s.recall('escapes'))}   ${(s.ms / (s.lines / 1000)).toFixed(1).padStart(6)}`);
    void title;
  }
  let failed = false;
  for (const [, s, key] of results) {
    for (const [kind, [p, r]] of Object.entries(GATES[key] ?? {})) {
      if (!(s.precision(kind) >= p) || !(s.recall(kind) >= r)) {
        console.log(`FAIL ${key}: ${kind} precision ${pct(s.precision(kind))} recall ${pct(s.recall(kind))} (floors ${p} / ${r})`);
        failed = true;
      }
    }
  }
  if (!failed) console.log('\nevery gated figure is at or above its floor');
  process.exit(failed ? 1 : 0);
}

/**
 * The cold state's facts of a third-party import: derived from its source in the module cache by
 * the predictor itself (as `go-escape --predict` does), kept on disk by module version.
 */
const derived = new Map();
function derivedFacts(parser, dir, importPath) {
  let k = derived.get(importPath);
  if (k === undefined) {
    const mod = core.moduleOf(dir);
    const location = mod && core.dependencyLocation(mod, importPath);
    k = (location && core.derivedPackageFacts({ parser, importPath, location, goVersion: GOVERSION, cacheDir: path.join(corpusCacheDir(), 'facts') })) ?? core.emptyKnowledge();
    derived.set(importPath, k);
  }
  return k;
}

function mergedFacts(imports, factsOf) {
  const k = core.emptyKnowledge();
  for (const p of imports) if (p !== 'C' && p !== 'unsafe') core.mergeKnowledge(k, factsOf(p));
  return k;
}

/** The prediction context of a file in a state. */
function contextFor(state, { imported, own }) {
  if (state === 'cold') return { goVersion: GOVERSION, knowledge: imported };
  return { goVersion: GOVERSION, knowledge: core.mergeKnowledge(core.mergeKnowledge(core.emptyKnowledge(), imported), own) };
}

/** What the server learns from a compiler run of the package in `dir` (see learn() in the server). */
function ownFacts(parser, dir, stderr, files) {
  const messages = [...core.leakMessagesByPackage(stderr, dir).values()].flat().filter((m) => path.dirname(m.file) === dir);
  return core.packageKnowledge(parser, { importPath: '', files }, messages, '');
}

function predictInto(scores, parser, file, text, truth, contexts, inlining = true) {
  const tree = parser.parse(text);
  try {
    const lines = text.split('\n').length;
    for (const [state, ctx] of contexts) {
      const t0 = performance.now();
      const preds = core.predictFile(tree, file, text, { ...ctx, inlining });
      scores[state].ms += performance.now() - t0;
      scores[state].lines += lines;
      scores[state].add(truth, preds);
    }
  } finally {
    tree.delete();
  }
}

async function evalGoroot(parser, tmp, stdImports) {
  const scores = Object.fromEntries(STATES.map((s) => [s, new Score()]));
  const dir = path.join(tmp, 'goroot');
  const files = [];
  for (const sub of ['', 'fixedbugs']) {
    const d = path.join(GOROOT, 'test', sub);
    for (const f of fs.readdirSync(d)) if (f.endsWith('.go')) files.push(path.join(d, f));
  }
  let used = 0;
  const skipped = [];
  for (const file of files.sort()) {
    const text = fs.readFileSync(file, 'utf8');
    const m = /^\/\/ errorcheck (.*)$/.exec(text.slice(0, text.indexOf('\n')));
    if (!m) continue;
    const flags = m[1].split(/\s+/).filter(Boolean);
    if (!flags.some((f) => f === '-m' || f.startsWith('-m='))) continue;
    const compilerFlags = flags.filter((f) => f === '-l' || f === '-N' || f === '-smallframes' || f.startsWith('-d='));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module p\n\ngo 1.26\n');
    // An empty assembly file lets declarations without bodies compile, as in the test harness.
    fs.writeFileSync(path.join(dir, 'x.s'), '');
    let src = text;
    if (/^package main\b/m.test(src) && !/^func main\(/m.test(src)) src = src.replace(/^package main\b/m, 'package mainx');
    const copy = path.join(dir, 'x.go');
    fs.writeFileSync(copy, src);
    const r = await compilerTruth(core, dir, { env: baseEnv, compilerFlags });
    if (!r.ok) {
      skipped.push(path.relative(path.join(GOROOT, 'test'), file));
      continue;
    }
    used++;
    // Scored against the original file's path, which the predictions name.
    const truth = r.truth.renamed(copy, file);
    const own = ownFacts(parser, dir, r.stderr, [copy]);
    const contexts = STATES.map((s) => [s, contextFor(s, { imported: stdImports(importsOfText(src), undefined, s), own })]);
    predictInto(scores, parser, file, src, truth, contexts, !compilerFlags.includes('-l'));
  }
  console.log(`GOROOT/test: ${used} errorcheck files with -m compiled and scored, ${skipped.length} skipped (do not build alone)${verbose ? `: ${skipped.join(' ')}` : ''}`);
  return STATES.map((s) => [`GOROOT/test escape tests, ${s}`, scores[s], `goroot/${s}`]);
}

async function evalPackages(corpus, parser, units, importsOf, env) {
  const scores = Object.fromEntries(STATES.map((s) => [s, new Score()]));
  let nfiles = 0;
  let npkgs = 0;
  for (const unit of units) {
    const r = await compilerTruth(core, unit.dir, { env: unit.env ?? env ?? baseEnv });
    if (!r.ok) {
      console.log(`  ${unit.importPath}: skipped (${r.summary.slice(0, 120)})`);
      continue;
    }
    npkgs++;
    const own = ownFacts(parser, unit.dir, r.stderr, unit.files);
    // Every file of the package, as the host hands them to the predictor.
    const pkg = new core.PackageModel(parser);
    const texts = unit.files.map((file) => ({ path: file, text: fs.readFileSync(file, 'utf8') }));
    pkg.update(texts);
    try {
      for (const { path: file, text } of texts) {
        const imports = importsOfText(text);
        const contexts = STATES.map((s) => [s, { ...contextFor(s, { imported: importsOf(imports, unit, s), own }), package: pkg }]);
        predictInto(scores, parser, file, text, r.truth.ofFile(file), contexts);
        nfiles++;
      }
    } finally {
      pkg.dispose();
    }
  }
  console.log(`${corpus}: ${npkgs} packages, ${nfiles} files scored`);
  const title = corpus === 'std' ? 'standard library sample' : 'third-party modules';
  return STATES.map((s) => [`${title}, ${s}`, scores[s], `${corpus}/${s}`]);
}

function importsOfText(text) {
  const out = new Set();
  for (const b of text.matchAll(/^import\s*\(([\s\S]*?)\)/gm)) for (const m of b[1].matchAll(/"([^"]+)"/g)) out.add(m[1]);
  for (const m of text.matchAll(/^import\s+(?:[\w.]+\s+)?"([^"]+)"/gm)) out.add(m[1]);
  return out;
}

await main();
