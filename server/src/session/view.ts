// A document as requests see it: its entries now (compiler verdicts moved through edits, with
// predictions in the functions edited since), its package's last result, its settings, and
// whether its text is the one the compiler analysed. Publishing, hovers and code actions all
// read documents through this, so they agree on what is shown.
import type { Finding } from '../core/findings';
import type { RefusedFix } from '../core/fixes/actions';
import type { ProfileSet } from '../core/profile/profileSet';
import type { Measurement } from '../core/profile/measured';
import type { Utf16Position } from '../core/positions';
import type { PackageStatus } from './compilerResults';
import { Entry, functionLookupOf } from './docEntries';
import type { OpenDocument } from './documents';
import type { Settings } from './settings';

export interface DocumentView {
  readonly doc: OpenDocument;
  readonly settings: Settings;
  /** The last result of the document's package, if it ran. */
  readonly pkg?: PackageStatus;
  /** The Go version the document's verdicts come from (its package's, else the last known). */
  readonly goVersion?: string;
  /** Why the build leaves the document's file out, when it does. */
  readonly excluded?: string;
  readonly trusted: boolean;
  /** True when the document's current text is the text the compiler analysed. */
  readonly analysedNow: boolean;
  /** The entries of every category, in the order they are shown. */
  entries(): Entry[];
  /** True when the position lies in a function edited since the last compiler result. */
  isEditedAt(pos: Utf16Position): boolean;
  /** The title of a verified quick fix already known for a finding. */
  fixTitle(f: Finding): string | undefined;
  /** The quick fixes considered for a finding and not offered, when known. */
  fixRefusals(f: Finding): readonly RefusedFix[] | undefined;
  /** The module path of the document's module (go.mod), when it has one. */
  readonly modulePath?: string;
  /** The profiles that weigh the document's findings, once loaded. */
  readonly profile?: ProfileSet;
  /** What a benchmark of the document's package measured per line, when one was run. */
  readonly measurement?: Measurement;
}

export interface ViewContext {
  settings: Settings;
  pkg?: PackageStatus;
  lastGoVersion?: string;
  trusted: boolean;
  fixTitle(f: Finding): string | undefined;
  fixRefusals(f: Finding): readonly RefusedFix[] | undefined;
  modulePath?: string;
  profile?: ProfileSet;
  measurement?: Measurement;
}

export function documentView(d: OpenDocument, ctx: ViewContext): DocumentView {
  const pkg = ctx.pkg;
  return {
    doc: d,
    settings: ctx.settings,
    pkg,
    goVersion: pkg?.goVersion ?? ctx.lastGoVersion,
    excluded: d.entries.excluded,
    trusted: ctx.trusted,
    analysedNow: !!pkg && pkg.state === 'ok' && pkg.versions?.get(d.uri) === d.doc.version,
    entries: () => d.entries.merged(ctx.settings.predictions, functionLookupOf(d.tree)),
    isEditedAt: (pos) => {
      const r = { start: pos, end: pos };
      return d.entries.isEdited(functionLookupOf(d.tree).functionOf(r) ?? r);
    },
    fixTitle: ctx.fixTitle,
    fixRefusals: ctx.fixRefusals,
    modulePath: ctx.modulePath,
    profile: ctx.profile,
    measurement: ctx.measurement,
  };
}
