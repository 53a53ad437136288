// A failed assertion as the editor shows it: a message at the directive, and a hover with the
// compiler's reasons as it printed them. The CLI prints failures as the gate's reports
// (core/report/lines.ts, gateChecker.ts).
import type { AssertionFailure } from './types';

/** The failure's explanation: the reason a function cannot be inlined, or the `-m=2` escape flows. */
export function explanationLines(f: AssertionFailure, showPath: (file: string) => string = (p) => p): string[] {
  const out: string[] = [];
  if (f.reason) out.push(f.reason);
  for (const flow of f.flows ?? []) {
    out.push(`flow: ${flow.edge}:`);
    for (const s of flow.steps) out.push(`  from ${s.text}${s.file ? ` at ${showPath(s.file)}:${s.line}:${s.column}` : ''}`);
  }
  return out;
}

/** How the directive that failed is written: `//gcassert:noescape`, `//go-escape:noheap`. */
export function directiveName(f: { directive?: string }): string {
  if (!f.directive || f.directive === 'unknown') return 'directive';
  return f.directive === 'noheap' ? '//go-escape:noheap' : `//gcassert:${f.directive}`;
}

/**
 * The message of a diagnostic shown at the directive: the failure, and where it is when that is
 * not the directive's own line (the covered line below it, a call site, an allocation inside the
 * function).
 */
export function messageAtDirective(f: AssertionFailure, showPath: (file: string) => string = (p) => p): string {
  if (f.file === f.at.file && f.line === f.at.line) return f.message;
  const where = f.file === f.at.file ? `line ${f.line}` : `${showPath(f.file)}:${f.line}:${f.column}`;
  return `${f.message} (${where})`;
}

/** Hover text for a failure: what failed, where, and the compiler's reason as it printed it. */
export function failureMarkdown(f: AssertionFailure, showPath: (file: string) => string = (p) => p): string {
  const out = [`**${directiveName(f)} failed**: ${messageAtDirective(f, showPath).replace(/`/g, "'")}`];
  const lines = explanationLines(f, showPath);
  if (lines.length > 0) out.push("The compiler's reason:", '```text\n' + lines.join('\n') + '\n```');
  return out.join('\n\n');
}
