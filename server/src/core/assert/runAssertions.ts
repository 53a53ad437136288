// Checks the assertions of the packages matching go patterns (`./...`, import paths,
// directories): one `go list` to find their files, one build of all of them with the flags their
// directives need, and, only when something failed, a second build of the failing packages at
// `-m=2` for the compiler's reasons. The checking itself is checkAssertions (pure).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import type { AnalyzeSettings } from '../compiler/analyze';
import { splitAssembly } from '../compiler/assembly';
import { runGoCommand, GoCommandResult } from '../compiler/goCommand';
import { compilerFlagsFor, goCommandEnv } from '../compiler/goEnv';
import { CompilerError, parseCompilerText } from '../compiler/parseText';
import type { Finding } from '../findings';
import { SourceFile, assertionCompilerFlags, checkAssertions, hasDirectives } from './check';
import { scanDirectives } from './directives';
import type { AssertionFailure, FileDirectives } from './types';

export interface AssertRequest {
  /** Where the go command runs (the module's directory); patterns are relative to it. */
  cwd: string;
  patterns: string[];
  settings: AnalyzeSettings;
  parser: Parser;
  signal?: AbortSignal;
}

export type AssertStatus = 'ok' | 'build-failed' | 'go-missing' | 'timeout' | 'cancelled' | 'crashed';

export interface AssertResult {
  status: AssertStatus;
  failures: AssertionFailure[];
  /** The packages checked, by import path. */
  packages: string[];
  errors: CompilerError[];
  /** One line that says what happened. */
  summary: string;
  /** Raw stderr of the failed go command, for the user. */
  stderr: string;
}

interface ListedPackage {
  ImportPath: string;
  Dir: string;
  GoFiles?: string[];
  CgoFiles?: string[];
  Error?: { Err: string };
}

/** `go list -json` prints one object after another; each ends with a `}` alone on its line. */
function parseList(stdout: string): ListedPackage[] {
  return stdout.split(/^}$/m).map((s) => s.trim()).filter(Boolean).map((s) => JSON.parse(s + '}') as ListedPackage);
}

function failed(r: GoCommandResult, settings: AnalyzeSettings): Omit<AssertResult, 'failures' | 'packages' | 'errors'> | undefined {
  switch (r.outcome) {
    case 'not-found':
    case 'spawn-failed':
      return { status: 'go-missing', summary: `Go toolchain not found: "${settings.goBinary}" could not be started${r.error ? ` (${r.error})` : ''}.`, stderr: '' };
    case 'aborted':
      return { status: 'cancelled', summary: 'cancelled', stderr: '' };
    case 'timeout':
      return { status: 'timeout', summary: `The go command did not finish within ${Math.round(settings.timeoutMs / 1000)} s and was stopped.`, stderr: r.stderr };
  }
  if (r.exitCode === 0) return undefined;
  const crashed = r.signal !== null || /internal compiler error|^panic: |fatal error: /m.test(r.stderr);
  return { status: crashed ? 'crashed' : 'build-failed', summary: crashed ? 'The compiler crashed.' : 'The packages do not build.', stderr: r.stderr };
}

export async function runAssertions(req: AssertRequest): Promise<AssertResult> {
  const env = goCommandEnv(req.settings);
  const go = (args: string[]) => runGoCommand({ goBinary: req.settings.goBinary, args, cwd: req.cwd, env, signal: req.signal, timeoutMs: req.settings.timeoutMs });
  const none = { failures: [] as AssertionFailure[], packages: [] as string[], errors: [] as CompilerError[] };

  const list = await go(['list', '-e', '-json=ImportPath,Dir,GoFiles,CgoFiles,Error', ...req.settings.buildFlags, ...req.patterns]);
  const listFailure = failed(list, req.settings);
  if (listFailure) return { ...none, ...listFailure, errors: [{ message: list.stderr.trim() }] };
  const packages = parseList(list.stdout);
  const broken = packages.filter((p) => p.Error);
  if (broken.length > 0) {
    const errors = broken.map((p) => ({ message: p.Error!.Err }));
    return { ...none, status: 'build-failed', errors, summary: `The packages do not build: ${errors[0].message}`, stderr: errors.map((e) => e.message).join('\n') + '\n' };
  }

  // The sources as the compiler will see them, parsed once.
  const sources: SourceFile[] = [];
  const directives: FileDirectives[] = [];
  try {
    for (const p of packages) {
      for (const name of [...(p.GoFiles ?? []), ...(p.CgoFiles ?? [])]) {
        const file = path.join(p.Dir, name);
        const text = fs.readFileSync(file, 'utf8');
        const tree = req.parser.parse(text);
        if (!tree) continue;
        sources.push({ file, text, tree });
        directives.push(scanDirectives(file, text, tree));
      }
    }
    const result = { ...none, packages: packages.map((p) => p.ImportPath) };
    if (!hasDirectives(directives)) return { ...result, status: 'ok', summary: 'no assertions', stderr: '' };

    const extra = assertionCompilerFlags(directives);
    const build = async (level: string, flags: string[], patterns: string[]) => {
      const gcflags = [level, ...compilerFlagsFor(req.settings), ...flags].join(' ');
      const r = await go(['list', '-export', ...req.settings.buildFlags, `-gcflags=${gcflags}`, ...patterns]);
      const { messages, assembly } = splitAssembly(r.stderr);
      return { r, parsed: parseCompilerText(messages, { cwd: req.cwd, decisions: true }), assembly };
    };
    const first = await build('-m', extra, req.patterns);
    const firstFailure = failed(first.r, req.settings);
    if (firstFailure) return { ...result, ...firstFailure, errors: first.parsed.errors };
    let failures = checkAssertions({ directives, findings: first.parsed.findings, sources, assembly: first.assembly });

    // The compiler's reasons, for the packages where something failed.
    // A call's reason is printed where its callee is declared, in the directive's package.
    const needReasons = new Set(failures.filter((f) => f.directive !== 'unknown' && f.directive !== 'bce').flatMap((f) => [path.dirname(f.file), path.dirname(f.at.file)]));
    const again = packages.filter((p) => needReasons.has(p.Dir));
    if (again.length > 0) {
      const second = await build('-m=2', extra.filter((f) => f !== '-S'), again.map((p) => p.ImportPath));
      if (!failed(second.r, req.settings)) {
        const redone = new Set(again.map((p) => p.Dir));
        const findings: Finding[] = [...first.parsed.findings.filter((f) => !redone.has(path.dirname(f.file))), ...second.parsed.findings];
        failures = checkAssertions({ directives, findings, sources, assembly: first.assembly });
      }
    }
    const n = failures.length;
    return { ...result, status: 'ok', failures, summary: n === 0 ? 'all assertions hold' : `${n} assertion${n === 1 ? '' : 's'} failed`, stderr: '' };
  } finally {
    for (const s of sources) s.tree.delete();
  }
}
