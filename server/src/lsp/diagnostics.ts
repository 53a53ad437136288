// Publishes each open document's diagnostics: compiler verdicts shifted through later edits,
// predictions for what changed since, and the package's status when analysis cannot run.
import * as path from 'node:path';
import { Connection, MessageType } from 'vscode-languageserver/node';
import { Finding } from '../core/findings';
import { LineIndex } from '../core/positions';
import { Utf16Range, findingRange } from '../core/ranges';
import { AnalysisController, PackageOutcome } from './analysis';
import { DocDiagnostics, Entry, FunctionLookup } from './docDiagnostics';
import { DocumentStore, OpenDocument } from './documents';
import { NO_PREDICTIONS, PredictionSource } from './predictions';
import { Settings } from './settings';
import { StatusReporter } from './status';
import { ProtoContext, diagnosticBodyBytes } from './toProto';
import { encodePublish } from './wire/messageEncoder';
import { promoteWhenIdle } from '../runtime/idleCollection';
import { compilerPosition } from './fileText';
import { ReasonContext, buildReasonContext } from '../core/explain/reason';
import { URI } from './uri';
import { TopLevelDecl, functionAt, functionsOverlapping, topLevelDecls } from '../core/treesitter/topLevel';
import { TextChange } from '../core/editShift';
import type { DocumentTree } from '../core/treesitter/documentTree';
import { explainFindings } from '../core/explain/classify';
import { buildContext, exclusionReason } from '../core/compiler/buildConstraints';
import { goCommandEnv } from '../core/compiler/goEnv';
import { parseGoVersion } from '../core/compiler/goVersion';

/** What the last run of a package said, for hovers and status. */
export interface PackageStatus {
  state: 'ok' | 'paused' | 'go-missing' | 'error';
  summary: string;
  goVersion?: string;
  /** Versions of the documents the last successful run saw. */
  versions?: Map<string, number>;
  /** Every finding of the last successful run, and what the explanations need to know of them. */
  findings?: Finding[];
  reasons?: ReasonContext;
  /** True once explanations (`-m=2`) arrived for the last successful run. */
  explained?: boolean;
}

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

export class DiagnosticsPublisher {
  private readonly states = new Map<string, DocDiagnostics>();
  private readonly packages = new Map<string, PackageStatus>();
  private predictor: PredictionSource = NO_PREDICTIONS;
  private goVersion?: string;

  constructor(
    private readonly connection: Connection,
    private readonly docs: DocumentStore,
    private readonly analysis: AnalysisController,
    private readonly status: StatusReporter,
    private readonly settings: () => Settings,
    private readonly settingsFor: (file: string) => Promise<Settings>,
    private readonly trusted: () => boolean,
    private readonly log: (msg: string) => void,
    private readonly clientCaps: { relatedInformation: boolean; codeDescription: boolean },
  ) {}

  usePredictor(p: PredictionSource): void {
    this.predictor = p;
  }

  packageStatusOf(doc: OpenDocument): PackageStatus | undefined {
    const t = this.analysis.targetOf(doc);
    return t ? this.packages.get(t.key) : undefined;
  }

  /** Why the build leaves the document's file out, when it does. */
  excludedReason(uri: string): string | undefined {
    return this.states.get(uri)?.excluded;
  }

  /** Current entries of a document (for hovers and code actions). */
  entries(uri: string): Entry[] {
    const st = this.states.get(uri);
    const d = this.docs.get(uri);
    if (!st || !d) return [];
    return st.merged(this.settings().predictions, this.functionLookup(d));
  }

  /** True when the position lies in a function edited since the last compiler result. */
  isEditedAt(uri: string, pos: { line: number; character: number }): boolean {
    const st = this.states.get(uri);
    const d = this.docs.get(uri);
    if (!st || !d) return true;
    const r = { start: pos, end: pos };
    return st.isEdited(this.functionLookup(d).functionOf(r) ?? r);
  }

  get lastGoVersion(): string | undefined {
    return this.goVersion;
  }

  onOpen(d: OpenDocument): void {
    this.states.set(d.uri, new DocDiagnostics());
    this.predictAndPublish(d.uri);
  }

  onClose(uri: string): void {
    this.states.delete(uri);
    this.predictor.forget?.(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  onChange(d: OpenDocument, changes: TextChange[]): void {
    const st = this.states.get(d.uri);
    if (!st) return;
    for (const c of changes) st.applyChange(c);
    this.predictAndPublish(d.uri);
  }

  onRunStart(_key: string): void {
    this.status.status({ state: 'analysing', message: 'Running the Go compiler’s escape analysis…', goVersion: this.goVersion });
  }

  onOutcome(o: PackageOutcome): void {
    const r = o.result;
    if (r.goVersion) this.goVersion = r.goVersion;
    switch (r.status) {
      case 'ok': {
        const { findings, reasons } = explainedOnce(r, o.explained);
        this.packages.set(o.key, {
          state: 'ok', summary: r.summary, goVersion: r.goVersion, versions: o.versions,
          findings, reasons, explained: o.explained,
        });
        const t = [...o.versions.keys()].map((u) => this.docs.get(u)).find((d) => d?.file);
        // Learning reads the package's files again; the verdicts are published first.
        if (t?.file && o.explained === false) {
          const dir = path.dirname(t.file);
          setTimeout(() => this.predictor.learn?.(dir, r.stderr, r.goVersion), 0);
        }
        const ctx = buildContext(goCommandEnv(this.settings()), this.settings().buildFlags, parseGoVersion(r.goVersion)?.[1]);
        for (const uri of o.versions.keys()) {
          const d = this.docs.get(uri);
          const excluded = d?.file ? exclusionReason(d.file, d.doc.getText(), ctx) : undefined;
          const st = this.states.get(uri);
          if (st) st.excluded = excluded;
          // The build leaves this file out: the compiler said nothing about it, so keep predicting.
          if (excluded) {
            this.log(`${d!.file} is not compiled: ${excluded}`);
            this.publish(uri);
          } else {
            this.applyCompiler(uri, findings);
          }
        }
        this.status.resolved('go-missing');
        this.status.resolved('go-failed');
        this.status.resolved('crashed');
        this.status.resolved('timeout');
        this.status.resolved(`paused:${o.key}`);
        this.status.status({ state: 'ok', message: `Escape analysis up to date (${r.goVersion ?? 'go'})`, goVersion: r.goVersion });
        // A result from the cache brings back objects that already live in the old generation.
        if (!o.fromCache) promoteWhenIdle();
        break;
      }
      case 'build-failed':
        this.packages.set(o.key, { ...this.packages.get(o.key), state: 'paused', summary: r.summary, goVersion: r.goVersion });
        this.status.status({ state: 'paused', message: `Analysis paused: ${r.summary}`, goVersion: r.goVersion });
        this.log(r.stderr.trim());
        // A failure without a position in a file is no typo in progress but a toolchain or module
        // problem (no go.mod, a broken go binary): tell the user once, as for a missing go.
        if (!r.errors.some((e) => e.file)) this.status.showOnce('go-failed', MessageType.Warning, `go-escape: ${r.summary}`);
        for (const uri of o.versions.keys()) this.publish(uri);
        break;
      case 'go-missing':
        this.packages.set(o.key, { state: 'go-missing', summary: r.summary });
        this.status.status({ state: 'go-missing', message: r.summary });
        this.status.showOnce('go-missing', MessageType.Warning, `go-escape: ${r.summary} Showing predictions only.`);
        break;
      case 'timeout':
      case 'crashed':
        this.packages.set(o.key, { ...this.packages.get(o.key), state: 'error', summary: r.summary, goVersion: r.goVersion });
        this.status.status({ state: 'error', message: r.summary, goVersion: r.goVersion });
        this.status.showOnce(r.status, MessageType.Error, `go-escape: ${r.summary}`);
        this.log(r.stderr.trim());
        break;
      default:
        break;
    }
  }

  /** Recomputes predictions for the document and publishes. Never throws. */
  predictAndPublish(uri: string): void {
    const st = this.states.get(uri);
    const d = this.docs.get(uri);
    if (!st || !d) return;
    // What to predict follows the regions edited since the compiler's result (st.edited), not
    // the tree's own record of edits since it was last asked; that is emptied here, or it would
    // gain an entry for every place ever edited and be moved through every keystroke.
    d.tree?.takeChangedRanges();
    if (this.settings().predictions && d.tree && !d.skipReason) {
      try {
        const index = d.tree.lineIndex;
        const tree = d.tree.tree ?? undefined;
        // Once the compiler has judged this text, predictions only fill the functions edited
        // since; predicting (and placing) the others would be work nobody sees.
        const only = st.hasCompilerResult && !st.allEdited
          ? st.edited.map((r) => ({ start: index.offsetAt(r.start), end: index.offsetAt(r.end) }))
          : undefined;
        st.predictions = only && only.length === 0
          ? []
          : this.predictor.predict(d, this.goVersion, only).map((f) => ({ finding: f, range: findingRange(f, index, tree) }));
      } catch (e) {
        this.log(`prediction failed for ${uri}: ${(e as Error).stack ?? e}`);
        st.predictions = [];
      }
    } else {
      st.predictions = [];
    }
    this.publish(uri);
  }

  publish(uri: string): void {
    const d = this.docs.get(uri);
    const st = this.states.get(uri);
    if (!d || !st) return;
    const settings = this.settings();
    const shown = shownEntries(this.entries(uri), settings.include);
    const t = this.analysis.targetOf(d);
    const pkg = t ? this.packages.get(t.key) : undefined;
    const detailed = (st.detailed = detailedDiagnostics(st.detailed, shown.length));
    const ctx: ProtoContext = {
      settings,
      uriOf: (f) => this.uriOfFile(f),
      positionOf: (f, l, c) => compilerPosition(this.docs, f, l, c),
      goVersion: pkg?.goVersion ?? this.goVersion,
      reasons: pkg?.reasons,
      relatedInformation: this.clientCaps.relatedInformation && settings.relatedInformation && detailed,
      codeDescription: this.clientCaps.codeDescription && detailed,
    };
    void this.connection.sendDiagnostics(encodePublish(uri, d.doc.version, shown.length, (i) => shown[i].range, (i) => diagnosticBodyBytes(shown[i].finding, ctx)));
  }

  private uriOfFile(file: string): string {
    for (const d of this.docs.all()) if (d.file === file) return d.uri;
    return URI.fromFile(file);
  }

  private applyCompiler(uri: string, findings: Finding[]): void {
    const d = this.docs.get(uri);
    const st = this.states.get(uri);
    if (!d || !st || !d.file) return;
    const mine = findings.filter((f) => f.file === d.file);
    const tree = d.tree?.tree ?? undefined;
    const text = d.doc.getText();
    const index = d.tree?.lineIndex ?? new LineIndex(text);
    // Placing a finding walks the tree around it. The same text gets the same verdicts again
    // after an undo and with the explanation run, so the ranges of the last text are kept.
    const known = st.ranges?.text === text ? st.ranges.byFinding : new Map<string, Utf16Range>();
    st.setCompiler(mine.map((f) => {
      const key = `${f.line}:${f.column}:${f.message}`;
      let range = known.get(key);
      if (!range) known.set(key, (range = findingRange(f, index, tree)));
      return { finding: f, range };
    }));
    st.ranges = { text, byFinding: known };
    this.publish(uri);
  }

  private functionLookup(d: OpenDocument): FunctionLookup {
    return d.tree ? functionLookupOf(d.tree) : NO_FUNCTIONS;
  }
}

/**
 * The entries a publish carries: those of the categories the settings include, at most
 * MAX_PER_FILE. Usually that is all of them, and then the merged list itself is sent.
 */
export function shownEntries(all: Entry[], include: ReadonlySet<string>): Entry[] {
  let i = 0;
  while (i < all.length && i < MAX_PER_FILE && include.has(all[i].finding.category)) i++;
  if (i === all.length) return all;
  // Sized once and cut to length, as in DocDiagnostics.merged.
  const shown = new Array<Entry>(Math.min(all.length, MAX_PER_FILE));
  let n = 0;
  for (let j = 0; j < all.length && n < MAX_PER_FILE; j++) if (include.has(all[j].finding.category)) shown[n++] = all[j];
  shown.length = n;
  return shown;
}

/**
 * The findings of a successful result and what their explanations need, made once per result:
 * undo back to analysed content answers from the cache with the same result objects, and
 * explaining a large file's findings again took longer than the keystroke it delayed.
 */
const explainedResults = new WeakMap<Finding[], { findings: Finding[]; reasons: ReasonContext }>();

function explainedOnce(r: { findings: Finding[]; goVersion?: string }, explained: boolean): { findings: Finding[]; reasons: ReasonContext } {
  let hit = explainedResults.get(r.findings);
  if (!hit) {
    // Explaining sets each finding's rule, so it works on copies: the cached result stays as the compiler said it.
    const findings = explained ? r.findings.map((f) => ({ ...f })) : r.findings;
    const reasons = buildReasonContext(findings);
    if (explained) explainFindings(findings, r.goVersion, reasons);
    explainedResults.set(r.findings, (hit = { findings, reasons }));
  }
  return hit;
}

/** Finds the function and method declarations of a document's current tree by range. */
export function functionLookupOf(t: DocumentTree): FunctionLookup {
  const tree = t.tree;
  if (!tree) return NO_FUNCTIONS;
  const index = t.lineIndex;
  const decls = topLevelDecls(tree);
  const rangeOf = (fn: TopLevelDecl) => ({ start: index.positionAt(fn.start), end: index.positionAt(fn.end) });
  return {
    functionOf: (r) => {
      const fn = functionAt(decls, index.offsetAt(r.start));
      return fn && rangeOf(fn);
    },
    overlapping: (r) => functionsOverlapping(decls, index.offsetAt(r.start), index.offsetAt(r.end)).map(rangeOf),
  };
}

const NO_FUNCTIONS: FunctionLookup = { functionOf: () => undefined, overlapping: () => [] };
