// The assertion API for the language server and the CLI. All of it is pure; see check.ts for
// what each directive means. The CLI checks them through the gate (gateChecker.ts); the editor
// scans a package's files (scanDirectives), adds `assertionCompilerFlags` and `decisions: true`
// to its explained run (analyzePackage), and checks that run's findings and assembly.
import type { LineIndex } from '../positions';
import type { Utf16Range } from '../ranges';
import type { AssertionFailure } from './types';

export { scanDirectives } from './directives';
export { assertionCompilerFlags, checkAssertions, hasDirectives, type CheckInput, type SourceFile } from './check';
export { mergeAssembly, splitAssembly } from '../compiler/assembly';
export { directiveName, explanationLines, failureMarkdown, messageAtDirective } from './report';
export { ASSERTION_RULES, assertionChecker, toReport } from './gateChecker';
export type * from './types';

/** The editor range of the directive's word (`noescape` in `//gcassert:noescape`); `index` is the directive's file's. */
export function directiveRange(f: AssertionFailure, index: LineIndex): Utf16Range {
  return { start: index.fromCompiler(f.at.line, f.at.column), end: index.fromCompiler(f.at.line, f.at.endColumn) };
}
