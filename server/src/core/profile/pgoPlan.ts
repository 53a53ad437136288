// The go command runs of a module-wide analysis under PGO. One run takes one `-pgo`, but with
// `auto` the packages of one module can need different profiles (each gets that of the main
// package that imports it, as `go build` of that binary compiles it), so a module's packages are
// grouped by the profile that applies to them and each group is one run.
import * as path from 'node:path';
import type { AnalyzeSettings } from '../compiler/compileRun';
import type { RunGroup } from '../compiler/patterns';
import { choosePgo, listCandidates, mainsOf, PgoChoice, PgoSetting } from './pgo';
import { defaultPgoDirs } from './pgoWalk';

export interface PgoPlan {
  /** The runs: the groups given, split where packages need different profiles, each with its `pgo`. */
  groups: RunGroup[];
  /** The choice made for each package directory under `auto` that a main package's profile reaches. */
  choices: Map<string, PgoChoice>;
  /** The profile every package of a module is compiled with, for a setting that names one. */
  explicit?: string;
  /** Look-ups that failed (the go command could not list the module): those modules run without. */
  problems: string[];
}

/** Plans the runs for `groups` under `setting`; lone files outside a module are left as they are. */
export async function planPgoRuns(groups: readonly RunGroup[], setting: PgoSetting, settings: AnalyzeSettings, signal?: AbortSignal): Promise<PgoPlan> {
  const plan: PgoPlan = { groups: [], choices: new Map(), problems: [] };
  if (setting !== 'auto') {
    const { pgo } = choosePgo(setting, undefined, settings.buildFlags);
    plan.groups = groups.map((g) => (g.files || !pgo ? g : { ...g, pgo }));
    if (pgo !== 'off') plan.explicit = pgo;
    return plan;
  }
  for (const g of groups) {
    const split = g.files || !g.moduleRoot || signal?.aborted ? undefined : await splitByProfile(g, g.moduleRoot, settings, plan, signal);
    plan.groups.push(...(split ?? [g]));
  }
  return plan;
}

/** The group's packages by the profile `auto` gives them, or undefined when none gets one. */
async function splitByProfile(g: RunGroup, root: string, settings: AnalyzeSettings, plan: PgoPlan, signal?: AbortSignal): Promise<RunGroup[] | undefined> {
  const candidates = await defaultPgoDirs(root, signal);
  if (candidates.length === 0) return undefined;
  const rows = await listCandidates(root, g.targets, candidates, settings, signal);
  if (typeof rows === 'string') {
    if (!signal?.aborted) plan.problems.push(`PGO look-up in ${root}: ${rows}; analysed without a profile`);
    return undefined;
  }
  const byProfile = new Map<string | undefined, string[]>();
  for (const row of rows.filter((r) => r.match.some((m) => g.targets.includes(m)))) {
    const choice = choosePgo('auto', { mains: mainsOf(row, rows, candidates) }, settings.buildFlags);
    if (choice.pgo) plan.choices.set(path.resolve(row.dir), choice);
    let list = byProfile.get(choice.pgo);
    if (!list) byProfile.set(choice.pgo, (list = []));
    list.push(row.importPath);
  }
  if (![...byProfile.keys()].some(Boolean)) return undefined;
  return [...byProfile].map(([pgo, targets]) => ({ ...g, targets, pgo }));
}

/** The profile the package in `dir` was compiled with under `plan` (none for `off`). */
export function profileOfDir(plan: PgoPlan, dir: string): string | undefined {
  if (!plan.explicit) return plan.choices.get(path.resolve(dir))?.pgo;
  return plan.groups.some((g) => !g.files && g.moduleRoot && isUnder(dir, g.moduleRoot)) ? plan.explicit : undefined;
}

function isUnder(dir: string, root: string): boolean {
  const rel = path.relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
