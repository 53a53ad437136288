// Marks the verdicts of a package's run with what happens at run time (annotate.ts): verdicts
// that allocate nothing, code that runs once at package initialisation, allocations of an inlined
// callee. It reads the package's files through a source the caller gives (the editor's open
// buffers and their trees, or disk), parses the rest a file per slice, and keeps what it learned
// of dependencies' types per toolchain and environment until reset. The CLI and the language
// server both use it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node, Parser, Tree } from 'web-tree-sitter';
import type { AnalyzeSettings } from '../compiler/analyze';
import { annotateFindings } from './annotate';
import { DiskTrees } from './diskTrees';
import { GoDependencyReader } from './dependencySources';
import { packageSyntax } from './packageSyntax';
import { TypeWorld } from './typeWorld';
import type { Finding } from '../findings';
import { Slicer } from '../util/slices';
import { createGoParser } from '../treesitter/parser';
import { parseBySize } from '../treesitter/slicedParse';

/** Where a package's files are read from: a text (an unsaved buffer) and a tree of it, when there are. */
export interface PackageFileSource {
  /** The file's text as the user sees it, or undefined to read the disk copy. */
  text(file: string): string | undefined;
  /** A tree of that text that stays valid while the annotation runs, or undefined to parse it. */
  tree(file: string): Tree | undefined;
}

const DISK: PackageFileSource = { text: () => undefined, tree: () => undefined };

interface PackageFile {
  path: string;
  text: string;
  root: Node;
}

export class PackageAnnotator {
  private readonly worlds = new Map<string, TypeWorld>();
  private readonly diskTrees = new DiskTrees();

  constructor(private readonly parser: Promise<Parser>) {}

  /**
   * Annotates the findings of one run of the package in `dir` in place. False when stopped by
   * the slicer before the end (the findings are then partly annotated and must not be used).
   */
  async annotate(findings: Finding[], dir: string, compilerOutput: string, settings: AnalyzeSettings, slicer: Slicer = new Slicer(), source: PackageFileSource = DISK): Promise<boolean> {
    const parser = await this.parser;
    const owned: Tree[] = [];
    this.diskTrees.acquire(dir);
    try {
      const files = await this.packageFiles(dir, parser, owned, slicer, source);
      if (!files) return false;
      // A package's external tests (`package p_test`) are a package of their own.
      const byPackage = new Map<string, PackageFile[]>();
      for (const f of files) {
        const name = packageName(f.root) ?? '';
        byPackage.set(name, [...(byPackage.get(name) ?? []), f]);
      }
      const world = this.worldFor(settings);
      for (const group of byPackage.values()) {
        const paths = new Set(group.map((f) => f.path));
        const mine = findings.filter((f) => paths.has(f.file));
        if (mine.length === 0) continue;
        await annotateFindings(mine, { pkg: packageSyntax(group), world, compilerOutput, cwd: dir, slicer });
        if (slicer.aborted) return false;
      }
      return true;
    } finally {
      for (const t of owned) t.delete();
      this.diskTrees.release(dir);
    }
  }

  /** Forgets dependencies' types (settings or toolchain changed). */
  reset(): void {
    for (const w of this.worlds.values()) w.dispose();
    this.worlds.clear();
  }

  dispose(): void {
    this.reset();
    this.diskTrees.dispose();
  }

  private worldFor(s: AnalyzeSettings): TypeWorld {
    const key = JSON.stringify([s.goBinary, s.buildFlags, Object.entries(s.env).sort()]);
    let w = this.worlds.get(key);
    if (!w) this.worlds.set(key, (w = new TypeWorld(new GoDependencyReader(s))));
    return w;
  }

  /** The package directory's Go files with their trees: the source's, or parsed here. */
  private async packageFiles(dir: string, parser: Parser, owned: Tree[], slicer: Slicer, source: PackageFileSource): Promise<PackageFile[] | undefined> {
    let names: string[];
    try {
      names = fs.readdirSync(dir).filter((n) => n.endsWith('.go'));
    } catch {
      return [];
    }
    const out: PackageFile[] = [];
    for (const name of names) {
      if (!(await slicer.pause())) return undefined;
      const file = path.join(dir, name);
      const given = source.text(file);
      const tree = given !== undefined ? source.tree(file) : undefined;
      if (given !== undefined && tree) {
        out.push({ path: file, text: given, root: tree.rootNode });
        continue;
      }
      // A text too large to parse (a generated file of megabytes) gets no tree: its findings keep
      // the compiler's verdicts as they are.
      const parse = (text: string) => parseBySize(parser, text, slicer);
      if (given === undefined) {
        const disk = await this.diskTrees.get(file, parse);
        if (disk) out.push({ path: file, text: disk.text, root: disk.tree.rootNode });
        continue;
      }
      const parsed = await parse(given);
      if (!parsed) continue;
      owned.push(parsed);
      out.push({ path: file, text: given, root: parsed.rootNode });
    }
    return out;
  }
}

function packageName(root: Node): string | undefined {
  for (const c of root.namedChildren) {
    if (c?.type === 'package_clause') return c.namedChild(0)?.text;
  }
  return undefined;
}

/**
 * Annotates the findings of a module-wide run (the CLI's), package directory by package
 * directory, from the files on disk. `packages` give each directory's compiler output.
 */
export async function annotateRun(findings: Finding[], packages: readonly { dir: string; output: string }[], settings: AnalyzeSettings, signal?: AbortSignal): Promise<void> {
  const byDir = new Map<string, Finding[]>();
  for (const f of findings) {
    const dir = path.dirname(f.file);
    byDir.set(dir, [...(byDir.get(dir) ?? []), f]);
  }
  if (byDir.size === 0) return;
  const parser = createGoParser();
  const annotator = new PackageAnnotator(parser);
  try {
    for (const [dir, mine] of byDir) {
      if (signal?.aborted) return;
      const output = packages.filter((p) => p.dir === dir).map((p) => p.output).join('\n');
      await annotator.annotate(mine, dir, output, settings, new Slicer(signal));
    }
  } finally {
    annotator.dispose();
    (await parser).delete();
  }
}
