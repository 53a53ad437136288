// What the code lenses of a Go file say, as plain data: over each function with heap findings
// "3 heap allocations" and, with a profile, "· 14% of allocated bytes"; over each benchmark
// "measure allocations". The editor turns these into its own lenses; nothing here knows LSP.
import type { Node, Tree } from 'web-tree-sitter';
import type { Finding } from '../findings';
import { LineIndex } from '../positions';
import { enclosingFunctionDecl, functionName } from '../treesitter/nodes';
import { percent, sampleTypeWords } from './describe';
import type { ProfileSet } from './profileSet';
import { functionWeight, FunctionWeight } from './weights';

export interface FunctionLens {
  /** The function as the compiler names it (`F`, `T.M`, `(*T).M`). */
  name: string;
  /** 1-based lines of the declaration, `func` keyword to closing brace. */
  startLine: number;
  endLine: number;
  /** Its `moved to heap` and `escapes to heap` findings, closures included. */
  heapFindings: Finding[];
  /** The profile's figure for the function, when a profile has one. */
  weight?: FunctionWeight;
  title: string;
}

const isHeap = (f: Finding) => f.category === 'moved' || f.category === 'escapes';

/** One lens per function of the file with heap findings, in source order. */
export function functionLenses(tree: Tree, text: string, findings: readonly Finding[], set?: ProfileSet): FunctionLens[] {
  const index = new LineIndex(text);
  const byDecl = new Map<number, { decl: Node; findings: Finding[] }>();
  for (const f of findings) {
    if (!isHeap(f)) continue;
    const offset = index.offsetOfCompiler(f.line, f.column);
    const decl = enclosingFunctionDecl(tree.rootNode.descendantForIndex(offset, offset));
    if (!decl) continue;
    let entry = byDecl.get(decl.startIndex);
    if (!entry) byDecl.set(decl.startIndex, (entry = { decl, findings: [] }));
    entry.findings.push(f);
  }
  return [...byDecl.values()]
    .sort((a, b) => a.decl.startIndex - b.decl.startIndex)
    .map(({ decl, findings: fs }) => {
      const startLine = decl.startPosition.row + 1;
      const endLine = decl.endPosition.row + 1;
      const weight = set && functionWeight(set, fs[0].file, startLine, endLine);
      const count = `${fs.length} heap allocation${fs.length === 1 ? '' : 's'}`;
      return { name: functionName(decl), startLine, endLine, heapFindings: fs, weight, title: weight ? `${count} · ${percent(weight.share)} of ${sampleTypeWords(weight.sampleType)}` : count };
    });
}

export interface BenchmarkLens {
  /** `BenchmarkXxx`, for `-bench '^BenchmarkXxx$'`. */
  name: string;
  /** 1-based line of its `func` keyword. */
  line: number;
  title: string;
}

/** One lens per `func BenchmarkXxx(b *testing.B)` of a test file. */
export function benchmarkLenses(tree: Tree): BenchmarkLens[] {
  const out: BenchmarkLens[] = [];
  for (const decl of tree.rootNode.namedChildren) {
    if (decl?.type !== 'function_declaration') continue;
    const name = decl.childForFieldName('name')?.text ?? '';
    // The testing package's rule: Benchmark, then nothing or a name that does not start lower-case.
    if (!/^Benchmark(?![a-z])/.test(name) || decl.childForFieldName('type_parameters')) continue;
    const params = decl.childForFieldName('parameters')?.namedChildren.filter((c) => c?.type === 'parameter_declaration') ?? [];
    const param = params.length === 1 ? params[0] : undefined;
    if (!param || param.childrenForFieldName('name').length > 1 || param.childForFieldName('type')?.text.replace(/\s+/g, '') !== '*testing.B') continue;
    if (decl.childForFieldName('result')) continue;
    out.push({ name, line: decl.startPosition.row + 1, title: 'measure allocations' });
  }
  return out;
}
