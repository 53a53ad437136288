// A least-recently-used cache for analysis results keyed by a hash of everything the compiler
// sees, so that returning to analysed content (undo, redo) answers without a run. It is bounded
// by what its entries weigh, not by their number: one result of a large package's test variant
// holds thousands of explained findings, a small package's a handful. Entries are also bounded per
// group (a package and variant): undo and redo return to the last few texts of a package, and a
// long session in a small package would otherwise fill the whole budget with texts nobody goes
// back to.
import { createHash } from 'node:crypto';

export class ResultCache<V> {
  private readonly map = new Map<string, { value: V; weight: number; group: string }>();
  private readonly groups = new Map<string, number>();
  private total = 0;

  /**
   * `budget`: the weight the entries may have together (the newest entry is kept even when it
   * alone is heavier); `weigh`: an entry's weight, by default 1; `perGroup`: how many entries one
   * group may keep.
   */
  constructor(private readonly budget = 64, private readonly weigh: (v: V) => number = () => 1, private readonly perGroup = Infinity) {}

  get(key: string): V | undefined {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.delete(key);
      this.map.set(key, hit);
    }
    return hit?.value;
  }

  set(key: string, value: V, group = ''): void {
    this.delete(key);
    const weight = this.weigh(value);
    this.map.set(key, { value, weight, group });
    this.total += weight;
    const inGroup = (this.groups.get(group) ?? 0) + 1;
    this.groups.set(group, inGroup);
    if (inGroup > this.perGroup) {
      // The group's least recently used entry: the first of its entries in the map's order.
      for (const [k, e] of this.map) {
        if (e.group === group) {
          this.delete(k);
          break;
        }
      }
    }
    while (this.total > this.budget && this.map.size > 1) this.delete(this.map.keys().next().value as string);
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
    this.groups.clear();
    this.total = 0;
  }

  private delete(key: string): void {
    const old = this.map.get(key);
    if (!old) return;
    this.map.delete(key);
    this.total -= old.weight;
    const left = (this.groups.get(old.group) ?? 1) - 1;
    if (left > 0) this.groups.set(old.group, left);
    else this.groups.delete(old.group);
  }
}

/** Hashes a list of strings unambiguously. */
export function hashParts(parts: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(String(p.length));
    h.update(':');
    h.update(p);
  }
  return h.digest('hex');
}
