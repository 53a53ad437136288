// A profile's samples, read where the index needs them. A 10 MB profile has hundreds of thousands
// of samples with millions of location ids; pprof-format makes an object, two arrays and a
// typed-array view per number of each, whose allocation and collection cost most of a second.
// pprof-format still frames the profile and decodes every other message; each sample message is
// only checked and placed when it arrives, and its two packed number lists (location ids,
// values) are read when the index sums it: for a heap profile only the innermost id, since
// the length of a packed list lets the rest be stepped over.
import { grown, Ints } from './growable';

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

const TWO_28 = 2 ** 28;
const TWO_35 = 2 ** 35;
const TWO_36 = 2 ** 36;

/**
 * A reader of protobuf varints in one buffer. Numbers are exact below 2^53 (as the ids and
 * values of Go's profiles are); `signed` reads an int64 in two's complement. The low 28 bits
 * and the rest are summed apart so that a small negative number stays exact.
 */
class Cursor {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  varint(end: number, signed = false): number {
    const b = this.bytes;
    if (this.pos >= end) throw new Error('a number runs past the end of its sample');
    let x = b[this.pos++];
    if (x < 128) return x;
    let lo = x & 127;
    let hi = 0;
    for (let i = 1; i < 10; i++) {
      if (this.pos >= end) throw new Error('a number runs past the end of its sample');
      x = b[this.pos++];
      if (i < 4) lo |= (x & 127) << (7 * i);
      else hi += (x & 127) * 2 ** (7 * (i - 4));
      if (x < 128) {
        if (signed && hi >= TWO_35) hi = (hi % TWO_36) - TWO_36;
        return hi * TWO_28 + lo;
      }
    }
    throw new Error('a number longer than 10 bytes');
  }

  /** How many varints `from..to` holds (the bytes that end one). */
  static count(b: Uint8Array, from: number, to: number): number {
    let n = 0;
    for (let i = from; i < to; i++) if (b[i] < 128) n++;
    return n;
  }
}

/** Sample messages (field 2 of Profile) as pprof-format hands them over, left in the profile's buffer. */
export class SampleReader {
  private readonly starts = new Ints();
  private readonly ends = new Ints();
  private readonly valueCounts = new Ints();
  private cursor?: Cursor;

  /**
   * Checks one Sample message (1 location_id, 2 value, packed or not; 3 label and unknown fields
   * are stepped over) and records where it lies; throws when it is not well formed.
   */
  add(message: Uint8Array): void {
    if (!this.cursor || this.cursor.bytes.buffer !== message.buffer) this.cursor = new Cursor(new Uint8Array(message.buffer));
    const c = this.cursor;
    const start = message.byteOffset;
    const end = start + message.byteLength;
    c.pos = start;
    let values = 0;
    while (c.pos < end) {
      const tag = c.varint(end);
      const wire = tag % 8;
      if (wire === 0) {
        c.varint(end);
        if (Math.floor(tag / 8) === 2) values++;
      } else if (wire === 2) {
        const len = c.varint(end);
        if (c.pos + len > end) throw new Error('a sample runs past its end');
        if (Math.floor(tag / 8) === 2) values += Cursor.count(c.bytes, c.pos, c.pos + len);
        c.pos += len;
      } else if (wire === 1 || wire === 5) {
        c.pos += wire === 1 ? 8 : 4;
      } else {
        throw new Error(`a sample has a field of wire type ${wire}`);
      }
    }
    if (c.pos !== end) throw new Error('a sample runs past its end');
    this.starts.push(start);
    this.ends.push(end);
    this.valueCounts.push(values);
  }

  take(): SampleSource {
    const counts = this.valueCounts.take();
    return new MessageSamples(this.cursor ?? new Cursor(new Uint8Array(0)), this.starts.take(), this.ends.take(), counts, rangeOf(counts));
  }

  /** The byte ranges of the messages, for pprof-format's own decode of them. */
  ranges(): { starts: Int32Array; ends: Int32Array } {
    return { starts: this.starts.take(), ends: this.ends.take() };
  }
}

function rangeOf(counts: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = 0;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] < min) min = counts[i];
    if (counts[i] > max) max = counts[i];
  }
  return { min: counts.length > 0 ? min : 0, max };
}

class MessageSamples implements SampleSource {
  readonly count: number;
  constructor(
    private readonly cursor: Cursor,
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
    private readonly values: Int32Array,
    readonly valueCounts: { min: number; max: number },
  ) {
    this.count = starts.length;
  }

  valueCount(i: number): number {
    return this.values[i];
  }

  read(i: number, leafOnly: boolean, row: SampleRow): void {
    const c = this.cursor;
    const end = this.ends[i];
    row.idCount = 0;
    row.valueCount = 0;
    c.pos = this.starts[i];
    while (c.pos < end) {
      const tag = c.varint(end);
      const field = Math.floor(tag / 8);
      const wire = tag % 8;
      if (wire === 0) {
        const v = c.varint(end, field === 2);
        if (field === 1 && !(leafOnly && row.idCount > 0)) row.pushId(v);
        else if (field === 2) row.pushValue(v);
      } else if (wire === 2) {
        const stop = c.varint(end) + c.pos;
        if (field === 1) while (c.pos < stop && !(leafOnly && row.idCount > 0)) row.pushId(c.varint(stop));
        else if (field === 2) while (c.pos < stop) row.pushValue(c.varint(stop, true));
        c.pos = stop;
      } else {
        c.pos += wire === 1 ? 8 : 4;
      }
    }
  }
}

type Num = number | bigint;

/** Samples pprof-format decoded (profiles built in memory, and the reference in tests). */
export class ObjectSamples implements SampleSource {
  readonly count: number;
  readonly valueCounts: { min: number; max: number };
  constructor(private readonly samples: readonly { locationId: readonly Num[]; value: readonly Num[] }[]) {
    this.count = samples.length;
    this.valueCounts = rangeOf(samples.map((s) => s.value.length));
  }

  valueCount(i: number): number {
    return this.samples[i].value.length;
  }

  read(i: number, leafOnly: boolean, row: SampleRow): void {
    const s = this.samples[i];
    row.idCount = 0;
    row.valueCount = 0;
    for (const id of leafOnly ? s.locationId.slice(0, 1) : s.locationId) row.pushId(Number(id));
    for (const v of s.value) row.pushValue(typeof v === 'bigint' ? Number(BigInt.asIntN(64, v)) : v);
  }
}
