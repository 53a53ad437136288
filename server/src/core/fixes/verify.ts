// Verification: a fix is offered only after the compiler has built the edited code (the
// edited packages and the workspace packages that import them) and shown what it buys.
// The edits stay in memory: the build reads them through `-overlay`, so nothing on disk
// changes whatever the outcome.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Finding } from '../findings';
import { runGoCommand } from '../compiler/goCommand';
import { compilerFlagsFor, goCommandEnv } from '../compiler/goEnv';
import { createOverlay, withOriginalPaths } from '../compiler/overlay';
import { parseCompilerText, type CompilerError } from '../compiler/parseText';
import { LineIndex } from '../positions';
import { applyWorkspaceEdits, editsByFile, mapOffset } from './edits';
import type { GoWorkspace } from './goWorkspace';
import type { FixPlan } from './plan';

export interface VerifySettings {
  goBinary: string;
  /** The user's build flags (tags and such), so that the verdict is about the real build. */
  buildFlags: string[];
  /** Extra compiler flags the analysis uses (`-gcflags` besides `-m`), so both see the same compiler. */
  compilerFlags?: string[];
  env: Record<string, string>;
  timeoutMs: number;
}

export const DEFAULT_VERIFY_SETTINGS: VerifySettings = { goBinary: 'go', buildFlags: [], env: {}, timeoutMs: 120_000 };

export interface VerifyResult {
  /** True when the fix may be offered: it builds and, for fixes that must, removes findings. */
  ok: boolean;
  /** Heap findings (`moved to heap`, `escapes to heap`) before minus after, over the built packages. */
  removedCount: number;
  /** Why the fix is not offered, for the log; undefined when ok. */
  reason?: string;
  /** Errors of the build with the fix applied, when it failed. */
  compilerErrors: CompilerError[];
  /** Import-path-relative package directories that were built. */
  packages: string[];
}

/** A heap finding: what -m reports as an allocation (not leaks or `does not escape`). */
export function isHeapFinding(f: Finding): boolean {
  return f.category === 'moved' || f.category === 'escapes';
}

export async function verifyFix(ws: GoWorkspace, plan: FixPlan, settings: VerifySettings, signal?: AbortSignal): Promise<VerifyResult> {
  const fail = (reason: string, compilerErrors: CompilerError[] = [], packages: string[] = []): VerifyResult => ({ ok: false, removedCount: 0, reason, compilerErrors, packages });
  let edited: Map<string, string>;
  try {
    edited = applyWorkspaceEdits(ws.sources, plan.edits);
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
  const mod = ws.moduleOf(plan.finding.file);
  if (!mod) return fail('the file is not inside a Go module');
  const dirs = packagesToBuild(ws, [...edited.keys()]);
  if (dirs.some((d) => ws.moduleOf(path.join(d, 'x.go'))?.root !== mod.root)) return fail('the fix edits more than one module');
  const packages = dirs.map((d) => (path.relative(mod.root, d) ? `./${path.relative(mod.root, d).split(path.sep).join('/')}` : '.'));

  const dirty = await dirtyFiles(ws, mod.root);
  const before = await buildFindings(mod.root, packages, dirty, settings, signal);
  if (before.cancelled) return fail('cancelled');
  if (before.errors) return fail(`the code does not compile before the fix: ${firstError(before.errors)}`, before.errors, packages);
  const afterOverlay = new Map(dirty);
  for (const [f, t] of edited) afterOverlay.set(f, t);
  const after = await buildFindings(mod.root, packages, afterOverlay, settings, signal);
  if (after.cancelled) return fail('cancelled');
  if (after.errors) return fail(`the fixed code does not compile: ${firstError(after.errors)}`, after.errors, packages);

  // `go build` ignores _test.go files: packages whose tests the fix edited must compile as tests too.
  const testDirs = [...new Set([...edited.keys()].filter((f) => f.endsWith('_test.go')).map((f) => path.dirname(f)))].sort();
  if (testDirs.length) {
    const testPackages = testDirs.map((d) => (path.relative(mod.root, d) ? `./${path.relative(mod.root, d).split(path.sep).join('/')}` : '.'));
    const tests = await buildFindings(mod.root, testPackages, afterOverlay, settings, signal, true);
    if (tests.cancelled) return fail('cancelled');
    if (tests.errors) return fail(`the fixed tests do not compile: ${firstError(tests.errors)}`, tests.errors, packages);
  }

  const removedCount = before.findings.length - after.findings.length;
  if (!plan.mustRemoveFindings) return { ok: true, removedCount, compilerErrors: [], packages };
  if (stillReported(ws, plan, edited, after.findings)) {
    return { ok: false, removedCount, reason: `the compiler still reports "${plan.finding.message}" after the fix`, compilerErrors: [], packages };
  }
  if (removedCount < 1) {
    return { ok: false, removedCount, reason: `the fix removes no heap finding (${before.findings.length} before, ${after.findings.length} after)`, compilerErrors: [], packages };
  }
  return { ok: true, removedCount, compilerErrors: [], packages };
}

/** The edited packages and the workspace packages that import them, as directories. */
function packagesToBuild(ws: GoWorkspace, editedFiles: string[]): string[] {
  const dirs = new Set<string>();
  for (const f of editedFiles) {
    dirs.add(path.dirname(f));
    for (const imp of ws.importers(f)) if (!imp.file.endsWith('_test.go')) dirs.add(path.dirname(imp.file));
  }
  return [...dirs].sort();
}

/** Workspace sources of the module whose text differs from the file on disk (unsaved buffers). */
async function dirtyFiles(ws: GoWorkspace, moduleRoot: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [file, text] of ws.sources) {
    if (!file.startsWith(moduleRoot + path.sep)) continue;
    const disk = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (disk !== text) out.set(file, text);
  }
  return out;
}

interface BuildOutcome {
  findings: Finding[];
  errors?: CompilerError[];
  cancelled?: boolean;
}

/**
 * Builds the packages with `-gcflags=-m` over the overlay and returns their heap findings;
 * with `tests`, compiles their test binaries instead and only reports errors.
 */
async function buildFindings(cwd: string, packages: string[], overlays: ReadonlyMap<string, string>, settings: VerifySettings, signal?: AbortSignal, tests = false): Promise<BuildOutcome> {
  const overlay = await createOverlay(overlays);
  try {
    const args = tests ? ['test', '-c', '-vet=off', '-o', '/dev/null'] : ['build', '-o', '/dev/null'];
    if (overlay.configPath) args.push(`-overlay=${overlay.configPath}`);
    const gcflags = ['-m', ...compilerFlagsFor(settings)].join(' ');
    args.push(...settings.buildFlags, ...(tests ? [] : [`-gcflags=${gcflags}`]), ...packages);
    const r = await runGoCommand({ goBinary: settings.goBinary, args, cwd, env: goCommandEnv(settings), signal, timeoutMs: settings.timeoutMs });
    if (r.outcome === 'aborted') return { findings: [], cancelled: true };
    if (r.outcome !== 'exited') return { findings: [], errors: [{ message: `go did not run: ${r.outcome}${r.error ? ` (${r.error})` : ''}` }] };
    const stderr = withOriginalPaths(r.stderr, overlay.reverse, cwd);
    const parsed = parseCompilerText(stderr + (r.stdout ? '\n' + withOriginalPaths(r.stdout, overlay.reverse, cwd) : ''), { cwd });
    if (r.exitCode !== 0) {
      return { findings: [], errors: parsed.errors.length ? parsed.errors : [{ message: stderr.trim() || `go exited with code ${r.exitCode}` }] };
    }
    return { findings: parsed.findings.filter(isHeapFinding) };
  } finally {
    await overlay.dispose().catch(() => {});
  }
}

/** True when the finding the fix is for is still reported at its (moved) position. */
function stillReported(ws: GoWorkspace, plan: FixPlan, edited: Map<string, string>, after: Finding[]): boolean {
  const f = plan.finding;
  const text = ws.text(f.file);
  if (text === undefined) return true;
  const fileEdits = editsByFile(plan.edits).get(f.file) ?? [];
  const offset = mapOffset(new LineIndex(text).offsetOfCompiler(f.line, f.column), fileEdits);
  const newIndex = new LineIndex(edited.get(f.file) ?? text);
  const pos = newIndex.toCompiler(newIndex.positionAt(offset));
  return after.some((a) => a.file === f.file && a.line === pos.line && a.column === pos.column && a.message === f.message);
}

function firstError(errors: CompilerError[]): string {
  const e = errors.find((x) => x.file) ?? errors[0];
  return e ? `${e.file ? `${path.basename(e.file)}:${e.line}:${e.column}: ` : ''}${e.message}` : 'unknown error';
}
