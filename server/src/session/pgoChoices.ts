// Which profile a package is analysed under, so that its verdicts are those of the binary it
// ships in: `go build` applies a main package's default.pgo to it and to its dependencies, so a
// library analysed on its own would be compiled without it. Looked up once per package and
// settings (a go list of the module's main packages with a default.pgo), until the settings change.
import * as path from 'node:path';
import type { AnalyzeSettings } from '../core/compiler/analyze';
import { PgoChoice, choosePgo, findPgoMains, looksUpPgo } from '../core/profile/pgo';
import type { PgoWalks } from './pgoWalks';

export class PgoChoices {
  /** Each choice, and once its look-up has ended what it is: a run can then take it without waiting. */
  private readonly byDir = new Map<string, { choice: Promise<PgoChoice>; settled?: PgoChoice }>();

  /** `walks`: the session's walks for default.pgo files, one per module however many of its packages are analysed. */
  constructor(private readonly walks: PgoWalks) {}

  /**
   * A document of the module at `moduleRoot` was opened: when its packages will need the
   * module's default.pgo files (`auto`, and no profile in the build flags), their walk starts now.
   */
  prefetch(moduleRoot: string, setting: string, buildFlags: readonly string[]): void {
    if (looksUpPgo(setting, buildFlags)) this.walks.prefetch(moduleRoot);
  }

  /** The choice for these arguments if its look-up has ended, else undefined (it may not have begun). */
  settledChoice(dir: string, setting: string, settings: AnalyzeSettings): PgoChoice | undefined {
    return this.byDir.get(choiceKey(dir, setting, settings))?.settled;
  }

  /** `setting`: `auto`, `off`, or a profile path (relative to `root` when not absolute). */
  choose(dir: string, setting: string, settings: AnalyzeSettings, root: string | undefined, signal?: AbortSignal): Promise<PgoChoice> {
    const key = choiceKey(dir, setting, settings);
    const known = this.byDir.get(key);
    if (known) return known.choice;
    let choice: Promise<PgoChoice>;
    // A profile named by the setting or by the build flags (theirs wins) needs no look-up.
    if (!looksUpPgo(setting, settings.buildFlags)) choice = Promise.resolve(choosePgo(setting === 'auto' || setting === 'off' ? setting : path.resolve(root ?? dir, setting), undefined, settings.buildFlags));
    else {
      const walk = (r: string) => this.walks.of(r);
      // A failed or cancelled look-up (the run it was for was superseded) is not kept: the
      // next run looks again, rather than every later run of the package going without PGO.
      choice = findPgoMains({ dir, settings, signal, walk }).then(
        (found) => choosePgo('auto', found, settings.buildFlags),
        () => {
          if (this.byDir.get(key) === slot) this.byDir.delete(key);
          return { others: [] };
        },
      );
    }
    const slot: { choice: Promise<PgoChoice>; settled?: PgoChoice } = { choice };
    this.byDir.set(key, slot);
    void choice.then((c) => {
      if (this.byDir.get(key) === slot) slot.settled = c;
    });
    return choice;
  }

  reset(): void {
    this.byDir.clear();
  }
}

const choiceKey = (dir: string, setting: string, settings: AnalyzeSettings) => `${dir}\0${setting}\0${settings.buildFlags.join(' ')}`;
