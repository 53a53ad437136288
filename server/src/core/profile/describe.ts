// Words for weights and measurements, shared by the CLI, the report and the editor's messages:
// "14% of allocated bytes", "1 alloc/op, 16 B/op".
import type { Measured } from './measured';
import type { Weight } from './weights';

const TYPE_WORDS: Record<string, string> = {
  alloc_space: 'allocated bytes',
  alloc_objects: 'allocated objects',
  inuse_space: 'in-use bytes',
  inuse_objects: 'in-use objects',
  cpu: 'CPU time',
  samples: 'CPU samples',
};

/** What a sample type measures, in words. */
export function sampleTypeWords(sampleType: string): string {
  return TYPE_WORDS[sampleType] ?? sampleType;
}

/** A share as a percentage with two significant digits: 14%, 1.4%, 0.14%, <0.01%. */
export function percent(share: number): string {
  const p = share * 100;
  if (p === 0) return '0%';
  if (p < 0.01) return '<0.01%';
  if (p >= 10) return `${Math.round(p)}%`;
  return `${Number(p.toPrecision(2))}%`;
}

/** An amount in its unit, short: 1.5 MB, 230 ms, 1,024 objects. */
export function amount(value: number, unit: string): string {
  if (unit === 'bytes') {
    const steps = ['B', 'kB', 'MB', 'GB', 'TB'];
    let v = value;
    let i = 0;
    while (v >= 1000 && i < steps.length - 1) {
      v /= 1000;
      i++;
    }
    return `${i === 0 ? Math.round(v) : Number(v.toPrecision(3))} ${steps[i]}`;
  }
  if (unit === 'nanoseconds') {
    if (value >= 1e9) return `${Number((value / 1e9).toPrecision(3))} s`;
    if (value >= 1e6) return `${Number((value / 1e6).toPrecision(3))} ms`;
    return `${Number((value / 1e3).toPrecision(3))} µs`;
  }
  return `${Math.round(value).toLocaleString('en-US')}${unit === 'count' ? '' : ` ${unit}`}`;
}

/** "14% of allocated bytes", or for an unsampled line of a hot function "in a function with 30% of CPU time". */
export function shareLabel(w: Weight): string {
  if (w.value > 0 || w.functionShare === undefined) return `${percent(w.share)} of ${sampleTypeWords(w.sampleType)}`;
  return `in a function with ${percent(w.functionShare)} of ${sampleTypeWords(w.sampleType)}`;
}

function perOp(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(3)));
}

/** "1 alloc/op, 16 B/op". */
export function measuredLabel(m: Measured): string {
  return `${perOp(m.allocsPerOp)} alloc${m.allocsPerOp === 1 ? '' : 's'}/op, ${perOp(m.bytesPerOp)} B/op`;
}
