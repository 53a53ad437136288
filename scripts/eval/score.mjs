// Scores predictions against the compiler: true and false positives and misses per message kind
// and per rule. Findings match on (file, line, message), as a user reading them would.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const KIND = (msg) => (msg.startsWith('moved to heap: ') ? 'moved' : msg.endsWith(' escapes to heap') ? 'escapes' : undefined);

/** The compiler's verdicts as match keys, with the columns each was reported at. */
export class Truth {
  constructor() {
    this.keys = new Set();
    this.columns = new Map();
  }
  add(file, line, column, message) {
    if (!KIND(message)) return;
    const key = `${file}\0${line}\0${message}`;
    this.keys.add(key);
    let cols = this.columns.get(key);
    if (!cols) this.columns.set(key, (cols = new Set()));
    cols.add(column);
  }
  /** The same verdicts, with `from` (a copy the compiler was given) named `to`. */
  renamed(from, to) {
    const t = new Truth();
    for (const k of this.keys) {
      const nk = k.startsWith(`${from}\0`) ? `${to}${k.slice(from.length)}` : k;
      t.keys.add(nk);
      t.columns.set(nk, this.columns.get(k));
    }
    return t;
  }
  ofFile(file) {
    const t = new Truth();
    for (const k of this.keys) if (k.startsWith(`${file}\0`)) {
      t.keys.add(k);
      t.columns.set(k, this.columns.get(k));
    }
    return t;
  }
}

export class Score {
  constructor() {
    this.kind = { moved: { tp: 0, fp: 0, fn: 0 }, escapes: { tp: 0, fp: 0, fn: 0 } };
    this.rule = new Map();
    this.fps = [];
    this.fns = [];
    this.sameColumn = 0;
    this.ms = 0;
    this.lines = 0;
  }

  add(truth, predicted) {
    const predKeys = new Map();
    for (const f of predicted) predKeys.set(`${f.file}\0${f.line}\0${f.message}`, f);
    for (const [key, f] of predKeys) {
      const kind = KIND(f.message);
      if (!kind) continue;
      const r = this.rule.get(f.rule) ?? { moved: { tp: 0, fp: 0 }, escapes: { tp: 0, fp: 0 } };
      this.rule.set(f.rule, r);
      if (truth.keys.has(key)) {
        this.kind[kind].tp++;
        r[kind].tp++;
        if (truth.columns.get(key)?.has(f.column)) this.sameColumn++;
      } else {
        this.kind[kind].fp++;
        r[kind].fp++;
        this.fps.push({ key, rule: f.rule });
      }
    }
    for (const key of truth.keys) {
      if (predKeys.has(key)) continue;
      const kind = KIND(key.split('\0')[2]);
      this.kind[kind].fn++;
      this.fns.push(key);
    }
  }

  precision(kind) {
    const c = this.kind[kind];
    return ratio(c.tp, c.tp + c.fp);
  }

  recall(kind) {
    const c = this.kind[kind];
    return ratio(c.tp, c.tp + c.fn);
  }
}

export const pct = (x) => (Number.isNaN(x) ? '   -  ' : x.toFixed(3).padStart(6));
export const ratio = (a, b) => (b === 0 ? NaN : a / b);

/** Prints one score; `show` lists the first false positives of one kind, `showFn` its first misses. */
export function printScore(title, s, { show = 0, showFn = show, showKind = 'moved to heap', base = '' } = {}) {
  console.log(`\n== ${title}`);
  console.log('kind            TP     FP     FN  precision  recall');
  for (const k of ['moved', 'escapes']) {
    const c = s.kind[k];
    console.log(`${(k === 'moved' ? 'moved to heap' : 'escapes to heap').padEnd(14)}${String(c.tp).padStart(5)}  ${String(c.fp).padStart(5)}  ${String(c.fn).padStart(5)}     ${pct(s.precision(k))}  ${pct(s.recall(k))}`);
  }
  const tp = s.kind.moved.tp + s.kind.escapes.tp;
  console.log(`matched findings at the compiler's exact column: ${s.sameColumn}/${tp} (${pct(ratio(s.sameColumn, tp))})`);
  if (s.lines) console.log(`prediction time: ${(s.ms / (s.lines / 1000)).toFixed(2)} ms per 1k lines (${s.lines} lines, whole files, cold cache)`);
  console.log('rule (predictions)        moved TP/FP  prec    escapes TP/FP  prec');
  for (const [rule, r] of [...s.rule].sort()) {
    console.log(`${rule.padEnd(26)}${`${r.moved.tp}/${r.moved.fp}`.padStart(10)}  ${pct(ratio(r.moved.tp, r.moved.tp + r.moved.fp))}  ${`${r.escapes.tp}/${r.escapes.fp}`.padStart(12)}  ${pct(ratio(r.escapes.tp, r.escapes.tp + r.escapes.fp))}`);
  }
  if (!show && !showFn) return;
  const line = (key) => {
    const [file, ln, msg] = key.split('\0');
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8').split('\n')[Number(ln) - 1].trim();
    } catch {}
    return `${base ? path.relative(base, file) : file}:${ln}: ${msg}    | ${text.slice(0, 100)}`;
  };
  if (show) {
    console.log(`-- false positives (${showKind.trim()}, first ${show})`);
    for (const fp of s.fps.filter((x) => x.key.includes(showKind)).slice(0, show)) console.log(`  [${fp.rule}] ${line(fp.key)}`);
  }
  if (showFn) {
    console.log(`-- false negatives (${showKind.trim()}, first ${showFn})`);
    for (const fn of s.fns.filter((x) => x.includes(showKind)).slice(0, showFn)) console.log(`  ${line(fn)}`);
  }
}
