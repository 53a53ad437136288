// A small least-recently-used cache for analysis results keyed by a hash of everything the
// compiler sees, so that returning to analysed content (undo, redo) answers without a run.
import { createHash } from 'node:crypto';

export class ResultCache<V> {
  private readonly map = new Map<string, V>();

  constructor(private readonly capacity = 64) {}

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
    }
  }

  clear(): void {
    this.map.clear();
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
