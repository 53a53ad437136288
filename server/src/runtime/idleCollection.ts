// A compiler result makes thousands of objects that live until the next result: findings, their
// explanations, diagnostic bodies. V8 first keeps them in the young generation and moves them to
// the old one in a later young collection, and that collection, which copies them all, is then
// the longest pause of the next keystrokes (figures in docs/performance.md). The server takes a
// result while the user has paused (that pause is what let the compiler run), so it collects the
// young generation right then, twice, which moves those objects at once and off the typing path.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// Called without options it collects the whole heap; Node 20's V8 takes `{ type: 'major' }` for a
// young collection.
export type Collect = (options?: { type: 'minor' }) => void;

let collect: Collect | null | undefined;

/** V8's gc(), from a new context; null where it is not available (then nothing is collected). */
export function collector(): Collect | null {
  if (collect === undefined) {
    try {
      // The server's launcher sets the flag before anything is compiled (see runtime/serverLauncher.ts);
      // elsewhere (tests) it is set now, and a context created after that gets gc().
      const gcOfNewContext = (): unknown => runInNewContext('typeof gc === "function" ? gc : undefined');
      let gc = gcOfNewContext();
      if (typeof gc !== 'function') {
        setFlagsFromString('--expose-gc');
        gc = gcOfNewContext();
      }
      collect = typeof gc === 'function' ? (gc as Collect) : null;
    } catch {
      collect = null;
    }
  }
  return collect;
}

/** How long the server must be left alone before it compacts its heap. */
const QUIET_MS = 4000;

export interface IdleCollectionOptions {
  quietMs?: number;
  /** Where gc() comes from (tests count calls); by default V8's. */
  collector?: () => Collect | null;
}

/**
 * The collections one session asks for at its idle moments, with its own timers: several
 * sessions in one process (tests), or one disposed, do not move or cancel another's.
 */
export class IdleCollection {
  private promoting?: NodeJS.Timeout;
  private quiet?: NodeJS.Timeout;
  private readonly quietMs: number;
  private readonly collector: () => Collect | null;

  constructor(opts: IdleCollectionOptions = {}) {
    this.quietMs = opts.quietMs ?? QUIET_MS;
    this.collector = opts.collector ?? collector;
  }

  /** Collects the young generation twice once the current work is done. */
  promoteWhenIdle(): void {
    if (this.promoting) return;
    this.promoting = setTimeout(() => {
      this.promoting = undefined;
      const gc = this.collector();
      gc?.({ type: 'minor' });
      gc?.({ type: 'minor' });
    }, 0);
    this.promoting.unref();
  }

  /**
   * Collects the whole heap once the server has had no edit, request or result for a few
   * seconds. The launcher lets the old generation grow well past what survives so that typing is
   * not interrupted by full collections; the cost is that a package's results leave their garbage
   * in memory until something collects it. While the user is away from the keyboard a full
   * collection costs nobody anything and returns that memory.
   */
  compactWhenQuiet(): void {
    if (this.quiet) clearTimeout(this.quiet);
    this.quiet = setTimeout(() => {
      this.quiet = undefined;
      const gc = this.collector();
      if (!gc) return;
      // A full collection moves objects only off the most fragmented pages; this one may move
      // everything, so that the pages it empties go back to the system. The flag is put back at
      // once: the code cache is checked against the flags (see runtime/serverLauncher.ts).
      setFlagsFromString('--compact-on-every-full-gc');
      try {
        gc();
      } finally {
        setFlagsFromString('--no-compact-on-every-full-gc');
      }
    }, this.quietMs);
    this.quiet.unref();
  }

  /** An edit or a request: a pending compaction waits for the next quiet moment. */
  postponeCompaction(): void {
    if (this.quiet) this.compactWhenQuiet();
  }

  /** The session ends: nothing it asked for runs any more. */
  dispose(): void {
    clearTimeout(this.promoting);
    clearTimeout(this.quiet);
    this.promoting = undefined;
    this.quiet = undefined;
  }
}
