// A profile's samples as the index reads them, one at a time into a reused row: either kept in
// typed arrays as pprof-format decodes each one (SampleTable), or the Sample objects of a
// profile decoded whole (ObjectSamples).
import { Floats, grown, Ints } from './growable';

/** One sample as read: its location ids, innermost first, and one value per sample type. */
export class SampleRow {
  ids = new Float64Array(64);
  idCount = 0;
  values = new Float64Array(8);
  valueCount = 0;

  pushId(v: number): void {
    if (this.idCount === this.ids.length) this.ids = grown(this.ids);
    this.ids[this.idCount++] = v;
  }

  pushValue(v: number): void {
    if (this.valueCount === this.values.length) this.values = grown(this.values);
    this.values[this.valueCount++] = v;
  }
}

/** The samples of a profile. */
export interface SampleSource {
  readonly count: number;
  /** The fewest and most values a sample has (one per sample type in a well-formed profile). */
  readonly valueCounts: { min: number; max: number };
  /** The number of values sample `i` has. */
  valueCount(i: number): number;
  /** Reads sample `i` into `row`; with `leafOnly` only its innermost location id. */
  read(i: number, leafOnly: boolean, row: SampleRow): void;
}

type Num = number | bigint;

const toNumber = (v: Num) => (typeof v === 'number' ? v : Number(BigInt.asIntN(64, v)));

/**
 * Samples copied into typed arrays as they are decoded, so that a large profile's hundreds of
 * thousands of Sample objects and their arrays need not outlive the decode of each.
 */
export class SampleTable implements SampleSource {
  private readonly idStart = new Ints();
  private readonly ids = new Floats();
  private readonly valueStart = new Ints();
  private readonly values = new Floats();
  private min = Infinity;
  private max = 0;

  add(s: { locationId: readonly Num[]; value: readonly Num[] }): void {
    this.idStart.push(this.ids.length);
    this.valueStart.push(this.values.length);
    for (let j = 0; j < s.locationId.length; j++) this.ids.push(toNumber(s.locationId[j]));
    for (let j = 0; j < s.value.length; j++) this.values.push(toNumber(s.value[j]));
    if (s.value.length < this.min) this.min = s.value.length;
    if (s.value.length > this.max) this.max = s.value.length;
  }

  get count(): number {
    return this.idStart.length;
  }

  get valueCounts(): { min: number; max: number } {
    return { min: this.count > 0 ? this.min : 0, max: this.max };
  }

  private end(starts: Ints, all: Floats, i: number): number {
    return i + 1 < starts.length ? starts.data[i + 1] : all.length;
  }

  valueCount(i: number): number {
    return this.end(this.valueStart, this.values, i) - this.valueStart.data[i];
  }

  read(i: number, leafOnly: boolean, row: SampleRow): void {
    row.idCount = 0;
    row.valueCount = 0;
    const from = this.idStart.data[i];
    const to = leafOnly ? Math.min(from + 1, this.end(this.idStart, this.ids, i)) : this.end(this.idStart, this.ids, i);
    const ids = this.ids.data;
    for (let j = from; j < to; j++) row.pushId(ids[j]);
    const values = this.values.data;
    for (let j = this.valueStart.data[i], end = this.end(this.valueStart, this.values, i); j < end; j++) row.pushValue(values[j]);
  }
}

/** Samples pprof-format decoded. */
export class ObjectSamples implements SampleSource {
  readonly count: number;
  readonly valueCounts: { min: number; max: number };
  constructor(private readonly samples: readonly { locationId: readonly Num[]; value: readonly Num[] }[]) {
    this.count = samples.length;
    // Without a list of 100,000s of counts: min and max are all the check needs.
    let min = Infinity;
    let max = 0;
    for (const s of samples) {
      const n = s.value.length;
      if (n < min) min = n;
      if (n > max) max = n;
    }
    this.valueCounts = { min: samples.length > 0 ? min : 0, max };
  }

  valueCount(i: number): number {
    return this.samples[i].value.length;
  }

  read(i: number, leafOnly: boolean, row: SampleRow): void {
    const { locationId, value } = this.samples[i];
    row.idCount = 0;
    row.valueCount = 0;
    const ids = leafOnly ? Math.min(1, locationId.length) : locationId.length;
    for (let j = 0; j < ids; j++) {
      const id = locationId[j];
      row.pushId(typeof id === 'number' ? id : Number(id));
    }
    for (let j = 0; j < value.length; j++) row.pushValue(toNumber(value[j]));
  }
}
