// Reports as SARIF 2.1.0 the way GitHub code scanning reads it: one run, rules from the rule
// catalogue (with help text and a link to RULES.md), file locations relative to the repository
// root under %SRCROOT%, UTF-16 regions (`columnKind: utf16CodeUnits`), partialFingerprints from the
// baseline key (so alerts survive line shifts) and the escape chain as a code flow.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { directiveName } from '../assert/report';
import { ruleEntry, ruleHref } from '../catalogue/catalogue';
import { RuleId } from '../catalogue/ids';
import { chainSentence, explainChain, plain } from '../explain/chain';
import type { Finding } from '../findings';
import type { GateReport } from '../gate/checker';
import { LineIndex } from '../positions';
import type { Utf16Range } from '../ranges';

export const TOOL_URI = 'https://github.com/go-escape/go-escape';
const RULES_URL = `${TOOL_URI}/blob/main/RULES.md`;
/** The partialFingerprints key; bump the version when the key's ingredients change. */
export const FINGERPRINT_KEY = 'goEscapeFinding/v1';

export interface SarifOptions {
  /** Directory locations are relative to (the repository's root, else the working directory). */
  root: string;
  toolVersion: string;
  goVersion?: string;
  /** The text of a file as analysed, for UTF-16 columns; undefined when it cannot be read. */
  text(file: string): string | undefined;
  /** The range to mark for a report, when known (the expression, the identifier). */
  rangeOf?(report: GateReport): Utf16Range | undefined;
}

export function toSarif(reports: readonly GateReport[], opts: SarifOptions): Sarif.Log {
  const rules: Sarif.ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const indexOf = (r: GateReport): number => {
    const id = ruleIdOf(r);
    let i = ruleIndex.get(id);
    if (i === undefined) {
      i = rules.length;
      ruleIndex.set(id, i);
      rules.push(descriptor(id, r));
    }
    return i;
  };
  const indexes = new Map<string, LineIndex | null>();
  const lineIndex = (file: string): LineIndex | undefined => {
    let ix = indexes.get(file);
    if (ix === undefined) {
      const t = opts.text(file);
      indexes.set(file, (ix = t === undefined ? null : new LineIndex(t)));
    }
    return ix ?? undefined;
  };
  const location = (file: string, line: number, column: number, range?: Utf16Range, message?: string): Sarif.Location => ({
    physicalLocation: { artifactLocation: artifact(file, opts.root), region: region(lineIndex(file), line, column, range) },
    ...(message ? { message: { text: message } } : {}),
  });

  const results: Sarif.Result[] = reports
    .filter((r) => r.kind !== 'fixed')
    .map((r) => {
      const result: Sarif.Result = {
        ruleId: ruleIdOf(r),
        ruleIndex: indexOf(r),
        level: levelOf(r),
        message: { text: messageOf(r) },
        locations: [location(r.file, r.line, r.column, opts.rangeOf?.(r))],
      };
      if (r.fingerprint) result.partialFingerprints = { [FINGERPRINT_KEY]: r.fingerprint };
      // An assertion's directive, where the failure is elsewhere (the value below it, a call site).
      const at = r.directiveAt;
      if (at && (at.file !== r.file || at.line !== r.line || at.column !== r.column)) {
        const start = lineIndex(at.file)?.fromCompiler(at.line, at.column);
        const end = lineIndex(at.file)?.fromCompiler(at.line, at.endColumn);
        const range = start && end ? { start, end } : undefined;
        result.relatedLocations = [{ id: 1, ...location(at.file, at.line, at.column, range, `the ${directiveName(r)}`) }];
      }
      const flow = codeFlow(r, opts.goVersion, (s) => location(s.file, s.line, s.column, undefined, s.text));
      if (flow) result.codeFlows = [flow];
      const props: Record<string, unknown> = { kind: r.kind };
      if (r.category) props.category = r.category;
      if (r.function) props.function = r.function;
      if (r.directive) props.directive = r.directive;
      result.properties = props;
      return result;
    });

  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'go-escape', informationUri: TOOL_URI, version: opts.toolVersion, semanticVersion: opts.toolVersion, rules } },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(opts.root + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results,
        ...(opts.goVersion ? { properties: { goVersion: opts.goVersion } } : {}),
      },
    ],
  };
}

function ruleIdOf(r: GateReport): string {
  if (r.kind === 'assertion') return r.rule ?? RuleId.AssertDirective;
  return r.rule ?? RuleId.Unexplained;
}

function levelOf(r: GateReport): Sarif.Result.level {
  if (r.kind === 'assertion') return 'error';
  if (r.kind === 'new') return 'warning';
  return r.category === 'moved' ? 'warning' : 'note';
}

function messageOf(r: GateReport): string {
  const where = r.function ? ` in ${r.function}` : '';
  const head = r.kind === 'new' ? `New heap allocation${where}: ${r.message}` : r.kind === 'assertion' ? assertionMessage(r) : `${r.message}${where ? ` (${where.trim()})` : ''}`;
  return r.detail ? `${head}. ${r.detail}` : head;
}

function assertionMessage(r: GateReport): string {
  return r.directive && r.directive !== 'unknown' ? `${directiveName(r)} failed: ${r.message}` : r.message;
}

function descriptor(id: string, r: GateReport): Sarif.ReportingDescriptor {
  const entry = ruleEntry(id);
  if (!entry) {
    // Assertions and rules the catalogue does not know get a descriptor from the report itself.
    const title = r.kind === 'assertion' ? `Assertion //${r.directive ?? 'unknown'} failed` : id;
    return { id, name: pascal(id), shortDescription: { text: title }, fullDescription: { text: title }, defaultConfiguration: { level: levelOf(r) } };
  }
  const markdown = [`**${entry.title}**`, entry.summary, `**How to avoid it**: ${entry.avoid}`, `**When it is not worth it**: ${entry.notWorthIt}`, ...(entry.versionNote ? [`**Go versions**: ${entry.versionNote}`] : [])].join('\n\n');
  return {
    id,
    name: pascal(id),
    shortDescription: { text: entry.title },
    fullDescription: { text: plain(entry.summary) },
    help: { text: plain(markdown.replace(/\*\*/g, '')), markdown },
    helpUri: ruleHref(id, RULES_URL),
    defaultConfiguration: { level: entry.kind === 'assertion' ? 'error' : entry.kind === 'cause' ? 'warning' : 'note' },
    properties: { tags: ['performance', 'go', entry.kind === 'assertion' ? 'assertion' : entry.kind === 'decision' ? 'compiler-decision' : 'escape-analysis'] },
  };
}

function pascal(id: string): string {
  return id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/** A path relative to the root where it is inside it (GitHub's form), else an absolute file URI. */
function artifact(file: string, root: string): Sarif.ArtifactLocation {
  const rel = path.relative(root, file);
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
  return { uri: pathToFileURL(file).href };
}

/** SARIF regions are 1-based; the compiler's byte column becomes a UTF-16 one. */
function region(index: LineIndex | undefined, line: number, column: number, range?: Utf16Range): Sarif.Region {
  if (!index) return { startLine: line };
  if (range) return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
  const start = index.fromCompiler(line, column);
  return { startLine: start.line + 1, startColumn: start.character + 1 };
}

/** The compiler's explanation as one thread of located steps, in plain words. */
function codeFlow(r: GateReport, goVersion: string | undefined, located: (s: { file: string; line: number; column: number; text: string }) => Sarif.Location): Sarif.CodeFlow | undefined {
  if (!r.flows?.length || !r.category) return undefined;
  const finding: Finding = { file: r.file, line: r.line, column: r.column, message: r.message, category: r.category, rule: r.rule ?? 'unexplained', origin: 'compiler', flows: r.flows, func: r.function };
  const chain = explainChain(finding, goVersion);
  const steps = chain.steps.filter((s) => s.file && s.line);
  if (steps.length === 0) return undefined;
  return {
    message: { text: plain(chainSentence(chain)) },
    threadFlows: [{ locations: steps.map((s, i) => ({ location: located({ file: s.file!, line: s.line!, column: s.column ?? 1, text: plain(s.text) + (i === steps.length - 1 ? `, ${plain(chain.conclusion)}` : '') }) })) }],
  };
}
