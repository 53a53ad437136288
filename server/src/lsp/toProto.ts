// The one place findings become LSP diagnostics: severity, code, links, related information.
import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity } from 'vscode-languageserver';
import { Finding } from '../core/findings';
import { Utf16Range } from '../core/ranges';
import { Settings, SeverityName } from './settings';
import { URI } from './uri';
import { ruleHref } from './ruleLinks';
import { relatedInformation } from '../core/explain/chain';
import type { ReasonContext } from '../core/explain/reason';
import type { Utf16Position } from '../core/positions';

export const SOURCE = 'go-escape';

const SEVERITY: Record<SeverityName, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface DiagnosticData {
  origin: Finding['origin'];
  category: Finding['category'];
  rule: string;
  /** The compiler's 1-based line and byte column, for code actions and hovers. */
  line: number;
  column: number;
  message: string;
}

export interface ProtoContext {
  settings: Settings;
  uriOf: (file: string) => string;
  /** Converts a compiler position in any file to a UTF-16 position. */
  positionOf: (file: string, line: number, column: number) => Utf16Position;
  goVersion?: string;
  reasons?: ReasonContext;
  /** What the client can show; what it cannot is not sent (large files publish often). */
  relatedInformation: boolean;
  codeDescription: boolean;
}

/**
 * Everything of a diagnostic but its range, per finding: findings are immutable once published
 * and only their ranges move with edits, so each keystroke reuses these instead of rebuilding
 * messages and explanation chains for every diagnostic of the file.
 */
const bodies = new WeakMap<Finding, { key: unknown[]; body: Omit<Diagnostic, 'range'> }>();

export function toDiagnostic(f: Finding, range: Utf16Range, ctx: ProtoContext): Diagnostic {
  const key = [ctx.settings, ctx.goVersion, ctx.reasons, ctx.relatedInformation, ctx.codeDescription];
  const hit = bodies.get(f);
  if (hit && hit.key.every((k, i) => k === key[i])) return { range, ...hit.body };
  const { range: _r, ...body } = buildDiagnostic(f, range, ctx);
  bodies.set(f, { key, body });
  return { range, ...body };
}

function buildDiagnostic(f: Finding, range: Utf16Range, ctx: ProtoContext): Diagnostic {
  const settings = ctx.settings;
  const predicted = f.origin === 'prediction';
  const d: Diagnostic = {
    range,
    severity: SEVERITY[settings.severity[f.category]],
    message: predicted ? `${f.message} (predicted)` : f.message,
    source: SOURCE,
    code: f.rule,
    ...(ctx.codeDescription ? { codeDescription: { href: ruleHref(f.rule) } } : {}),
    data: { origin: f.origin, category: f.category, rule: f.rule, line: f.line, column: f.column, message: f.message } satisfies DiagnosticData,
  };
  const related: DiagnosticRelatedInformation[] = [];
  if (ctx.relatedInformation && f.origin === 'compiler' && f.flows && f.flows.length > 0) {
    for (const step of relatedInformation(f, ctx.goVersion, ctx.reasons)) {
      const pos = ctx.positionOf(step.file, step.line, step.column);
      related.push({ location: { uri: ctx.uriOf(step.file), range: { start: pos, end: pos } }, message: step.message });
    }
  }
  if (related.length > 0) d.relatedInformation = related;
  return d;
}

export function defaultUriOf(file: string): string {
  return URI.fromFile(file);
}
