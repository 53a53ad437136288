// gcassert-style assertions (`//gcassert:noescape`, `inline`, `bce`, `//go-escape:noheap`) checked
// live: before a package's explained run, its files' directives are read (only files that
// mention one are parsed) and turned into the compiler flags they need; after the run, the
// failures are placed at their directives. The CLI's `check` checks the same (core/assert).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser, Tree } from 'web-tree-sitter';
import { AssertionFailure, FileDirectives, SourceFile, assertionCompilerFlags, checkAssertions, hasDirectives, scanDirectives } from '../core/assert';
import type { AssemblyFacts } from '../core/assert';
import type { Finding } from '../core/findings';
import type { DocumentStore } from './documents';

/** Words that start every directive; a file without them has none (and is not parsed). */
const MARKERS = ['gcassert:', 'go-escape:'];

/** A package's directives, read before its explained run, and what checking them needs. */
export class PreparedAssertions {
  constructor(
    readonly directives: FileDirectives[],
    private readonly sources: SourceFile[],
    private readonly trees: Tree[],
    /** The flags the run needs next to `-m=2`. */
    readonly flags: string[],
  ) {}

  /** Checks a finished run (all its findings, every category) against the directives. */
  check(findings: readonly Finding[], assembly?: AssemblyFacts): AssertionFailure[] {
    return checkAssertions({ directives: this.directives, findings, sources: this.sources, assembly });
  }

  /** Frees the trees it parsed; the object must not be used afterwards. */
  dispose(): void {
    for (const t of this.trees) t.delete();
    this.trees.length = 0;
  }
}

/**
 * Reads the directives of the package in `dir` (its test files too when `tests`), from the open
 * buffers or disk; undefined when there are none. The texts are parsed into trees of their own,
 * which stay valid whatever is edited while the run goes on.
 */
export function prepareAssertions(dir: string, tests: boolean, docs: DocumentStore, parser: Parser): PreparedAssertions | undefined {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.go') && (tests || !n.endsWith('_test.go')));
  } catch {
    return undefined;
  }
  const texts = new Map<string, string>();
  for (const n of names) {
    const file = path.join(dir, n);
    try {
      texts.set(file, docs.ofFile(file)?.doc.getText() ?? fs.readFileSync(file, 'utf8'));
    } catch {
      // A file that vanished has no directives.
    }
  }
  const marked = [...texts].filter(([, text]) => MARKERS.some((m) => text.includes(m)));
  if (marked.length === 0) return undefined;
  const trees: Tree[] = [];
  const parse = (file: string, text: string): SourceFile | undefined => {
    const tree = parser.parse(text);
    if (!tree) return undefined;
    trees.push(tree);
    return { file, text, tree };
  };
  const sources = marked.map(([file, text]) => parse(file, text)).filter((s): s is SourceFile => !!s);
  const directives = sources.map((s) => scanDirectives(s.file, s.text, s.tree));
  if (!hasDirectives(directives)) {
    for (const t of trees) t.delete();
    return undefined;
  }
  // `inline` on a function is checked at its call sites, which may be in any file of the package.
  if (directives.some((d) => d.functions.some((f) => f.kind === 'inline'))) {
    for (const [file, text] of texts) if (!marked.some(([m]) => m === file)) {
      const s = parse(file, text);
      if (s) sources.push(s);
    }
  }
  return new PreparedAssertions(directives, sources, trees, assertionCompilerFlags(directives));
}
