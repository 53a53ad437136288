// Catalogue entries for the compiler's other decisions (inlining, bounds checks, nil checks: the
// opt-in categories `inline`, `bounds`, `nil`) and for failed assertions (`//gcassert:...`,
// `//go-escape:noheap`). Claims checked against go1.26.8 (cmd/compile/internal/inline/inl.go for
// the budget, and builds of small examples with `-m -d=ssa/check_bce/debug=1 -d=nil`).
import type { RuleEntry, RuleLink } from './ruleEntry';
import { RuleId } from './ids';

const INLINING: RuleLink = { title: 'Go wiki: compiler and runtime optimizations', href: 'https://go.dev/wiki/CompilerOptimizations' };
const GCASSERT: RuleLink = { title: 'gcassert (the directives go-escape checks)', href: 'https://github.com/jordanlewis/gcassert' };
const NOT_IN_ARTICLE = 'Not in the article: this is one of the compiler optimization details gopls also shows.';
const ASSERTIONS = 'Not in the article: assertions turn its advice into a check that fails the build.';

export const DECISION_RULES: readonly RuleEntry[] = [
  {
    id: RuleId.InlinedCall,
    kind: 'decision',
    title: 'Call inlined',
    summary:
      "The compiler copied the called function's body into the caller: no call overhead, and the callee's values are analysed in the caller's frame, so they can stay on its stack where the callee alone would have let them escape. Shown with `include: [\"inline\"]`.",
    compilerPrints: ['inlining call to newT', 'inlining call to fmt.Println'],
    avoid: 'Nothing to avoid: this is the compiler doing what you want.',
    notWorthIt: 'Most of the time you do not need to see these; turn the category on while tuning a hot path.',
    articleSection: NOT_IN_ARTICLE,
    links: [INLINING],
  },
  {
    id: RuleId.NotInlined,
    kind: 'decision',
    title: 'Function cannot be inlined',
    summary:
      'The compiler will not copy this function into its callers, and says why: `function too complex: cost 92 exceeds budget 80` (the body costs more than the budget of 80 units; each call of a function that is not inlined costs 57), `marked go:noinline`, `call to recover`, and others. Printed at `-m=2` only, so this category asks for the compiler\'s explanation output.',
    compilerPrints: ['cannot inline notInlinable: function too complex: cost 92 exceeds budget 80', 'cannot inline alwaysInlined: marked go:noinline'],
    avoid:
      'To make a small hot function inlinable, keep its body under the budget: move rare paths (error formatting, loops over many elements) into a separate function it calls, so that the common path stays cheap.',
    notWorthIt: 'For functions that do real work per call: the call costs a few nanoseconds, which only matters in tight loops.',
    versionNote: 'Budget and call cost read from go1.26.8 (inlineMaxBudget = 80, inlineExtraCallCost = 57); a function with more than 5,000 nodes only inlines callees that cost at most 20.',
    articleSection: NOT_IN_ARTICLE,
    links: [INLINING],
  },
  {
    id: RuleId.BoundsCheck,
    kind: 'decision',
    title: 'Bounds check left in',
    summary:
      'The compiler could not prove that this index or slice expression is in range, so it checks at run time and panics if not. Shown with `include: ["bounds"]`, which builds with `-d=ssa/check_bce/debug=1`.',
    compilerPrints: ['Found IsInBounds', 'Found IsSliceInBounds'],
    avoid:
      'Give the compiler the proof: index with the `range` loop variable, or check the largest index once before several accesses (`_ = s[3]` before `s[0]` … `s[3]` leaves one check instead of four, measured on go1.26.8).',
    notWorthIt: 'Almost always: a bounds check is a compare and a branch that is predicted well. Look at them only in measured hot loops.',
    articleSection: NOT_IN_ARTICLE,
    links: [INLINING],
  },
  {
    id: RuleId.NilCheck,
    kind: 'decision',
    title: 'Nil check left in',
    summary:
      "The compiler inserted an explicit nil check: the pointer is used without a memory access that would fault on nil by itself (taking a field's address, `&p.b`, measured on go1.26.8), so the check is a separate instruction. Loads through the pointer (`p.b`) need none. Shown with `include: [\"nil\"]`, which builds with `-d=nil`.",
    compilerPrints: ['generated nil check'],
    avoid: 'Rarely worth avoiding; where it is, load through the pointer first, or pass the value rather than a pointer.',
    notWorthIt: 'Almost always: one test instruction.',
    articleSection: NOT_IN_ARTICLE,
    links: [INLINING],
  },
  {
    id: RuleId.AssertNoEscape,
    kind: 'assertion',
    title: 'noescape assertion failed',
    summary:
      '`//gcassert:noescape` above or after a line (a declaration, a parameter, a function signature) asserts that nothing on the first line of what it annotates moves to the heap, escapes to the heap or leaks (a leaking parameter counts as an escape). The compiler reported one of those there; the diagnostic carries its explanation.',
    compilerPrints: ['moved to heap: foo', 'leaking param: p'],
    avoid: 'Follow the compiler\'s explanation to the step that makes the value escape, or remove the assertion if the escape is intended.',
    notWorthIt: 'When the escape is intended, delete the directive rather than working around it.',
    articleSection: ASSERTIONS,
    links: [GCASSERT],
  },
  {
    id: RuleId.AssertInline,
    kind: 'assertion',
    title: 'inline assertion failed',
    summary:
      '`//gcassert:inline` on a line asserts that a call on that line is inlined; on a function declaration, that every call of the function in the analysed packages is inlined. The compiler did not inline the call; where it said why (`cannot inline f: ...`), the diagnostic carries the reason.',
    compilerPrints: ['cannot inline f: function too complex: cost 92 exceeds budget 80'],
    avoid: 'Bring the callee under the inlining budget (see "Function cannot be inlined"), or drop `//go:noinline`.',
    notWorthIt: 'When the callee has to stay large, remove the assertion.',
    articleSection: ASSERTIONS,
    links: [GCASSERT, INLINING],
    seeAlso: [RuleId.NotInlined],
  },
  {
    id: RuleId.AssertBce,
    kind: 'assertion',
    title: 'bce assertion failed',
    summary: '`//gcassert:bce` asserts that no bounds check is left on the line. The compiler left one in (`Found IsInBounds` or `Found IsSliceInBounds`).',
    compilerPrints: ['Found IsInBounds', 'Found IsSliceInBounds'],
    avoid: 'Prove the index in range before the line (see "Bounds check left in").',
    notWorthIt: 'When the check cannot be proved away, remove the assertion.',
    articleSection: ASSERTIONS,
    links: [GCASSERT, INLINING],
    seeAlso: [RuleId.BoundsCheck],
  },
  {
    id: RuleId.AssertNoHeap,
    kind: 'assertion',
    title: 'noheap assertion failed',
    summary:
      "`//go-escape:noheap` above a function declaration asserts that the compiler reports no heap allocation (`moved to heap`, `escapes to heap`) anywhere in the function's body, including the bodies of calls inlined into it and its function literals. The diagnostic names the allocation and carries the compiler's explanation.",
    compilerPrints: ['moved to heap: u', '&T{...} escapes to heap'],
    avoid: 'Follow the explanation of each allocation; the rule it falls under says what to do about it.',
    notWorthIt: 'When an allocation in the function is intended, assert on the lines that matter with `//gcassert:noescape` instead.',
    articleSection: ASSERTIONS,
    links: [GCASSERT],
  },
  {
    id: RuleId.AssertDirective,
    kind: 'assertion',
    title: 'Unknown or misplaced directive',
    summary:
      'A `//gcassert:` comment names a directive other than `inline`, `bce` and `noescape`, a `//go-escape:` comment one other than `noheap`, or `//go-escape:noheap` is not on a function declaration. Like gcassert, go-escape treats these as errors, so that a typo cannot silently turn an assertion off.',
    compilerPrints: [],
    avoid: 'Fix the spelling, or move the directive onto the line or function it is meant for.',
    notWorthIt: 'Never: a directive that does nothing is worse than none.',
    articleSection: ASSERTIONS,
    links: [GCASSERT],
  },
];
