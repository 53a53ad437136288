// Compiler text in source terms. The compiler's explanations name its own temporaries
// (`.autotmp_3`, results `~r0`, unnamed parameters `~p0`) and the locals of inlined callees
// (`strings.oldnew`, `http.r`). A hover shows the source expression at the step's position
// instead (`.autotmp_3.Deadline()` -> `c.Request.Context().Deadline()`), and words where the
// source cannot say (`~r0` -> "the result").
import type { Node } from 'web-tree-sitter';
import type { PackageSyntax, SourceFile } from './packageSyntax';
import { nodeAtCompiler, squeeze } from './packageSyntax';

/** Names the compiler makes up. */
const INTERNAL = /\.autotmp_\d+|~[rpb]\d+/;
const INTERNAL_ALL = /\.autotmp_\d+|~[rpb]\d+/g;

export interface Place {
  file?: string;
  line?: number;
  column?: number;
}

export function hasInternalNames(text: string): boolean {
  return INTERNAL.test(text);
}

/** Words for a compiler name on its own: `~r0` -> "the result" (or "result 2" of several). */
export function internalWord(name: string, results = 1): string {
  const m = /^~([rpb])(\d+)$/.exec(name);
  if (m) {
    const n = Number(m[2]) + 1;
    if (m[1] === 'r') return results > 1 || n > 1 ? `result ${n}` : 'the result';
    if (m[1] === 'p') return `parameter ${n}`;
    return 'a blank parameter';
  }
  return 'a temporary';
}

/** Longest source text a hover shows for one expression; longer ones are cut at a token boundary. */
const MAX_EXPR = 80;

function shortened(text: string): string {
  const one = text.replace(/\s*\n\s*/g, ' ');
  if (one.length <= MAX_EXPR) return one;
  const cut = one.slice(0, MAX_EXPR);
  const at = Math.max(cut.lastIndexOf(' '), cut.lastIndexOf('('), cut.lastIndexOf(','));
  return `${cut.slice(0, at > 40 ? at : MAX_EXPR)}…`;
}

/** A pattern that matches the source of a compiler expression: its names for temporaries stand for any text. */
function sourcePattern(text: string): RegExp {
  const parts = squeeze(text).split(INTERNAL_ALL).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.+?')}$`);
}

export class SourceText {
  constructor(
    private readonly pkg?: PackageSyntax,
    /** Package names of the callees inlined at the finding (their locals print as `pkg.x`). */
    private readonly inlinedPackages: readonly string[] = [],
  ) {}

  /**
   * The expression as the user wrote it: unchanged when it holds no compiler names, else the
   * source at `at` that it stands for, else with words for the compiler names.
   */
  expr(text: string, at?: Place): string {
    const local = this.unqualify(text);
    if (!hasInternalNames(local)) return local;
    const source = at ? this.sourceAt(local, at) : undefined;
    if (source) return shortened(source);
    return local.replace(INTERNAL_ALL, (m) => `(${internalWord(m)})`);
  }

  /** `strings.oldnew...` -> `oldnew...` for the locals of inlined callees (types and functions keep their package). */
  unqualify(text: string): string {
    if (this.inlinedPackages.length === 0) return text;
    const pkgs = this.inlinedPackages.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    return text.replace(new RegExp(`(?<![\\w.])(?:${pkgs})\\.([a-z_]\\w*)\\b(?![({\\w])`, 'g'), '$1');
  }

  private sourceAt(text: string, at: Place): string | undefined {
    if (!this.pkg || !at.file || at.line === undefined) return undefined;
    const file = this.pkg.file(at.file);
    if (!file) return undefined;
    const node = matching(file, at.line, at.column ?? 1, sourcePattern(text));
    return node?.text;
  }
}

/** The node at the position, or an ancestor up to its statement, whose text fits the pattern. */
function matching(file: SourceFile, line: number, column: number, pattern: RegExp): Node | undefined {
  for (let n: Node | null = nodeAtCompiler(file, line, column); n; n = n.parent) {
    if (pattern.test(squeeze(n.text))) return n;
    if (n.type.endsWith('_statement') || n.type === 'var_declaration' || n.type === 'block' || n.type === 'source_file') return undefined;
  }
  return undefined;
}

/** The package of a callee as the compiler names it: `strings` for `strings.NewReplacer`, `http` for `http.(*Request).Context`. */
export function calleePackage(callee: string): string | undefined {
  return /^([A-Za-z_]\w*)\.(?:\(|[A-Za-z_])/.exec(callee)?.[1];
}
