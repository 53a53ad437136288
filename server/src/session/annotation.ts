// Marks a package's explained verdicts with what happens at run time (core/explain/annotate.ts):
// verdicts that allocate nothing, code that runs once at package initialisation, allocations of
// an inlined callee. It reads the package's files as the user sees them (open documents' trees,
// the rest parsed a file per slice) and keeps what it learned of dependencies' types per
// toolchain and environment, until the settings change.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node, Parser, Tree } from 'web-tree-sitter';
import type { AnalyzeSettings } from '../core/compiler/analyze';
import { annotateFindings } from '../core/explain/annotate';
import { GoDependencyReader } from '../core/explain/dependencySources';
import { packageSyntax } from '../core/explain/packageSyntax';
import { TypeWorld } from '../core/explain/typeWorld';
import type { Finding } from '../core/findings';
import type { Slicer } from '../core/util/slices';
import type { DocumentStore } from './documents';

interface PackageFile {
  path: string;
  text: string;
  root: Node;
}

export class FindingAnnotator {
  private readonly worlds = new Map<string, TypeWorld>();

  constructor(private readonly docs: DocumentStore, private readonly parser: Promise<Parser>) {}

  /**
   * Annotates the findings of one run of the package in `dir` in place. False when stopped by
   * the slicer before the end (the findings are then partly annotated and must not be used).
   */
  async annotate(findings: Finding[], dir: string, compilerOutput: string, settings: AnalyzeSettings, slicer: Slicer, treesOf: ReadonlySet<string>): Promise<boolean> {
    const parser = await this.parser;
    const owned: Tree[] = [];
    try {
      const files = await this.packageFiles(dir, parser, owned, slicer, treesOf);
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
    }
  }

  /** Forgets dependencies' types (settings or toolchain changed). */
  reset(): void {
    for (const w of this.worlds.values()) w.dispose();
    this.worlds.clear();
  }

  dispose(): void {
    this.reset();
  }

  private worldFor(s: AnalyzeSettings): TypeWorld {
    const key = JSON.stringify([s.goBinary, s.buildFlags, Object.entries(s.env).sort()]);
    let w = this.worlds.get(key);
    if (!w) this.worlds.set(key, (w = new TypeWorld(new GoDependencyReader(s))));
    return w;
  }

  /**
   * The package directory's Go files with their trees: the own trees of the open documents in
   * `treesOf` (URIs; the caller stops the work when they change, since an edit frees the tree),
   * the others parsed here.
   */
  private async packageFiles(dir: string, parser: Parser, owned: Tree[], slicer: Slicer, treesOf: ReadonlySet<string>): Promise<PackageFile[] | undefined> {
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
      const open = this.docs.ofFile(file);
      const tree = open && treesOf.has(open.uri) ? open.tree?.tree : undefined;
      if (open && tree) {
        out.push({ path: file, text: open.doc.getText(), root: tree.rootNode });
        continue;
      }
      let text: string;
      try {
        text = open?.doc.getText() ?? fs.readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      const parsed = parser.parse(text);
      if (!parsed) continue;
      owned.push(parsed);
      out.push({ path: file, text, root: parsed.rootNode });
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
