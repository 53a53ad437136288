// One call for the language server: the verified fixes and "Show why" for a finding, with
// edits already as line/character ranges. It gathers the module's sources (open buffers over
// disk), plans, verifies through the compiler, and remembers the answer per content (buffers by
// text, files on disk by size and modification time).
import type { Finding } from '../findings';
import { fixActionsForFinding, type FindingActions, type FixAction } from './actions';
import { FixActionCache, actionKey } from './cache';
import { withRanges, type RangedEdit } from './edits';
import { GoWorkspace } from './goWorkspace';
import { BufferDigests, filesFingerprint, moduleFiles, readSources } from './sources';
import type { VerifySettings } from './verify';

export interface RangedFixAction extends Omit<FixAction, 'edits'> {
  /** Edits with 0-based line/UTF-16 character ranges in the texts the fix was computed from. */
  edits: RangedEdit[];
}

export interface RangedFindingActions extends Omit<FindingActions, 'fixes'> {
  fixes: RangedFixAction[];
}

export class FixService {
  private readonly cache = new FixActionCache();
  private readonly digests = new BufferDigests();

  /**
   * Actions for a compiler finding. `buffers` are the open documents (absolute path to text),
   * which must be the texts the finding's positions refer to.
   */
  async actionsFor(finding: Finding, buffers: ReadonlyMap<string, string>, settings: VerifySettings, signal?: AbortSignal): Promise<RangedFindingActions> {
    // A known answer costs a listing of the module (stats, no reads); the texts are read only
    // to compute a new one, and for the few files a known answer's edits touch.
    const files = await moduleFiles(finding.file, buffers, signal);
    this.digests.keepOnly(buffers.keys());
    let sources: Map<string, string> | undefined;
    const actions = await this.cache.getOrCompute(actionKey(finding, settings, filesFingerprint(files, this.digests)), async () => {
      sources = await readSources(files, signal);
      const ws = await GoWorkspace.create(sources);
      try {
        return await fixActionsForFinding(ws, finding, settings, signal);
      } finally {
        ws.dispose();
      }
    }, signal);
    const edited = new Set(actions.fixes.flatMap((f) => f.edits.map((e) => e.file)));
    const texts = sources ?? (await readSources(files.filter((f) => edited.has(f.path)), signal));
    return { ...actions, fixes: actions.fixes.map((f) => ({ ...f, edits: withRanges(texts, f.edits) })) };
  }

  /** Forgets verified answers, for when settings or the toolchain change. */
  clear(): void {
    this.cache.clear();
  }
}
