// What the session does with a finished compiler run: it records the package's state (for the
// status, hovers and code actions), places the verdicts in each open document of the package,
// leaves files the build excludes to the predictor, and teaches the predictor what the compiler
// said. Every decision about an outcome is made here, none in the protocol layer.
import * as path from 'node:path';
import { Finding } from '../core/findings';
import { LineIndex } from '../core/positions';
import { Utf16Range, findingRange } from '../core/ranges';
import { ReasonContext, addToReasonContext } from '../core/explain/reason';
import { explainFindings } from '../core/explain/classify';
import { buildContext, exclusionReason } from '../core/compiler/buildConstraints';
import { goCommandEnv } from '../core/compiler/goEnv';
import { parseGoVersion } from '../core/compiler/goVersion';
import { RuleId } from '../core/catalogue/ids';
import type { IdleCollection } from '../runtime/idleCollection';
import type { PackageOutcome } from './analysis';
import type { DocumentStore, OpenDocument } from './documents';
import type { SessionEvents } from './events';
import type { SettingsStore } from './settingsStore';
import { Entry, entryOwning } from './docEntries';
import type { PackageAnnotator } from '../core/explain/packageAnnotator';
import { AssertionFailure, directiveRange } from '../core/assert';
import type { PackageFileSource } from '../core/explain/packageAnnotator';
import { Slicer, nextTurn } from '../core/util/slices';

/** What the last run of a package said, for hovers, code actions and the status. */
export interface PackageStatus {
  state: 'ok' | 'paused' | 'go-missing' | 'error';
  summary: string;
  goVersion?: string;
  /** Versions of the documents the last successful run saw. */
  versions?: Map<string, number>;
  /** What the explanations of the last successful run need to know of its findings. */
  reasons?: ReasonContext;
  /** The profile the last successful run compiled under, when one applied (PGO). */
  pgo?: string;
}

export interface ResultsHost {
  docs: DocumentStore;
  settings: SettingsStore;
  events: SessionEvents;
  /** Re-predicts and publishes a document (a file the build leaves out keeps its predictions). */
  refresh(uri: string): void;
  /** Marks what happens at run time (no allocation, package initialisation, inlined callees). */
  annotator: PackageAnnotator;
  /** Teaches the predictor from a package's raw compiler output. */
  learn(dir: string, compilerOutput: string, goVersion?: string): void;
  /** The session's collections at idle moments, asked for after each result taken. */
  collection: IdleCollection;
}

export class CompilerResults {
  private readonly packages = new Map<string, PackageStatus>();
  /**
   * The findings of a successful result and what their explanations need, made once per result:
   * undo back to analysed content answers from the cache with the same result objects, and
   * explaining a large file's findings again took longer than the keystroke it delayed.
   */
  private readonly explained = new WeakMap<Finding[], { findings: Finding[]; reasons: ReasonContext }>();
  /** The Go version the last run reported, for documents whose package has not run yet. */
  lastGoVersion?: string;

  constructor(private readonly host: ResultsHost) {}

  statusOf(key: string): PackageStatus | undefined {
    return this.packages.get(key);
  }

  /**
   * Takes a finished run. A large package's result is explained and placed in slices, so that
   * requests are answered meanwhile; `stale` says when the documents changed since the run,
   * and then placing stops (the next run replaces the result).
   */
  async take(o: PackageOutcome, stale: () => boolean): Promise<void> {
    const r = o.result;
    const events = this.host.events;
    if (r.goVersion) this.lastGoVersion = r.goVersion;
    const slicer = new Slicer(undefined, undefined, stale);
    switch (r.status) {
      case 'ok': {
        const done = await this.explainedOnce(o, slicer);
        if (!done) return;
        const { findings, reasons } = done;
        this.packages.set(o.key, { state: 'ok', summary: r.summary, goVersion: r.goVersion, versions: o.versions, reasons, pgo: o.pgo });
        const first = [...o.versions.keys()].map((u) => this.host.docs.get(u)).find((d) => d?.file);
        // Learning reads the package's files again; the verdicts are published first.
        if (first?.file && o.explained === false) {
          const dir = path.dirname(first.file);
          setTimeout(() => this.host.learn(dir, r.stderr, r.goVersion), 0);
        }
        const failures = o.explained ? o.assertions?.check(r.findings, r.assembly) ?? [] : undefined;
        for (const uri of o.versions.keys()) {
          const d = this.host.docs.get(uri);
          if (!d) continue;
          if (failures) placeFailures(d, failures);
          const excluded = d.file ? this.exclusion(d, r.goVersion) : undefined;
          d.entries.excluded = excluded;
          // The build leaves this file out: the compiler said nothing about it, so keep predicting.
          if (excluded) {
            events.log(`${d.file} is not compiled: ${excluded}`);
            events.changed(uri);
          } else if (!(await this.place(d, findings, o.explained, slicer)) || stale()) {
            return;
          }
        }
        for (const kind of ['go-missing', 'go-failed', 'crashed', 'timeout', `paused:${o.key}`]) events.resolved(kind);
        const skipped = [...o.versions.keys()].map((u) => this.host.docs.get(u)).filter((d) => d?.skipReason && d.file).map((d) => `${path.basename(d!.file!)} (${d!.skipReason})`);
        const note = skipped.length > 0 ? `; compiler verdicts only, no predictions, in ${skipped.join(', ')}` : '';
        events.status({ state: 'ok', message: `Escape analysis up to date (${r.goVersion ?? 'go'})${note}`, goVersion: r.goVersion });
        events.resultTaken?.();
        // A result from the cache brings back objects that already live in the old generation.
        if (!o.fromCache) this.host.collection.promoteWhenIdle();
        this.host.collection.compactWhenQuiet();
        break;
      }
      case 'build-failed':
        this.packages.set(o.key, { ...this.packages.get(o.key), state: 'paused', summary: r.summary, goVersion: r.goVersion });
        events.status({ state: 'paused', message: `Analysis paused: ${r.summary}`, goVersion: r.goVersion });
        events.log(r.stderr.trim());
        // A failure without a position in a file is no typo in progress but a toolchain or module
        // problem (no go.mod, a broken go binary): tell the user once, as for a missing go.
        if (!r.errors.some((e) => e.file)) events.problem('go-failed', 'warning', `go-escape: ${r.summary}`);
        for (const uri of o.versions.keys()) events.changed(uri);
        break;
      case 'go-missing':
        this.packages.set(o.key, { state: 'go-missing', summary: r.summary });
        events.status({ state: 'go-missing', message: r.summary });
        events.problem('go-missing', 'warning', `go-escape: ${r.summary} Showing predictions only.`);
        break;
      case 'timeout':
      case 'crashed':
        this.packages.set(o.key, { ...this.packages.get(o.key), state: 'error', summary: r.summary, goVersion: r.goVersion });
        events.status({ state: 'error', message: r.summary, goVersion: r.goVersion });
        events.problem(r.status, 'error', `go-escape: ${r.summary}`);
        events.log(r.stderr.trim());
        break;
      default:
        break;
    }
  }

  /** Why the build leaves a document's file out, under the settings of its folder. */
  private exclusion(d: OpenDocument, goVersion: string | undefined): string | undefined {
    const s = this.host.settings.current(d.file);
    const ctx = buildContext(goCommandEnv(s), s.buildFlags, parseGoVersion(goVersion)?.[1]);
    return exclusionReason(d.file!, d.doc.getText(), ctx);
  }

  /**
   * Places a package's findings in one of its open documents and publishes it. Verdicts come
   * before their explanations: a finding the document already showed explained, where it is
   * now, keeps its rule (and its chain, if it did not move) until the explanations arrive.
   */
  private async place(d: OpenDocument, findings: Finding[], explained: boolean, slicer: Slicer): Promise<boolean> {
    const st = d.entries;
    const version = d.doc.version;
    const tree = d.tree?.tree ?? undefined;
    const text = d.doc.getText();
    const index = d.tree?.lineIndex ?? new LineIndex(text);
    const mine: Finding[] = [];
    for (let i = 0; i < findings.length; i++) {
      if (i % STEP === STEP - 1 && !(await slicer.pause())) return false;
      if (findings[i].file === d.file) mine.push(findings[i]);
    }
    const before = explained ? undefined : await explainedEntries(st.compiler, slicer);
    if (before === null) return false;
    // Placing a finding walks the tree around it. The same text gets the same verdicts again
    // after an undo and with the explanation run, so the ranges of the last text are kept.
    const known = st.ranges?.text === text ? st.ranges.byFinding : new Map<string, Utf16Range>();
    const entries: Entry[] = [];
    for (const f of mine) {
      // The tree and the text must stay those the ranges are computed from.
      if (!(await slicer.pause()) || d.doc.version !== version || this.host.docs.get(d.uri) !== d) return false;
      const key = `${f.line}:${f.column}:${f.message}`;
      let range = known.get(key);
      if (!range) known.set(key, (range = findingRange(f, index, tree)));
      const old = before?.get(`${range.start.line}:${range.start.character}:${f.message}`);
      // Copies of the range: the document moves its entries' ranges in place as the text changes,
      // and the kept ones must stay where this text has them.
      if (!old) {
        entries.push(entryOwning(f, range));
        continue;
      }
      // A copy: the cached result stays as the compiler said it.
      const same = old.line === f.line && old.column === f.column;
      const labels = { category: old.category, noAlloc: old.noAlloc, packageInit: old.packageInit, inlined: same ? old.inlined : undefined };
      entries.push(entryOwning({ ...f, ...labels, rule: old.rule, flows: same ? old.flows : undefined, func: old.func }, range));
    }
    // The publish goes in a turn of its own: after the last slice of placing, it would make
    // that turn as long as two.
    if (entries.length > STEP) await nextTurn();
    if (slicer.aborted || d.doc.version !== version || this.host.docs.get(d.uri) !== d) return false;
    st.setCompiler(entries);
    st.ranges = { text, byFinding: known };
    this.host.events.changed(d.uri);
    return true;
  }

  /**
   * Explains a result's findings (rules from the chains, then what happens at run time), on
   * copies: the cached result stays as the compiler said it. Undefined when stopped.
   */
  private async explainedOnce(o: PackageOutcome, slicer: Slicer): Promise<{ findings: Finding[]; reasons: ReasonContext } | undefined> {
    const r = o.result;
    let hit = this.explained.get(r.findings);
    if (!hit) {
      // Copied, and their reasons gathered, a batch at a time: a large package has a hundred
      // thousand findings.
      const findings: Finding[] = [];
      const reasons: ReasonContext = { moved: new Set(), continues: new Map() };
      for (let i = 0; i < r.findings.length; i += EXPLAIN_BATCH) {
        if (!(await slicer.pause())) return undefined;
        const batch = r.findings.slice(i, i + EXPLAIN_BATCH).map((f) => ({ ...f }));
        addToReasonContext(reasons, batch);
        for (const f of batch) findings.push(f);
      }
      for (let i = 0; o.explained && i < findings.length; i += EXPLAIN_BATCH) {
        if (!(await slicer.pause())) return undefined;
        explainFindings(findings.slice(i, i + EXPLAIN_BATCH), r.goVersion, reasons);
      }
      // The verdicts too, not only the explained ones: what is shown first must be true already.
      const dir = this.packageDir(o);
      if (dir && !(await this.host.annotator.annotate(findings, dir, r.stderr, this.host.settings.inDirectory(dir), slicer, this.runSources(o)))) return undefined;
      this.explained.set(r.findings, (hit = { findings, reasons }));
    }
    return hit;
  }

  /**
   * The open buffers as annotation reads them: their texts, and the trees of the documents of
   * the run (an edit of one of those stops the work, which matters since an edit frees a tree).
   */
  private runSources(o: PackageOutcome): PackageFileSource {
    const docs = this.host.docs;
    return {
      text: (file) => docs.ofFile(file)?.doc.getText(),
      tree: (file) => {
        const d = docs.ofFile(file);
        return d && o.versions.has(d.uri) ? d.tree?.tree ?? undefined : undefined;
      },
    };
  }

  /** The directory of the package a run analysed (that of its first open file). */
  private packageDir(o: PackageOutcome): string | undefined {
    for (const uri of o.versions.keys()) {
      const f = this.host.docs.get(uri)?.file;
      if (f) return path.dirname(f);
    }
    return undefined;
  }
}

/** Places a document's failed assertions at their directives (the text is the analysed one). */
function placeFailures(d: OpenDocument, failures: readonly AssertionFailure[]): void {
  const index = d.tree?.lineIndex ?? new LineIndex(d.doc.getText());
  d.entries.failedAssertions = failures.filter((f) => f.at.file === d.file).map((failure) => ({ failure, range: directiveRange(failure, index) }));
}

/** Findings explained between two looks at the clock. */
const EXPLAIN_BATCH = 200;

/** Entries looked at between two looks at the clock, where each costs little. */
const STEP = 2048;

/** The explained compiler entries of a document, by where they are now and their message; null when stopped. */
async function explainedEntries(entries: readonly { finding: Finding; range: Utf16Range }[], slicer: Slicer): Promise<Map<string, Finding> | null> {
  const out = new Map<string, Finding>();
  for (let i = 0; i < entries.length; i++) {
    if (i % STEP === STEP - 1 && !(await slicer.pause())) return null;
    const e = entries[i];
    if (e.finding.origin === 'compiler' && e.finding.rule !== RuleId.Unexplained) out.set(`${e.range.start.line}:${e.range.start.character}:${e.finding.message}`, e.finding);
  }
  return out;
}
