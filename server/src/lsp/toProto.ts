// The one place findings become LSP diagnostics: severity, code, links, related information.
import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity } from 'vscode-languageserver';
import { Finding } from '../core/findings';
import { Settings, SeverityName, severityIn } from '../session/settings';
import { bodyBytes } from './wire/messageEncoder';
import { relatedInformation } from '../core/explain/chain';
import type { ReasonContext } from '../core/explain/reason';
import type { Utf16Position } from '../core/positions';
import type { ProfileSet } from '../core/profile/profileSet';
import { type Measurement, measuredAt } from '../core/profile/measured';
import { coversFile, weightOf } from '../core/profile/weights';
import { measuredLabel, shareLabel } from '../core/profile/describe';

export const SOURCE = 'go-escape';

const SEVERITY: Record<SeverityName, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * What a diagnostic carries for clients and code actions. It is kept small because every
 * keystroke republishes all diagnostics of the file: the rule is the diagnostic's code, and code
 * actions find the finding again by the diagnostic's position and message.
 */
export interface DiagnosticData {
  origin: Finding['origin'];
  category: Finding['category'];
}

/** The compiler's message of a diagnostic, without what a weight or a prediction adds to it. */
export function compilerMessage(message: string): string {
  const at = message.indexOf(NOTE);
  const plain = at >= 0 ? message.slice(0, at) : message;
  return plain.endsWith(PREDICTED) ? plain.slice(0, -PREDICTED.length) : plain;
}

/** Between the compiler's message and what a profile or a benchmark says of its line. */
const NOTE = ' — ';

/**
 * A heap finding's severity and note under the profiles and a measurement: hot (a share at or
 * above the threshold) is a warning with its share, cold (a profiled file, no samples at the
 * line) a hint; a measured line says what the benchmark allocated there.
 */
export function weighed(f: Finding, ctx: ProtoContext): { severity: SeverityName; note?: string; hidden?: boolean } {
  const severity = severityIn(ctx.settings, f.category, ctx.testFile);
  if (f.origin !== 'compiler' || (f.category !== 'moved' && f.category !== 'escapes')) return { severity };
  const notes: string[] = [];
  const m = ctx.measurement && measuredAt(ctx.measurement, f.file, f.line);
  if (m) notes.push(`${measuredLabel(m)} measured`);
  if (!ctx.profile) return { severity, note: notes.join('; ') || undefined };
  const w = weightOf(ctx.profile, f);
  if (w && w.share >= ctx.settings.hotThreshold && w.share > 0) return { severity: 'warning', note: [shareLabel(w), ...notes].join('; ') };
  if (!w && coversFile(ctx.profile, f.file)) return { severity: 'hint', hidden: ctx.settings.coldFindings === 'hide', note: notes.join('; ') || undefined };
  return { severity, note: notes.join('; ') || undefined };
}

const PREDICTED = ' (predicted)';

export interface ProtoContext {
  settings: Settings;
  uriOf: (file: string) => string;
  /** Converts a compiler position in any file to a UTF-16 position. */
  positionOf: (file: string, line: number, column: number) => Utf16Position;
  goVersion?: string;
  reasons?: ReasonContext;
  /** Whether to send related information: the client shows it and the settings ask for it. */
  relatedInformation: boolean;
  codeDescription: boolean;
  /** The link to a rule's section of the catalogue. */
  ruleHref: (rule: string) => string;
  /** The document is a `_test.go` file, whose findings have severities of their own. */
  testFile: boolean;
  /** The profiles that weigh findings: hot ones become warnings that say their share, cold ones hints. */
  profile?: ProfileSet;
  /** What a benchmark measured per line of the package, appended to the findings it reached. */
  measurement?: Measurement;
}

type DiagnosticBody = Omit<Diagnostic, 'range'>;

const keyOf = (ctx: ProtoContext) => [ctx.settings, ctx.goVersion, ctx.reasons, ctx.relatedInformation, ctx.codeDescription, ctx.testFile, ctx.profile, ctx.measurement];
const sameKey = (k: unknown[], ctx: ProtoContext) =>
  k[0] === ctx.settings && k[1] === ctx.goVersion && k[2] === ctx.reasons && k[3] === ctx.relatedInformation && k[4] === ctx.codeDescription && k[5] === ctx.testFile && k[6] === ctx.profile && k[7] === ctx.measurement;

/**
 * Everything of a diagnostic but its range, per finding, with its JSON bytes: findings are
 * immutable once published and only their ranges move with edits, so each keystroke reuses these
 * instead of rebuilding messages and explanation chains for every diagnostic of the file.
 */
export class DiagnosticBodies {
  private readonly bodies = new WeakMap<Finding, { key: unknown[]; bytes: Buffer }>();
  /**
   * Without related information a body says no more than the finding's origin, category, rule
   * and message, so findings that agree on those share one: a large file has a few dozen
   * distinct messages over hundreds of findings, and each compiler result brings new findings.
   */
  private shared = { settings: undefined as Settings | undefined, codeDescription: false, byContent: new Map<string, Buffer>() };
  private sharedTests = { settings: undefined as Settings | undefined, codeDescription: false, byContent: new Map<string, Buffer>() };

  /**
   * The JSON bytes of a finding's diagnostic without its range, for encodePublish. Every
   * keystroke asks for every finding of the file, so a known finding costs one lookup and
   * allocates nothing.
   */
  bytes(f: Finding, ctx: ProtoContext): Buffer {
    let hit = this.bodies.get(f);
    // Weighed bodies differ per finding, as do those with related information.
    const own = ctx.relatedInformation || ctx.profile || ctx.measurement;
    if (!hit || !sameKey(hit.key, ctx)) this.bodies.set(f, (hit = { key: keyOf(ctx), bytes: own ? bodyBytes(buildBody(f, ctx)) : this.sharedBody(f, ctx) }));
    return hit.bytes;
  }

  private sharedBody(f: Finding, ctx: ProtoContext): Buffer {
    let shared = ctx.testFile ? this.sharedTests : this.shared;
    // Typing keeps making new messages (new names); the map starts again before it grows large.
    if (shared.settings !== ctx.settings || shared.codeDescription !== ctx.codeDescription || shared.byContent.size > 5000) {
      shared = { settings: ctx.settings, codeDescription: ctx.codeDescription, byContent: new Map() };
      if (ctx.testFile) this.sharedTests = shared;
      else this.shared = shared;
    }
    const content = `${f.origin}\0${f.category}\0${f.rule}\0${f.message}`;
    let bytes = shared.byContent.get(content);
    if (!bytes) shared.byContent.set(content, (bytes = bodyBytes(buildBody(f, ctx))));
    return bytes;
  }
}

function buildBody(f: Finding, ctx: ProtoContext): DiagnosticBody {
  const predicted = f.origin === 'prediction';
  const { severity, note } = weighed(f, ctx);
  const d: DiagnosticBody = {
    severity: SEVERITY[severity],
    message: (predicted ? f.message + PREDICTED : f.message) + (note ? `${NOTE}${note}` : ''),
    source: SOURCE,
    code: f.rule,
    ...(ctx.codeDescription ? { codeDescription: { href: ctx.ruleHref(f.rule) } } : {}),
    data: { origin: f.origin, category: f.category } satisfies DiagnosticData,
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
