// Trees of package files read from disk, kept between annotations of the same package. Each edit
// of a file annotates its whole package again, and the files that were not edited are the same
// as last time: parsing them again was most of the time between the compiler's verdict and its
// publication. Only the last few packages are kept; their trees take no memory the annotation
// did not already need, since it holds all of a package's trees at once.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Tree } from 'web-tree-sitter';
import { fileStamp } from '../util/fileStamp';

interface Entry {
  /** Size and change times: a file written again gets new ones. */
  stamp: string;
  text: string;
  tree: Tree;
}

export class DiskTrees {
  /** By directory, least recently used first. */
  private readonly byDir = new Map<string, Map<string, Entry>>();
  /** Annotations running per directory: their trees must stay valid until they end. */
  private readonly busy = new Map<string, number>();
  /** Trees replaced while an annotation of their directory was running, freed when it ends. */
  private readonly retired = new Map<string, Tree[]>();

  constructor(private readonly keepDirs = 2) {}

  /** Marks the start of an annotation of `dir`; `release(dir)` must follow. */
  acquire(dir: string): void {
    this.busy.set(dir, (this.busy.get(dir) ?? 0) + 1);
    const trees = this.byDir.get(dir);
    if (trees) {
      this.byDir.delete(dir);
      this.byDir.set(dir, trees);
    }
  }

  release(dir: string): void {
    const n = (this.busy.get(dir) ?? 1) - 1;
    if (n > 0) {
      this.busy.set(dir, n);
      return;
    }
    this.busy.delete(dir);
    for (const t of this.retired.get(dir) ?? []) t.delete();
    this.retired.delete(dir);
    this.evict();
  }

  /** The file's text and a tree of it, parsed (by `parse`) again only when the file changed on disk. */
  async get(file: string, parse: (text: string) => Promise<Tree | null>): Promise<{ text: string; tree: Tree } | undefined> {
    const stamp = fileStamp(file);
    if (stamp === undefined) return undefined;
    const dir = path.dirname(file);
    let trees = this.byDir.get(dir);
    if (!trees) this.byDir.set(dir, (trees = new Map()));
    const known = trees.get(file);
    if (known?.stamp === stamp) return known;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    const tree = await parse(text);
    if (!tree) return undefined;
    // Another annotation may have parsed the file meanwhile: the newer tree replaces it.
    const current = trees.get(file);
    if (current) this.free(dir, current.tree);
    const entry = { stamp, text, tree };
    trees.set(file, entry);
    return entry;
  }

  dispose(): void {
    for (const trees of this.byDir.values()) for (const e of trees.values()) e.tree.delete();
    for (const ts of this.retired.values()) for (const t of ts) t.delete();
    this.byDir.clear();
    this.retired.clear();
  }

  private free(dir: string, tree: Tree): void {
    if (this.busy.has(dir)) this.retired.set(dir, [...(this.retired.get(dir) ?? []), tree]);
    else tree.delete();
  }

  private evict(): void {
    for (const [dir, trees] of this.byDir) {
      if (this.byDir.size <= this.keepDirs) return;
      if (this.busy.has(dir)) continue;
      for (const e of trees.values()) e.tree.delete();
      this.byDir.delete(dir);
    }
  }
}
