// What the profile flags add to an analysing command's run: the profiles and the benchmark,
// prepared before the analysis; the PGO plan of its go command runs; and each finding's weight,
// measurement and PGO profile in the output.
import * as path from 'node:path';
import type { RunGroup } from '../core/compiler/patterns';
import type { Finding } from '../core/findings';
import { PgoPlan, planPgoRuns, profileOfDir } from '../core/profile/pgoPlan';
import type { AnalysisOptions } from './analysisFlags';
import { Exit } from './exitCodes';
import { UsageError } from './flags';
import { CliIo, displayPath } from './io';
import { orderFindings, pgoNote, prepareProfiles, Prepared, ProfileContext, profileFields, profileSuffix, WithProfileOptions } from './profileOptions';
import { interruptSignal } from './runAnalysis';

export class ProfileRun {
  private plan?: PgoPlan;

  constructor(
    private readonly opts: WithProfileOptions & AnalysisOptions,
    readonly context: ProfileContext,
    /** Profiles that could not be used, one message each (the report shows them). */
    readonly problems: readonly string[],
    private readonly io: CliIo,
  ) {}

  /**
   * The go command runs for `groups`, each with the PGO profile that applies to its packages;
   * says on stderr which packages get a profile the go command would not give them alone.
   */
  async pgoGroups(groups: RunGroup[], signal: AbortSignal): Promise<RunGroup[]> {
    this.plan = await planPgoRuns(groups, this.opts.profile.pgo, this.opts.settings, signal);
    for (const p of this.plan.problems) this.io.stderr.write(`go-escape: warning: ${p}\n`);
    const show = (f: string) => displayPath(f, this.io.cwd);
    for (const [dir, choice] of this.plan.choices) {
      const note = pgoNote(choice, dir, show);
      if (note) this.io.stderr.write(`go-escape: ${note}\n`);
    }
    return this.plan.groups;
  }

  /** The PGO profile the package in `dir` was compiled with, if any. */
  pgoOf(dir: string): string | undefined {
    return this.plan && profileOfDir(this.plan, dir);
  }

  /** The JSON fields the profile flags add to a finding: `pgo`, `profile`, `measured`. */
  fields(f: Finding): Record<string, unknown> {
    const pgo = this.pgoOf(path.dirname(f.file));
    return { ...(pgo ? { pgo } : {}), ...profileFields(this.context, f) };
  }

  /** What text output appends to a finding's line. */
  suffix(f: Finding): string {
    return profileSuffix(this.context, f);
  }

  /** The findings in the order asked for (`--sort profile`). */
  order(findings: Finding[]): Finding[] {
    return orderFindings(this.context, this.opts.profile, findings);
  }
}

/**
 * Loads the profiles and runs the benchmark the flags ask for, before the analysis. A profile
 * that cannot be used is a message and the run goes on; a benchmark that cannot be measured
 * stops the command (the number is its exit status).
 */
export async function startProfiles(opts: WithProfileOptions & AnalysisOptions, groups: readonly RunGroup[], io: CliIo): Promise<ProfileRun | number> {
  const dir = opts.profile.bench ? benchDir(groups[0]) : undefined;
  const interrupt = interruptSignal();
  let prepared: Prepared;
  try {
    prepared = await prepareProfiles(opts.profile, io.cwd, dir, opts.settings, interrupt.signal);
  } finally {
    interrupt.dispose();
  }
  for (const m of [...prepared.problems, ...prepared.notes]) io.stderr.write(`go-escape: ${m}\n`);
  if (prepared.benchFailure) return benchExit(prepared.benchFailure, prepared.problems.join('\n'));
  return new ProfileRun(opts, prepared.context!, prepared.problems, io);
}

/** The package directory --bench runs in: the first PATTERN's. */
function benchDir(g: RunGroup | undefined): string | undefined {
  if (!g) return undefined;
  if (g.files) return g.cwd;
  const t = g.targets[0];
  if ((t === '.' || t.startsWith('./')) && !t.endsWith('...')) return path.resolve(g.cwd, t);
  throw new UsageError(`--bench runs a benchmark of one package: make the first PATTERN its directory or one of its .go files (got ${t})`);
}

function benchExit(status: NonNullable<Prepared['benchFailure']>, output: string): number {
  switch (status) {
    case 'no-benchmark':
    case 'several-benchmarks':
      return Exit.Usage;
    case 'go-missing':
      return Exit.NoToolchain;
    case 'cancelled':
      return Exit.Interrupted;
    case 'timeout':
      return Exit.Stopped;
    case 'failed':
      return /\[(build|setup) failed\]/.test(output) ? Exit.DoesNotBuild : Exit.Stopped;
  }
}
