// Publishes a document's diagnostics whenever the session says it changed: the entries of the
// categories the settings include, at most MAX_PER_FILE, written straight into one message.
import type { Connection } from 'vscode-languageserver/node';
import type { Entry } from '../session/docEntries';
import type { Session } from '../session/session';
import type { RuleLinks } from './ruleLinks';
import * as path from 'node:path';
import { ASSERTION_RULES, AssertionFailure, messageAtDirective } from '../core/assert';
import type { Utf16Range } from '../core/ranges';
import { DiagnosticBodies, ProtoContext, SOURCE, weighed } from './toProto';
import { bodyBytes, encodePublish } from './wire/messageEncoder';

/** VS Code shows at most this many diagnostics per file; more is noise anyway. */
export const MAX_PER_FILE = 1000;
/**
 * Above this many diagnostics in a file, they go out without related information and rule links
 * (the hover still shows both): every keystroke republishes the whole file, and these extras
 * make it about three times larger, in the server, in transit and in the client.
 */
export const MAX_DETAILED_PER_FILE = 200;

/**
 * Whether a file's diagnostics carry those extras, given whether its last publish did. A file that
 * lost them gets them back only below 90% of the limit: near it, typing would otherwise switch
 * on every keystroke, and each switch rebuilds every diagnostic of the file.
 */
export function detailedDiagnostics(wasDetailed: boolean, count: number): boolean {
  return count <= (wasDetailed ? MAX_DETAILED_PER_FILE : Math.floor(MAX_DETAILED_PER_FILE * 0.9));
}

/** Which kinds of finding a full file keeps first: heap moves, then allocations, then the rest. */
const IMPORTANCE: Record<string, number> = { moved: 0, escapes: 1 };
const importance = (e: Entry) => IMPORTANCE[e.finding.category] ?? 2;

export interface Shown {
  entries: Entry[];
  /** How many entries of the included categories were left out to stay within the cap. */
  left: number;
}

/**
 * The entries a publish carries: those of the categories the settings include. Usually that is
 * all of them, and then the merged list itself is sent. Past `cap`, the most important are
 * kept (moved before escapes before the rest, each kind in file order), so that a test file of
 * thousands of boxed constants does not hide the variables that move to the heap.
 */
export function shownEntries(all: Entry[], include: ReadonlySet<string>, cap = MAX_PER_FILE): Shown {
  let i = 0;
  while (i < all.length && include.has(all[i].finding.category)) i++;
  if (i === all.length && all.length <= cap) return { entries: all, left: 0 };
  // One pass, no sort: a generated file has a hundred thousand findings and is published again
  // on every keystroke. Each kind keeps its first `cap` entries in file order.
  const inOrder: Entry[] = [];
  const byKind: Entry[][] = [[], [], []];
  let n = 0;
  for (const e of all) {
    if (!include.has(e.finding.category)) continue;
    if (++n <= cap) inOrder.push(e);
    const kind = byKind[importance(e)];
    if (kind.length < cap) kind.push(e);
  }
  if (n <= cap) return { entries: inOrder, left: 0 };
  const shown: Entry[] = [];
  for (const kind of byKind) for (const e of kind) if (shown.length < cap) shown.push(e);
  return { entries: shown, left: n - cap };
}

export interface PublishCapabilities {
  relatedInformation: boolean;
  codeDescription: boolean;
}

export class Publisher {
  private readonly bodies = new DiagnosticBodies();
  /** Documents whose last publish went out without related information and rule links. */
  private readonly plain = new Set<string>();

  constructor(private readonly connection: Connection, private readonly session: Session, private readonly caps: PublishCapabilities, private readonly rules: RuleLinks) {}

  publish(uri: string): void {
    const v = this.session.view(uri);
    if (!v) return;
    const settings = v.settings;
    const testFile = v.doc.file?.endsWith('_test.go') ?? false;
    if (testFile && !settings.testFiles) {
      this.clear(uri);
      return;
    }
    const ctx: ProtoContext = {
      settings,
      uriOf: (f) => this.session.docs.uriOfFile(f),
      positionOf: (f, l, c) => this.session.positions.position(f, l, c),
      goVersion: v.goVersion,
      reasons: v.pkg?.reasons,
      relatedInformation: false,
      codeDescription: false,
      testFile,
      ruleHref: (r) => this.rules.href(r),
      profile: v.profile,
      measurement: v.measurement,
    };
    let all = v.entries();
    // Findings a profile says never ran, when the user asked not to see them.
    if (v.profile && settings.coldFindings === 'hide') all = all.filter((e) => !weighed(e.finding, ctx).hidden);
    // One place stays free for the entry that says what was left out.
    const { entries: shown, left } = shownEntries(all, settings.include, MAX_PER_FILE - 1);
    const detailed = detailedDiagnostics(!this.plain.has(uri), shown.length);
    if (detailed) this.plain.delete(uri);
    else this.plain.add(uri);
    ctx.relatedInformation = this.caps.relatedInformation && settings.relatedInformation && detailed;
    ctx.codeDescription = this.caps.codeDescription && detailed;
    // Entries that are not findings: what was left out, and failed assertions, which come first.
    const extra: { range: Utf16Range; body: Buffer }[] = v.doc.entries.failedAssertions.map((a) => ({ range: a.range, body: assertionBody(a.failure, ctx) }));
    if (left > 0) extra.unshift({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, body: leftOutBody(left, shown.length) });
    const k = extra.length;
    void this.connection.sendDiagnostics(encodePublish(uri, v.doc.doc.version, shown.length + k, (i) => (i < k ? extra[i].range : shown[i - k].range), (i) => (i < k ? extra[i].body : this.bodies.bytes(shown[i - k].finding, ctx))));
  }

  clear(uri: string): void {
    this.plain.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
}

/** An assertion that failed, as an error at its directive. */
function assertionBody(f: AssertionFailure, ctx: ProtoContext): Buffer {
  const rule = ASSERTION_RULES[f.directive];
  return bodyBytes({
    severity: 1,
    message: messageAtDirective(f, (file) => path.basename(file)),
    source: SOURCE,
    code: rule,
    ...(ctx.codeDescription ? { codeDescription: { href: ctx.ruleHref(rule) } } : {}),
    data: { origin: 'compiler', directive: f.directive },
  });
}

/** The code of the entry that says how many findings a full file leaves out. */
export const LEFT_OUT_CODE = 'not-shown';

/**
 * A count with thousands separators, as toLocaleString('en-US') writes it. Written out: the first
 * toLocaleString of a process loads ICU's number data, a pause of its own on the publish that
 * first leaves findings out.
 */
export function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The entry at the top of a file that has more findings than an editor shows. */
function leftOutBody(left: number, shown: number): Buffer {
  const message = `go-escape: ${grouped(left)} more findings are not shown: editors show at most ${grouped(MAX_PER_FILE)} per file, so the ${grouped(shown)} most important are (moved to heap first, then escapes to heap). `
    + 'Leave categories out with goEscape.include, or list every finding with `go-escape FILE`.';
  return bodyBytes({ severity: 3, message, source: SOURCE, code: LEFT_OUT_CODE });
}
