// Typed arrays that grow as numbers are pushed, for counts known only at the end of a pass.

export class Ints {
  data = new Int32Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  /** The numbers pushed so far (a view: later pushes may move them). */
  take(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/** A copy of `a` twice as long. */
export function grown(a: Float64Array): Float64Array<ArrayBuffer> {
  const next = new Float64Array(a.length * 2);
  next.set(a);
  return next;
}

/** Float64 numbers pushed one at a time (exact integers up to 2^53, as profile ids and values are). */
export class Floats {
  data = new Float64Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) this.data = grown(this.data);
    this.data[this.length++] = v;
  }

  take(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}
