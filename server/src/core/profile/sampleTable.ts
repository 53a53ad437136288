// A profile's samples as the index reads them, one at a time into a reused row, from the samples
// pprof-format decoded.
import { grown } from './growable';

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
    for (let j = 0; j < value.length; j++) {
      const v = value[j];
      row.pushValue(typeof v === 'number' ? v : Number(BigInt.asIntN(64, v)));
    }
  }
}
