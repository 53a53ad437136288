// Verified fixes cost two builds each, and an editor asks for code actions often (every
// cursor move over a squiggle). Results are remembered per finding and exact workspace
// content, so a request repeats no build until something changes.
import { createHash } from 'node:crypto';
import type { Finding } from '../findings';
import { fixActionsForFinding, type FindingActions } from './actions';
import type { GoWorkspace } from './goWorkspace';
import type { VerifySettings } from './verify';

export class FixActionCache {
  private readonly entries = new Map<string, FindingActions>();

  constructor(private readonly maxEntries = 200) {}

  /** The verified actions for a finding, computed once per finding and workspace content. */
  async get(ws: GoWorkspace, finding: Finding, settings: VerifySettings, signal?: AbortSignal): Promise<FindingActions> {
    return this.getOrCompute(ws.sources, finding, settings, () => fixActionsForFinding(ws, finding, settings, signal), signal);
  }

  /**
   * The same for a module's sources: `compute` (which makes its own workspace, with a parser)
   * runs only when the answer is not known, so a repeated request costs a hash of the sources.
   */
  async getOrCompute(sources: ReadonlyMap<string, string>, finding: Finding, settings: VerifySettings, compute: () => Promise<FindingActions>, signal?: AbortSignal): Promise<FindingActions> {
    const key = cacheKey(sources, finding, settings);
    const hit = this.entries.get(key);
    if (hit) return hit;
    const actions = await compute();
    // A cancelled run says nothing about the fix; only complete answers are kept.
    if (!signal?.aborted && !actions.refused.some((r) => /cancelled/.test(r.reason))) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, actions);
    }
    return actions;
  }

  clear(): void {
    this.entries.clear();
  }
}

function cacheKey(sources: ReadonlyMap<string, string>, f: Finding, settings: VerifySettings): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([f.file, f.line, f.column, f.message, settings]));
  for (const file of [...sources.keys()].sort()) h.update(`\0${file}\0${sources.get(file)}`);
  return h.digest('hex');
}
