// Verified fixes cost two builds each, and an editor asks for code actions often (every
// cursor move over a squiggle). Results are remembered per finding and workspace content, so a
// request repeats no build until something changes.
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
    return this.getOrCompute(actionKey(finding, settings, contentParts(ws.sources)), () => fixActionsForFinding(ws, finding, settings, signal), signal);
  }

  /**
   * The answer stored under `key` (see actionKey), or `compute`'s, which is then stored: the
   * caller makes its workspace (a parser, trees, the module's texts) only inside `compute`, so a
   * repeated request costs no more than making the key.
   */
  async getOrCompute(key: string, compute: () => Promise<FindingActions>, signal?: AbortSignal): Promise<FindingActions> {
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

/** The cache key of a finding's actions, given what identifies the workspace's content. */
export function actionKey(f: Finding, settings: VerifySettings, content: string): string {
  return createHash('sha256').update(JSON.stringify([f.file, f.line, f.column, f.message, settings])).update(content).digest('hex');
}

/** What identifies sources already read: every file's path and text. */
export function contentParts(sources: ReadonlyMap<string, string>): string {
  const h = createHash('sha256');
  for (const file of [...sources.keys()].sort()) h.update(`\0${file}\0${sources.get(file)}`);
  return h.digest('hex');
}
