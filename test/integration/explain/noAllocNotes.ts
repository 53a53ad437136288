// Reads the notes in test/fixtures/noalloc/*.go: `// allocs: N` or `// allocs(ARGS): N` on a
// function's line (what one call allocates), and `ERROR "regexp"` clauses with the words
// `noalloc:<kind>` (`noalloc:<kind>@m2`), `alloc` and `init` (see the comment at the top of cases.go).
export interface AllocNote {
  line: number;
  /** The function declared on this line. */
  func: string;
  /** Arguments for the call, as Go source. */
  args: string;
  allocs: number;
}

export interface Clause {
  line: number;
  message: RegExp;
  /** The classifier's kind for `noalloc:<kind>`, `alloc` for a verdict that must not be noalloc, undefined for neither. */
  verdict?: string;
  /** `noalloc:<kind>@m2`: settled only with the `-m=2` explanation; with plain `-m` it reads as allocating. */
  explainedOnly?: boolean;
  init: boolean;
}

const TOKEN = /"((?:[^"\\]|\\.)*)"|(\S+)/g;

export function readNotes(text: string): { allocs: AllocNote[]; clauses: Clause[] } {
  const allocs: AllocNote[] = [];
  const clauses: Clause[] = [];
  text.split('\n').forEach((src, i) => {
    const line = i + 1;
    const at = src.indexOf('// ');
    if (at < 0 || src.trimStart().startsWith('//')) return;
    const note = src.slice(at + 3);
    const a = /\ballocs(?:\(([^)]*)\))?: (\d+)/.exec(note);
    if (a) {
      const func = /^func (\w+)\(/.exec(src)?.[1];
      if (!func) throw new Error(`line ${line}: allocs note on a line that declares no function`);
      allocs.push({ line, func, args: a[1] ?? '', allocs: Number(a[2]) });
    }
    let current: Clause | undefined;
    for (const m of note.matchAll(TOKEN)) {
      const [, quoted, word] = m;
      if (word === 'ERROR') {
        current = { line, message: /$^/, init: false };
        clauses.push(current);
        continue;
      }
      if (!current) continue;
      if (quoted !== undefined) current.message = new RegExp(quoted.replace(/\\"/g, '"'));
      else if (word === 'alloc') current.verdict = 'alloc';
      else if (word.startsWith('noalloc:')) {
        current.verdict = word.slice('noalloc:'.length).replace(/@m2$/, '');
        current.explainedOnly = word.endsWith('@m2');
      }
      else if (word === 'init') current.init = true;
      else throw new Error(`line ${line}: unexpected word ${word}`);
    }
  });
  return { allocs, clauses };
}

/** A test file that prints what testing.AllocsPerRun measures for each noted function. */
export function allocsTestFile(pkg: string, notes: readonly AllocNote[]): string {
  const cases = notes.map((n) => `\t\t{${JSON.stringify(n.func)}, func() { ${n.func}(${n.args}) }},`).join('\n');
  return `package ${pkg}

import (
\t"fmt"
\t"testing"
)

func TestAllocs(t *testing.T) {
\tfor _, c := range []struct {
\t\tname string
\t\tf    func()
\t}{
${cases}
\t} {
\t\tfmt.Printf("ALLOCS %s %v\\n", c.name, testing.AllocsPerRun(200, c.f))
\t}
}
`;
}
