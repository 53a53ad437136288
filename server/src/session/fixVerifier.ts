// Quick fixes for compiler findings, verified by the compiler before they are offered. A
// verification is not tied to the request that asked for it: editors cancel code-action requests
// on every cursor move, so it runs to the end into the fix cache and stops only when the
// document changes, which makes its input stale. Titles of verified fixes are kept for hovers.
import type { Finding } from '../core/findings';
import { FixService, RangedFindingActions } from '../core/fixes/service';
import type { RefusedFix } from '../core/fixes/actions';
import type { DocumentStore, OpenDocument } from './documents';
import type { Settings } from './settings';
import { abortOnce } from '../core/util/abort';

export interface VerifiedFixes extends RangedFindingActions {
  /** Versions of the open documents the fixes were computed from, by URI. */
  versions: ReadonlyMap<string, number>;
}

export class FixVerifier {
  private readonly service = new FixService();
  /** Verified fix titles by document version and finding. */
  private readonly titles = new Map<string, string>();
  /** Fixes considered and not offered, by document version and finding, for hovers that say why. */
  private readonly refusals = new Map<string, readonly RefusedFix[]>();
  /** Verifications under way, by document version and finding, shared by concurrent requests. */
  private readonly inFlight = new Map<string, Promise<VerifiedFixes>>();
  /** One controller per document version; a new version aborts the verifications of the old one. */
  private readonly controllers = new Map<string, { version: number; controller: AbortController }>();

  constructor(private readonly docs: DocumentStore) {}

  /**
   * The verified fixes of a compiler finding in a document whose text is the one the compiler
   * analysed, or undefined when the document changed while verifying (its edits would be stale).
   */
  async fixesFor(d: OpenDocument, finding: Finding, settings: Settings): Promise<VerifiedFixes | undefined> {
    const version = d.doc.version;
    const key = titleKey(d.uri, version, finding);
    let pending = this.inFlight.get(key);
    if (!pending) {
      const signal = this.signalOf(d);
      const open = this.docs.all();
      const buffers = new Map(open.filter((x) => x.file).map((x) => [x.file!, x.doc.getText()]));
      const versions = new Map(open.map((x) => [x.uri, x.doc.version]));
      const verify = { goBinary: settings.goBinary, buildFlags: settings.buildFlags, compilerFlags: settings.compilerFlags, env: settings.env, timeoutMs: settings.timeoutMs };
      pending = this.service.actionsFor(finding, buffers, verify, signal)
        .then((r) => ({ ...r, versions }))
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    const result = await pending;
    if (d.doc.version !== version || this.docs.get(d.uri) !== d) return undefined;
    const last = result.fixes[result.fixes.length - 1];
    if (last) this.titles.set(key, last.title);
    this.refusals.set(key, result.refused);
    return result;
  }

  /** The title of a verified fix for a finding at the document's current version, if known. */
  knownTitle(d: OpenDocument, f: Finding): string | undefined {
    return this.titles.get(titleKey(d.uri, d.doc.version, f));
  }

  /** The fixes considered for a finding at the document's current version and not offered, if known. */
  knownRefusals(d: OpenDocument, f: Finding): readonly RefusedFix[] | undefined {
    return this.refusals.get(titleKey(d.uri, d.doc.version, f));
  }

  /** Stops verifications of a document that changed or closed; its titles no longer apply. */
  documentChanged(uri: string): void {
    abortOnce(this.controllers.get(uri)?.controller);
    this.controllers.delete(uri);
    for (const map of [this.titles, this.refusals]) for (const key of map.keys()) if (key.startsWith(`${uri}@`)) map.delete(key);
  }

  stats(): Record<string, number> {
    return { fixRefusals: this.refusals.size, fixTitles: this.titles.size, fixesInFlight: this.inFlight.size, fixControllers: this.controllers.size };
  }

  /** Forgets verified answers, for when settings or the toolchain change. */
  clear(): void {
    this.service.clear();
    this.titles.clear();
    this.refusals.clear();
  }

  dispose(): void {
    for (const c of this.controllers.values()) abortOnce(c.controller);
    this.controllers.clear();
  }

  private signalOf(d: OpenDocument): AbortSignal {
    const cur = this.controllers.get(d.uri);
    if (cur && cur.version === d.doc.version) return cur.controller.signal;
    abortOnce(cur?.controller);
    const next = { version: d.doc.version, controller: new AbortController() };
    this.controllers.set(d.uri, next);
    return next.controller.signal;
  }
}

function titleKey(uri: string, version: number, f: Finding): string {
  return `${uri}@${version}:${f.line}:${f.column}:${f.message}`;
}
