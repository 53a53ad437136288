// One call after each compiler run: marks the verdicts that allocate nothing (category
// `noalloc`, rule `no-allocation`), those in code that runs once at package initialisation,
// and those an inlined callee produced. Reading a dependency's type declarations is the only
// asynchronous part; everything else is computed from the package's trees and the output.
import * as path from 'node:path';
import type { Finding } from '../findings';
import { RuleId } from '../catalogue/ids';
import { readBoxing } from './boxing';
import { classify } from './classify';
import { isNeeds } from './goTypes';
import { InlinedCalls, inlinedCallOf, parseInlinedCalls } from './inlining';
import { noAllocationOf } from './noAlloc';
import { runsAtPackageInit } from './packageInit';
import type { PackageSyntax } from './packageSyntax';
import { TypeWorld, packageDecls } from './typeWorld';
import type { Slicer } from '../util/slices';

export interface AnnotateInput {
  /** The analysed package's files, parsed. */
  pkg: PackageSyntax;
  /** Reads dependencies' declarations; keep one per module (or toolchain) across runs. */
  world: TypeWorld;
  /** The compiler's output of the run (`AnalyzeResult.stderr`), for its `inlining call to` lines. */
  compilerOutput?: string;
  /** The directory the go command ran in, which relative paths in the output are relative to. */
  cwd?: string;
  signal?: AbortSignal;
  /** Gives the event loop back between findings (the server's large packages); stops when it says so. */
  slicer?: Slicer;
}

/** Rounds of reading dependencies: a type's fields may name types of yet other packages. */
const MAX_ROUNDS = 4;

/** Sets `noAlloc` (and `category`, `rule`), `packageInit` and `inlined` on the findings, in place. */
export async function annotateFindings(findings: Finding[], input: AnnotateInput): Promise<Finding[]> {
  const { pkg, world } = input;
  const dir = input.cwd ?? path.dirname(findings[0]?.file ?? pkg.files[0]?.path ?? '.');
  const calls: InlinedCalls = input.compilerOutput ? parseInlinedCalls(input.compilerOutput, dir) : new Map();
  // The labels matter for heap verdicts; `does not escape` and leaks (most of a large file) go without.
  const heap = findings.filter((f) => f.category === 'moved' || f.category === 'escapes' || f.category === 'noalloc');
  for (const f of heap) {
    if (input.slicer && !(await input.slicer.pause())) return findings;
    const once = runsAtPackageInit(f, pkg);
    if (once) f.packageInit = true;
    else delete f.packageInit;
    const inlined = inlinedCallOf(f, calls, pkg);
    if (inlined) f.inlined = inlined;
    else delete f.inlined;
  }
  const boxing = input.compilerOutput ? readBoxing(input.compilerOutput, dir) : undefined;
  const ctx = { pkg, scope: world.scopeOf(packageDecls(pkg.files)), boxing };
  let open = heap;
  for (let round = 0; round < MAX_ROUNDS && open.length > 0; round++) {
    const needs: string[] = [];
    const waiting: Finding[] = [];
    for (const f of open) {
      if (input.slicer && !(await input.slicer.pause())) return findings;
      const r = noAllocationOf(f, ctx);
      if (isNeeds(r)) {
        needs.push(...r.needs);
        waiting.push(f);
        continue;
      }
      markNoAllocation(f, r);
    }
    if (needs.length === 0) break;
    await world.load(dir, needs, input.signal);
    open = waiting;
  }
  return findings;
}

function markNoAllocation(f: Finding, r: Finding['noAlloc']): void {
  if (r) {
    f.noAlloc = r;
    f.category = 'noalloc';
    f.rule = RuleId.NoAllocation;
  } else if (f.noAlloc) {
    // A finding annotated before (an unchanged one carried over) that no longer qualifies.
    f.category = f.noAlloc.category;
    delete f.noAlloc;
    if (f.origin === 'compiler') f.rule = classify(f);
  }
}
