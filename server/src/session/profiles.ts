// The profiles the session weighs findings with (`goEscape.profiles`): loaded off the main
// thread, per workspace folder, when the settings name them, or else the folder's `default.pgo`
// files; and the allocations a benchmark measured per line ("measure allocations"). Nothing here
// runs on the typing path: documents read the loaded set, and a load that finishes republishes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProfilesOffThread } from '../core/profile/offThread';
import type { ProfileSet } from '../core/profile/profileSet';
import type { Measurement } from '../core/profile/measured';
import type { SessionEvents } from './events';
import type { SettingsStore } from './settingsStore';
import { abortOnce } from '../core/util/abort';

interface FolderProfiles {
  files: string[];
  set?: ProfileSet;
}

export class SessionProfiles {
  private readonly folders = new Map<string, FolderProfiles>();
  private readonly measured = new Map<string, Measurement>();
  private controller = new AbortController();

  constructor(
    private readonly roots: () => readonly string[],
    private readonly settings: SettingsStore,
    private readonly events: SessionEvents,
    /** Everything shown must be published again: a profile or a measurement arrived. */
    private readonly reweighed: () => void,
    /** The directories under a folder that hold a default.pgo (the session's shared walk). */
    private readonly defaultPgoDirs: (root: string) => Promise<string[]>,
  ) {}

  /** The loaded profiles that apply to a file, if any (loading them the first time they are asked for). */
  setFor(file: string | undefined): ProfileSet | undefined {
    const root = file && this.rootOf(file);
    if (!root) return undefined;
    let f = this.folders.get(root);
    if (!f) {
      this.folders.set(root, (f = { files: [] }));
      void this.load(root, f);
    }
    return f.set;
  }

  /** The allocations a benchmark of the file's package measured, when one was measured. */
  measurementFor(file: string | undefined): Measurement | undefined {
    return file ? this.measured.get(path.dirname(file)) : undefined;
  }

  /** Keeps what a benchmark measured, for the findings of its package. */
  addMeasurement(dir: string, m: Measurement): void {
    this.measured.set(dir, m);
    this.reweighed();
  }

  /** The settings changed: profiles are loaded again when next asked for. */
  reset(): void {
    abortOnce(this.controller);
    this.controller = new AbortController();
    this.folders.clear();
  }

  dispose(): void {
    abortOnce(this.controller);
    this.folders.clear();
  }

  /** The workspace folder a file is in (the innermost), if any. */
  rootOf(file: string): string | undefined {
    let best: string | undefined;
    for (const r of this.roots()) if ((file === r || file.startsWith(r + path.sep)) && (!best || r.length > best.length)) best = r;
    return best;
  }

  private async load(root: string, f: FolderProfiles): Promise<void> {
    const signal = this.controller.signal;
    const named = this.settings.inDirectory(root).profiles;
    // Workspace-relative paths are the folder's; without any, the main packages' default.pgo.
    try {
      const files = named.length > 0
        ? named.map((p) => path.resolve(root, p))
        : (await this.defaultPgoDirs(root)).map((d) => path.join(d, 'default.pgo'));
      if (signal.aborted || files.length === 0) return;
      f.files = files.filter((p) => fs.existsSync(p) || named.length > 0);
      const { set, messages } = await loadProfilesOffThread(f.files, { signal });
      if (signal.aborted) return;
      for (const m of messages) this.events.problem(`profile:${m}`, 'warning', `go-escape: ${m}`);
      f.set = set;
      this.events.log(`profiles for ${root}: ${f.files.join(', ')}`);
      this.reweighed();
    } catch (e) {
      if (!signal.aborted) this.events.log(`profiles for ${root} could not be loaded: ${(e as Error).message}`);
    }
  }
}
