// Settings per folder, the one path every feature reads them through. The client is asked once
// per package directory (multi-root workspaces and folder settings resolve by resource); until
// it answers, and for documents that are not files, the base settings apply.
import * as path from 'node:path';
import { Settings, mergeSettings, sameSettings } from './settings';

/** Asks the client for the raw `goEscape` object that applies to a file. */
export type SettingsFetcher = (file: string) => Promise<unknown>;

export class SettingsStore {
  private readonly byDir = new Map<string, { settings?: Settings; pending: Promise<Settings> }>();

  constructor(private base: Settings, private readonly fetcher?: SettingsFetcher) {}

  /** The settings of a file now, without waiting: its folder's once known, else the base. */
  current(file?: string): Settings {
    return file ? this.inDirectory(path.dirname(file)) : this.base;
  }

  /** The settings of the files of a directory now, without waiting. */
  inDirectory(dir: string): Settings {
    if (!this.fetcher) return this.base;
    return this.byDir.get(dir)?.settings ?? this.base;
  }

  /** True when a file's settings are known now (its folder's answer arrived, or none is asked). */
  known(file?: string): boolean {
    return !file || !this.fetcher || this.byDir.get(path.dirname(file))?.settings !== undefined;
  }

  /** The settings of a file, asking the client the first time its folder is seen. */
  resolve(file?: string): Promise<Settings> {
    if (!file || !this.fetcher) return Promise.resolve(this.base);
    const dir = path.dirname(file);
    let slot = this.byDir.get(dir);
    if (!slot) {
      const base = this.base;
      // A folder that says what the base says shares its object: caches keyed on it stay warm.
      const pending = this.fetcher(file).then((raw) => {
        const merged = mergeSettings(base, raw);
        return sameSettings(merged, base) ? base : merged;
      }, () => base);
      const s: { settings?: Settings; pending: Promise<Settings> } = { pending };
      slot = s;
      this.byDir.set(dir, s);
      // A reset while the client was answering makes this answer stale; the next resolve asks again.
      void pending.then((v) => {
        if (this.byDir.get(dir) === s) s.settings = v;
      });
    }
    return slot.pending;
  }

  /** New base settings (the configuration changed): every folder is asked again. */
  reset(base: Settings): void {
    this.base = base;
    this.byDir.clear();
  }

  get baseSettings(): Settings {
    return this.base;
  }
}
