// Writes reports in the format asked for (text, JSON lines, SARIF) to stdout or --output FILE.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser, Tree } from 'web-tree-sitter';
import type { GateReport } from '../core/gate/checker';
import { isDecisionCategory, parseDecision } from '../core/compiler/decisions';
import type { Finding } from '../core/findings';
import { LineIndex } from '../core/positions';
import { findingRange, Utf16Range } from '../core/ranges';
import { jsonLine, textLine } from '../core/report/lines';
import { toSarif } from '../core/report/sarif';
import { findUp } from '../core/util/findUp';
import { choice, Flag } from './flags';
import { CliIo, displayPath, readOrUndefined, writeFileAtomic } from './io';

export type Format = 'text' | 'json' | 'sarif';

export interface OutputOptions {
  format: Format;
  output?: string;
}

export const OUTPUT_FLAGS: Flag<OutputOptions>[] = [
  choice('--format', 'text|json|sarif', ['text', 'json', 'sarif'], 'output format (default text)', (o, v) => void (o.format = v as Format)),
  { name: '--output', value: 'FILE', help: 'write the report to FILE instead of stdout', set: (o, v) => void (o.output = v) },
];

export interface EmitContext {
  io: CliIo;
  parser?: Parser;
  goVersion?: string;
  /** Extra JSON fields per report (the plain command's `origin`, `instances`). */
  extra?: (r: GateReport) => Record<string, unknown>;
}

/** The version in the package.json next to the bundle (dist/..) or the sources. */
export function toolVersion(): string {
  const p = findUp(__dirname, ['package.json']);
  try {
    return (JSON.parse(fs.readFileSync(p!, 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export function emitReports(reports: readonly GateReport[], opts: OutputOptions, ctx: EmitContext): void {
  const text = render(reports, opts.format, ctx);
  if (opts.output) writeFileAtomic(path.resolve(ctx.io.cwd, opts.output), text);
  else ctx.io.stdout.write(text);
}

function render(reports: readonly GateReport[], format: Format, ctx: EmitContext): string {
  if (format === 'text') return reports.map((r) => textLine(r, (f) => displayPath(f, ctx.io.cwd)) + '\n').join('');
  if (format === 'json') return reports.map((r) => jsonLine(r, ctx.extra?.(r)) + '\n').join('');
  const texts = new Map<string, string | undefined>();
  const text = (file: string) => {
    if (!texts.has(file)) texts.set(file, readOrUndefined(file));
    return texts.get(file);
  };
  const top = findUp(ctx.io.cwd, ['.git']);
  const trees = new Map<string, { tree: Tree; index: LineIndex } | null>();
  try {
    const log = toSarif(reports, { root: top ? path.dirname(top) : ctx.io.cwd, toolVersion: toolVersion(), goVersion: ctx.goVersion, text, rangeOf: ctx.parser ? rangeFinder(ctx.parser, text, trees) : undefined });
    return JSON.stringify(log, null, 2) + '\n';
  } finally {
    for (const t of trees.values()) t?.tree.delete();
  }
}

/** The expression or identifier a report points at, from its file's syntax tree (parsed once per file). */
function rangeFinder(parser: Parser, text: (file: string) => string | undefined, trees: Map<string, { tree: Tree; index: LineIndex } | null>): (r: GateReport) => Utf16Range | undefined {
  return (r) => {
    if (!r.category) return undefined;
    let parsed = trees.get(r.file);
    if (parsed === undefined) {
      const t = text(r.file);
      const tree = t === undefined ? null : parser.parse(t);
      trees.set(r.file, (parsed = tree && t !== undefined ? { tree, index: new LineIndex(t) } : null));
    }
    if (!parsed) return undefined;
    const f: Finding = { file: r.file, line: r.line, column: r.column, message: r.message, category: r.category, rule: r.rule ?? '', origin: 'compiler' };
    // Inlining, bounds and nil findings are underlined by what they decided about.
    const decided = isDecisionCategory(r.category) ? parseDecision(r.message) : undefined;
    if (decided) f.decision = decided.decision;
    return findingRange(f, parsed.index, parsed.tree);
  };
}
