// Measures the tree-sitter predictor against the real compiler, per message kind and per rule,
// on (a) the compiler's own escape tests in $(go env GOROOT)/test and (b) a sample of standard
// library packages. Findings match on (file, line, message). Exits non-zero when `moved to
// heap` precision < 0.90 or recall < 0.70 on any corpus (the issue's targets).
//
// Usage: npm run eval:predict [-- --verbose] [-- --show-fp N] [-- --kind moved|escapes] [-- --corpus goroot|std]
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const outCore = ['out/server/src/core', 'out/server/core'].map((p) => path.join(root, p)).find((p) => fs.existsSync(path.join(p, 'predict/predictor.js')));
if (!outCore) {
  console.error('compiled predictor not found under out/: run `npm run build` (or `npx tsc -b server`) first');
  process.exit(2);
}
const { createGoParser } = require(path.join(outCore, 'treesitter/parser.js'));
const { predictFile, predictFunctions, PredictionCache } = require(path.join(outCore, 'predict/predictor.js'));
const { leakMessagesByPackage, packageKnowledge, packageFilesIn } = require(path.join(outCore, 'predict/facts/packageFacts.js'));
const { emptyKnowledge, mergeKnowledge } = require(path.join(outCore, 'predict/facts/knowledge.js'));
const { DocumentTree } = require(path.join(outCore, 'treesitter/documentTree.js'));

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const showFp = Number(args[args.indexOf('--show-fp') + 1]) || (args.includes('--show-fp') ? 20 : 0);
const onlyCorpus = args.includes('--corpus') ? args[args.indexOf('--corpus') + 1] : undefined;
const showKind = args.includes('--kind') && args[args.indexOf('--kind') + 1] === 'escapes' ? ' escapes to heap' : 'moved to heap';

const STD_PACKAGES = [
  'archive/tar', 'archive/zip', 'bufio', 'bytes', 'compress/flate', 'compress/gzip', 'crypto/tls', 'database/sql',
  'encoding/csv', 'encoding/gob', 'encoding/json', 'encoding/xml', 'flag', 'fmt', 'go/parser', 'go/printer',
  'go/scanner', 'html/template', 'image/png', 'log', 'math/big', 'mime/multipart', 'net/http', 'net/textproto',
  'net/url', 'os/exec', 'path/filepath', 'regexp', 'sort', 'strconv', 'strings', 'text/template',
];

const go = process.env.GO ?? 'go';
function goEnv(name) {
  return execFileSync(go, ['env', name], { encoding: 'utf8' }).trim();
}
let GOROOT;
let GOVERSION;
try {
  GOROOT = goEnv('GOROOT');
  GOVERSION = goEnv('GOVERSION');
} catch {
  console.error('eval-predict: no `go` on PATH; the evaluation needs the real compiler');
  process.exit(2);
}

const KIND = (msg) => (msg.startsWith('moved to heap: ') ? 'moved' : msg.endsWith(' escapes to heap') ? 'escapes' : undefined);
const VERDICT = /^(.+?\.go):(\d+):(\d+): (moved to heap: \S+|\S.* escapes to heap)$/;

/** Columns of each true verdict, to report how often a matched prediction is at the same column. */
const truthColumns = new Map();

/** Verdict lines of -m output, keyed `file\0line\0message`, restricted to `files` when given. */
function truthFrom(output, cwd, files, header) {
  const out = new Set();
  let pkg = '';
  for (const line of output.split('\n')) {
    if (line.startsWith('# ')) {
      pkg = line.slice(2).trim();
      continue;
    }
    if (header && pkg !== header) continue;
    const m = VERDICT.exec(line);
    if (!m) continue;
    const file = path.resolve(cwd, m[1]);
    if (files && !files.has(file)) continue;
    const key = `${file}\0${m[2]}\0${m[4]}`;
    out.add(key);
    let cols = truthColumns.get(key);
    if (!cols) truthColumns.set(key, (cols = new Set()));
    cols.add(Number(m[3]));
  }
  return out;
}

class Score {
  constructor() {
    this.kind = { moved: { tp: 0, fp: 0, fn: 0 }, escapes: { tp: 0, fp: 0, fn: 0 } };
    this.rule = new Map();
    this.fps = [];
    this.fns = [];
    this.sameColumn = 0;
  }
  add(truth, predicted) {
    const predKeys = new Map();
    for (const f of predicted) predKeys.set(`${f.file}\0${f.line}\0${f.message}`, f);
    for (const [key, f] of predKeys) {
      const kind = KIND(f.message);
      if (!kind) continue;
      const r = this.rule.get(f.rule) ?? { moved: { tp: 0, fp: 0 }, escapes: { tp: 0, fp: 0 } };
      this.rule.set(f.rule, r);
      if (truth.has(key)) {
        this.kind[kind].tp++;
        r[kind].tp++;
        const cols = truthColumns.get(key);
        if (cols?.has(f.column)) this.sameColumn++;
      } else {
        this.kind[kind].fp++;
        r[kind].fp++;
        this.fps.push({ key, rule: f.rule });
      }
    }
    for (const key of truth) {
      if (predKeys.has(key)) continue;
      const kind = KIND(key.split('\0')[2]);
      if (!kind) continue;
      this.kind[kind].fn++;
      this.fns.push(key);
    }
  }
}

const pct = (x) => (Number.isNaN(x) ? '   -  ' : x.toFixed(3).padStart(6));
const ratio = (a, b) => (b === 0 ? NaN : a / b);

function printScore(title, s) {
  console.log(`\n== ${title}`);
  console.log('kind            TP     FP     FN  precision  recall');
  for (const k of ['moved', 'escapes']) {
    const c = s.kind[k];
    console.log(`${(k === 'moved' ? 'moved to heap' : 'escapes to heap').padEnd(14)}${String(c.tp).padStart(5)}  ${String(c.fp).padStart(5)}  ${String(c.fn).padStart(5)}     ${pct(ratio(c.tp, c.tp + c.fp))}  ${pct(ratio(c.tp, c.tp + c.fn))}`);
  }
  const tp = s.kind.moved.tp + s.kind.escapes.tp;
  console.log(`matched findings at the compiler's exact column: ${s.sameColumn}/${tp} (${pct(ratio(s.sameColumn, tp))})`);
  console.log('rule (predictions)        moved TP/FP  prec    escapes TP/FP  prec');
  for (const [rule, r] of [...s.rule].sort()) {
    console.log(`${rule.padEnd(26)}${`${r.moved.tp}/${r.moved.fp}`.padStart(10)}  ${pct(ratio(r.moved.tp, r.moved.tp + r.moved.fp))}  ${`${r.escapes.tp}/${r.escapes.fp}`.padStart(12)}  ${pct(ratio(r.escapes.tp, r.escapes.tp + r.escapes.fp))}`);
  }
  if (showFp) {
    const show = (key) => {
      const [file, line, msg] = key.split('\0');
      let text = '';
      try {
        text = fs.readFileSync(file, 'utf8').split('\n')[Number(line) - 1].trim();
      } catch {}
      return `${path.relative(GOROOT, file)}:${line}: ${msg}    | ${text.slice(0, 100)}`;
    };
    console.log(`-- false positives (${showKind.trim()}, first ${showFp})`);
    for (const fp of s.fps.filter((x) => x.key.includes(showKind)).slice(0, showFp)) console.log(`  [${fp.rule}] ${show(fp.key)}`);
    console.log(`-- false negatives (${showKind.trim()}, first ${showFp})`);
    for (const fn of s.fns.filter((x) => x.includes(showKind)).slice(0, showFp)) console.log(`  ${show(fn)}`);
  }
}

const timing = { ms: 0, lines: 0 };

async function main() {
  const parser = await createGoParser();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-eval-'));
  const env = { ...process.env, GOFLAGS: '', GO111MODULE: 'on', GOTOOLCHAIN: 'local', GOWORK: 'off' };
  const results = [];
  try {
    // Knowledge about standard-library packages, from one `-gcflags=all=-m` build of the sample:
    // it covers every package the GOROOT tests and the sample import.
    console.log(`${GOVERSION}: compiling ${STD_PACKAGES.length} standard-library packages and their dependencies with -m ...`);
    fs.writeFileSync(path.join(tmp, 'go.mod'), 'module evalstd\n\ngo 1.21\n');
    const t0 = Date.now();
    const std = spawnSync(go, ['build', '-gcflags=all=-m', ...STD_PACKAGES], { cwd: tmp, env, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (std.status !== 0) {
      console.error(std.stderr.slice(-2000));
      throw new Error('building the standard-library sample failed');
    }
    const stdOut = std.stderr;
    console.log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const messages = leakMessagesByPackage(stdOut, tmp);
    const listed = JSON.parse(`[${execFileSync(go, ['list', '-f', '{"p":{{printf "%q" .ImportPath}},"d":{{printf "%q" .Dir}},"f":[{{range $i, $f := .GoFiles}}{{if $i}},{{end}}{{printf "%q" $f}}{{end}}]},', ...STD_PACKAGES], { cwd: tmp, env, encoding: 'utf8' }).trim().replace(/,$/, '')}]`);
    // Latency first, in a process not yet filled with the evaluation's data, as a server would be.
    latency(parser, listed);
    const knowledgeOf = new Map();
    const factsFor = (importPath, qualifier) => {
      const key = `${qualifier}${importPath}`;
      let k = knowledgeOf.get(key);
      if (!k) {
        // The standard library imports golang.org/x packages from its vendor directory.
        const compiled = messages.has(importPath) || !messages.has(`vendor/${importPath}`) ? importPath : `vendor/${importPath}`;
        const msgs = messages.get(compiled) ?? [];
        const own = listed.find((l) => l.p === importPath);
        const files = own ? own.f.map((f) => path.join(own.d, f)) : packageFilesIn(msgs.length ? path.dirname(msgs[0].file) : path.join(GOROOT, 'src', importPath));
        k = packageKnowledge(parser, { importPath, files }, msgs, qualifier ? `${importPath}.` : '');
        knowledgeOf.set(key, k);
      }
      return k;
    };
    const importsOf = (text) => {
      const out = new Set();
      for (const m of text.matchAll(/^\s*(?:import\s+)?(?:[\w.]+\s+)?"([\w./-]+)"\s*$/gm)) out.add(m[1]);
      return out;
    };
    const knowledgeForImports = (imports) => {
      const k = emptyKnowledge();
      for (const p of imports) mergeKnowledge(k, factsFor(p, true));
      return k;
    };

    if (!onlyCorpus || onlyCorpus === 'goroot') results.push(['GOROOT/test escape tests', evalGoroot(parser, tmp, env, knowledgeForImports)]);
    if (!onlyCorpus || onlyCorpus === 'std') {
      const { cold, warm } = evalStd(parser, stdOut, tmp, listed, knowledgeForImports, factsFor, importsOf);
      results.push(['standard library sample (imported-package facts only)', cold]);
      results.push(['standard library sample (+ facts of the package\'s other functions)', warm]);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  for (const [title, s] of results) printScore(title, s);
  console.log(`\nprediction time: ${(timing.ms / (timing.lines / 1000)).toFixed(2)} ms per 1k lines (${timing.lines} lines, whole files, cold cache)`);

  // Targets: `moved to heap` precision >= 0.90 and recall >= 0.70 on each corpus, for the
  // standard library both before the package's first compile (facts of imported packages only)
  // and between compiler runs (facts of the package's other functions known too).
  let failed = false;
  for (const [title, s] of results) {
    const c = s.kind.moved;
    const p = ratio(c.tp, c.tp + c.fp);
    const r = ratio(c.tp, c.tp + c.fn);
    if (!(p >= 0.9) || !(r >= 0.7)) {
      console.log(`FAIL ${title}: moved to heap precision ${pct(p)} recall ${pct(r)} (targets 0.90 / 0.70)`);
      failed = true;
    }
  }
  if (!failed) console.log('\nmoved to heap targets met (precision >= 0.90, recall >= 0.70) on every gated corpus');
  process.exit(failed ? 1 : 0);
}

function evalGoroot(parser, tmp, env, knowledgeForImports) {
  const score = new Score();
  const dir = path.join(tmp, 'goroot');
  const files = [];
  for (const sub of ['', 'fixedbugs']) {
    const d = path.join(GOROOT, 'test', sub);
    for (const f of fs.readdirSync(d)) if (f.endsWith('.go')) files.push(path.join(d, f));
  }
  let used = 0;
  let skipped = 0;
  const skippedNames = [];
  for (const file of files.sort()) {
    const text = fs.readFileSync(file, 'utf8');
    const first = text.slice(0, text.indexOf('\n'));
    const m = /^\/\/ errorcheck (.*)$/.exec(first);
    if (!m) continue;
    const flags = m[1].split(/\s+/).filter(Boolean);
    if (!flags.some((f) => f === '-m' || f.startsWith('-m='))) continue;
    const gcflags = ['-m', ...flags.filter((f) => f === '-l' || f === '-N' || f === '-smallframes' || f.startsWith('-d='))];
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module p\n\ngo 1.26\n');
    // An empty assembly file lets declarations without bodies compile, as in the test harness.
    fs.writeFileSync(path.join(dir, 'x.s'), '');
    let src = text;
    if (/^package main\b/m.test(src) && !/^func main\(/m.test(src)) src = src.replace(/^package main\b/m, 'package mainx');
    const copy = path.join(dir, 'x.go');
    fs.writeFileSync(copy, src);
    const r = spawnSync(go, ['build', `-gcflags=${gcflags.join(' ')}`, '-o', os.devNull, '.'], { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) {
      skipped++;
      skippedNames.push(path.relative(path.join(GOROOT, 'test'), file));
      continue;
    }
    used++;
    const truthRaw = truthFrom(r.stderr, dir, new Set([copy]));
    const truth = new Set([...truthRaw].map((k) => k.replace(copy, file)));
    for (const k of truthRaw) truthColumns.set(k.replace(copy, file), truthColumns.get(k));
    const tree = parser.parse(src);
    const t0 = performance.now();
    const preds = predictFile(tree, file, src, { goVersion: GOVERSION, inlining: !gcflags.includes('-l'), knowledge: knowledgeForImports(importsOfText(src)) });
    timing.ms += performance.now() - t0;
    timing.lines += src.split('\n').length;
    tree.delete();
    score.add(truth, preds);
  }
  console.log(`GOROOT/test: ${used} errorcheck files with -m compiled and scored, ${skipped} skipped (do not build alone)${verbose ? `: ${skippedNames.join(' ')}` : ''}`);
  return score;
}

function importsOfText(text) {
  const out = new Set();
  const block = /^import\s*\(([\s\S]*?)\)/gm;
  for (const b of text.matchAll(block)) for (const m of b[1].matchAll(/"([^"]+)"/g)) out.add(m[1]);
  for (const m of text.matchAll(/^import\s+(?:[\w.]+\s+)?"([^"]+)"/gm)) out.add(m[1]);
  return out;
}

function evalStd(parser, stdOut, tmp, listed, knowledgeForImports, factsFor) {
  const cold = new Score();
  const warm = new Score();
  let nfiles = 0;
  for (const pkg of listed) {
    const files = pkg.f.map((f) => path.join(pkg.d, f));
    const truth = truthFrom(stdOut, tmp, new Set(files), pkg.p);
    const own = factsFor(pkg.p, false);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const tree = parser.parse(text);
      const imported = knowledgeForImports(importsOfText(text));
      const t0 = performance.now();
      const predsCold = predictFile(tree, file, text, { goVersion: GOVERSION, knowledge: imported });
      timing.ms += performance.now() - t0;
      timing.lines += text.split('\n').length;
      const withOwn = mergeKnowledge(mergeKnowledge(emptyKnowledge(), imported), own);
      const predsWarm = predictFile(tree, file, text, { goVersion: GOVERSION, knowledge: withOwn });
      tree.delete();
      const fileTruth = new Set([...truth].filter((k) => k.startsWith(`${file}\0`)));
      cold.add(fileTruth, predsCold);
      warm.add(fileTruth, predsWarm);
      nfiles++;
    }
  }
  console.log(`standard library: ${listed.length} packages, ${nfiles} files scored`);
  return { cold, warm };
}

/** Re-prediction after a one-line edit inside a function of large files, through DocumentTree. */
function latency(parser, listed) {
  const candidates = [];
  for (const pkg of listed) for (const f of pkg.f) candidates.push(path.join(pkg.d, f));
  const big = candidates
    .map((f) => ({ f, n: fs.readFileSync(f, 'utf8').split('\n').length }))
    .filter((x) => x.n >= 3000 && x.n <= 6000)
    .sort((a, b) => b.n - a.n)
    .slice(0, 4);
  const samples = [];
  const cpuSamples = [];
  for (const { f } of big) {
    const text = fs.readFileSync(f, 'utf8');
    const doc = new DocumentTree(parser, text);
    const cache = new PredictionCache();
    const ctx = { goVersion: GOVERSION, cache };
    predictFunctions(doc.tree, f, doc.text, doc.takeChangedRanges(), ctx);
    const bodies = doc.tree.rootNode.namedChildren.filter((n) => n && (n.type === 'function_declaration' || n.type === 'method_declaration') && n.childForFieldName('body'));
    for (let i = 0; i < 60 && bodies.length; i++) {
      const decl = doc.tree.rootNode.namedChildren.filter((n) => n && (n.type === 'function_declaration' || n.type === 'method_declaration') && n.childForFieldName('body'))[(i * 7919) % bodies.length];
      const body = decl.childForFieldName('body');
      const pos = { line: body.startPosition.row, character: body.startPosition.column + 1 };
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      doc.applyChange({ range: { start: pos, end: pos }, text: ' _ = 0;' });
      predictFunctions(doc.tree, f, doc.text, doc.takeChangedRanges(), ctx);
      samples.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpuSamples.push((c.user + c.system) / 1000);
    }
    doc.delete();
  }
  const q = (xs, p) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN).toFixed(2);
  };
  console.log(
    `re-prediction after a one-line edit (DocumentTree.applyChange + predictFunctions, files of ${big.map((b) => b.n).join('/')} lines, ${samples.length} edits): ` +
      `wall p50 ${q(samples, 0.5)} ms, p99 ${q(samples, 0.99)} ms; CPU p50 ${q(cpuSamples, 0.5)} ms, p99 ${q(cpuSamples, 0.99)} ms (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`,
  );
}

await main();
