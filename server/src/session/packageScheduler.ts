// Debounced, cancellable runs keyed by package: a new request for a package restarts its
// debounce timer; when the timer fires, a run still in flight for that package is aborted (its
// input is stale) and awaited, so there is never more than one run per package at a time.
import { abortOnce } from '../core/util/abort';

export type PackageRun = (key: string, signal: AbortSignal) => Promise<void>;

interface Slot {
  timer?: NodeJS.Timeout;
  running?: { controller: AbortController; done: Promise<void> };
  /** A run was requested while another one was finishing. */
  pending: boolean;
}

export class PackageScheduler {
  private readonly slots = new Map<string, Slot>();
  private disposed = false;

  constructor(private readonly run: PackageRun) {}

  /** Asks for a run of `key` after `delayMs` (the debounce of the package's settings, or 0). */
  schedule(key: string, delayMs: number): void {
    if (this.disposed) return;
    const slot = this.slot(key);
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      void this.start(key);
    }, Math.max(0, delayMs));
  }

  /** Aborts the run in flight for `key`, if any, without scheduling another. */
  cancel(key: string): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    abortOnce(slot.running?.controller);
  }

  /** True while a run for `key` is in flight or waiting for its debounce. */
  isBusy(key: string): boolean {
    const slot = this.slots.get(key);
    return !!slot && (!!slot.timer || !!slot.running || slot.pending);
  }

  /** Resolves when every run in flight has finished (for tests and shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.slots.values()].map((s) => s.running?.done).filter((d): d is Promise<void> => !!d);
      if (running.length === 0) return;
      await Promise.all(running);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const key of this.slots.keys()) this.cancel(key);
  }

  private slot(key: string): Slot {
    let s = this.slots.get(key);
    if (!s) {
      s = { pending: false };
      this.slots.set(key, s);
    }
    return s;
  }

  private async start(key: string): Promise<void> {
    const slot = this.slot(key);
    if (slot.running) {
      // Stale input: stop the old run and start over once it has really ended.
      slot.pending = true;
      abortOnce(slot.running.controller);
      await slot.running.done;
      if (!slot.pending || this.disposed) return;
    }
    slot.pending = false;
    if (this.disposed) return;
    const controller = new AbortController();
    const done = this.run(key, controller.signal).catch(() => {});
    slot.running = { controller, done };
    await done;
    if (slot.running?.controller === controller) slot.running = undefined;
  }
}
