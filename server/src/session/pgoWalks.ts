// The default.pgo directories of each module (or workspace folder) root, walked once per root and
// shared: the PGO choice of every package of a module and the profiles that weigh its findings
// read the same walk. The session starts a module's walk when it first sees one of its documents,
// so that the first compile of the module finds it under way or done rather than starting it.
import { defaultPgoDirs } from '../core/profile/pgoWalk';
import { abortOnce } from '../core/util/abort';

export class PgoWalks {
  private readonly walks = new Map<string, Promise<string[]>>();
  private controller = new AbortController();

  constructor(private readonly walk: (root: string, signal: AbortSignal) => Promise<string[]> = defaultPgoDirs) {}

  /**
   * The walk of `root`, started if it was not. Rejects when it was stopped by a reset, so that
   * nobody takes a partial list for the module's.
   */
  of(root: string): Promise<string[]> {
    let w = this.walks.get(root);
    if (!w) {
      const signal = this.controller.signal;
      w = this.walk(root, signal).then((dirs) => {
        if (signal.aborted) throw new Error(`the default.pgo walk of ${root} was stopped`);
        return dirs;
      });
      // Whoever starts a walk early may never read it.
      w.catch(() => {});
      this.walks.set(root, w);
    }
    return w;
  }

  /** Starts the walk of `root` now, for a look-up that will follow. */
  prefetch(root: string): void {
    void this.of(root);
  }

  /** Files may have changed (the settings did): walks in flight stop, and each root is walked again when next asked. */
  reset(): void {
    abortOnce(this.controller);
    this.controller = new AbortController();
    this.walks.clear();
  }

  dispose(): void {
    abortOnce(this.controller);
    this.walks.clear();
  }
}
