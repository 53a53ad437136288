// Which profile a package is analysed under, so that its verdicts are those of the binary it
// ships in: `go build` applies a main package's default.pgo to it and to its dependencies, so a
// library analysed on its own would be compiled without it. Looked up once per package and
// settings (a go list of the module's main packages with a default.pgo), until the settings change.
import * as path from 'node:path';
import type { AnalyzeSettings } from '../core/compiler/analyze';
import { PgoChoice, choosePgo, findPgoMains, userChoosesPgo } from '../core/profile/pgo';
import type { PgoWalks } from './pgoWalks';

export class PgoChoices {
  private readonly byDir = new Map<string, Promise<PgoChoice>>();
  /** Choices whose look-up has ended, by the key of choose: a run can take them without waiting. */
  private readonly settled = new Map<string, PgoChoice>();

  /** `walks`: the session's walks for default.pgo files, one per module however many of its packages are analysed. */
  constructor(private readonly walks: PgoWalks) {}

  /**
   * A document of the module at `moduleRoot` was opened: when its packages will need the
   * module's default.pgo files (`auto`, and no profile in the build flags), their walk starts now.
   */
  prefetch(moduleRoot: string, setting: string, buildFlags: readonly string[]): void {
    if (setting === 'auto' && !userChoosesPgo(buildFlags)) this.walks.prefetch(moduleRoot);
  }

  /** The choice for these arguments if its look-up has ended, else undefined (it may not have begun). */
  settledChoice(dir: string, setting: string, settings: AnalyzeSettings): PgoChoice | undefined {
    return this.settled.get(choiceKey(dir, setting, settings));
  }

  /** `setting`: `auto`, `off`, or a profile path (relative to `root` when not absolute). */
  choose(dir: string, setting: string, settings: AnalyzeSettings, root: string | undefined, signal?: AbortSignal): Promise<PgoChoice> {
    const key = choiceKey(dir, setting, settings);
    let p = this.byDir.get(key);
    if (!p) {
      // A profile named by the setting or by the build flags (theirs wins) needs no look-up.
      if (setting !== 'auto' || userChoosesPgo(settings.buildFlags)) p = Promise.resolve(choosePgo(setting === 'auto' || setting === 'off' ? setting : path.resolve(root ?? dir, setting), undefined, settings.buildFlags));
      else {
        const walk = (r: string) => this.walks.of(r);
        // A failed or cancelled look-up (the run it was for was superseded) is not kept: the
        // next run looks again, rather than every later run of the package going without PGO.
        const lookup: Promise<PgoChoice> = findPgoMains({ dir, settings, signal, walk }).then(
          (found) => choosePgo('auto', found, settings.buildFlags),
          () => {
            if (this.byDir.get(key) === lookup) this.byDir.delete(key);
            return { others: [] };
          },
        );
        p = lookup;
      }
      this.byDir.set(key, p);
      const made = p;
      void made.then((c) => {
        if (this.byDir.get(key) === made) this.settled.set(key, c);
      });
    }
    return p;
  }

  reset(): void {
    this.byDir.clear();
    this.settled.clear();
  }
}

const choiceKey = (dir: string, setting: string, settings: AnalyzeSettings) => `${dir}\0${setting}\0${settings.buildFlags.join(' ')}`;
