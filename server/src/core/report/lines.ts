// Reports as lines: the compiler's own `file:line:col: message` for text, one JSON object per
// line for machines (the interface CI checks rely on: kind, absolute file, 1-based line, the
// compiler's 1-based byte column, message; category, rule and function for findings; directive
// for assertions, with where it is written and, gcassert's place for the failure when it differs,
// the first position of the annotated code).
import type { GateReport } from '../gate/checker';

export function textLine(r: GateReport, display: (file: string) => string): string {
  const where = `${display(r.file)}:${r.line}:${r.column}: `;
  switch (r.kind) {
    case 'finding':
      return `${where}${r.message}`;
    case 'new':
      return `${where}new: ${r.message}${r.function ? ` (in ${r.function})` : ''}${r.detail ? `: ${r.detail}` : ''}`;
    case 'fixed':
      return `${where}fixed: ${r.message}${r.function ? ` (in ${r.function}, at this line in the baseline)` : ' (at this line in the baseline)'}`;
    case 'assertion':
      return `${where}${r.directive && r.directive !== 'unknown' ? `${r.directive}: ` : ''}${r.message}${r.detail ? `: ${r.detail}` : ''}`;
  }
}

/** The JSON line of a report; `extra` adds command-specific fields (`origin`, `instances`). */
export function jsonLine(r: GateReport, extra: Record<string, unknown> = {}): string {
  const o: Record<string, unknown> = { kind: r.kind, file: r.file, line: r.line, column: r.column, message: r.message };
  if (r.directive !== undefined) o.directive = r.directive;
  if (r.directiveAt !== undefined) o.directiveAt = r.directiveAt;
  if (r.covered !== undefined) o.covered = r.covered;
  if (r.category !== undefined) o.category = r.category;
  if (r.rule !== undefined) o.rule = r.rule;
  if (r.function !== undefined) o.function = r.function;
  if (r.detail !== undefined) o.detail = r.detail;
  if (r.fingerprint !== undefined) o.fingerprint = r.fingerprint;
  return JSON.stringify({ ...o, ...extra });
}
