// The checker behind `check --baseline` and `check --base`: heap findings that the baseline does
// not have, each with the compiler's reason (its package is compiled again with -m=2 when it has
// one, so that a caller whose local escapes because a callee changed names that callee), and
// with --show-fixed the baseline's findings that went away.
import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import type { AnalysedPackage, CheckInput, Checker, GateReport } from '../gate/checker';
import type { Finding } from '../findings';
import { chainSentence, explainChain, plain } from '../explain/chain';
import { buildReasonContext } from '../explain/reason';
import type { Baseline, BaselineEntry } from './baselineFile';
import { diffAgainst } from './diff';
import { enclosingFunctions } from './functions';
import { FindingKey, ModulePlace, fingerprint, keyFindings } from './key';

export interface NewFindingsOptions {
  baseline: Baseline;
  parser: Parser;
  showFixed: boolean;
}

/** The module path and root of a package directory (`std` for the standard library). */
export function placeOf(p: AnalysedPackage): ModulePlace {
  if (p.module?.dir) return { module: p.module.path, root: p.module.dir };
  const importPath = p.importPath.replace(/ \[.*\]$/, '');
  if (!p.module && p.dir.endsWith(path.sep + importPath.split('/').join(path.sep))) return { module: 'std', root: p.dir.slice(0, p.dir.length - importPath.length - 1) };
  // Files outside any module (command-line-arguments).
  return { module: '', root: p.dir };
}

/** The place of every analysed package's directory. */
export function modulePlaces(packages: readonly AnalysedPackage[]): (dir: string) => ModulePlace {
  const byDir = new Map<string, ModulePlace>();
  for (const p of packages) if (!byDir.has(p.dir)) byDir.set(p.dir, placeOf(p));
  return (dir) => byDir.get(dir) ?? { module: '', root: dir };
}

/** A package directory relative to its module root, as baseline entries' directories are. */
function moduleDir(place: ModulePlace, dir: string): string {
  return `${place.module}\0${path.relative(place.root, dir).split(path.sep).join('/')}`;
}

/** Heap findings of an input by key, with their enclosing functions read from the source. */
export function keyedFindings(input: CheckInput, parser: Parser): Map<Finding, FindingKey> {
  const functions = enclosingFunctions(input.findings, parser, (f) => {
    try {
      return input.readFile(f);
    } catch {
      return undefined;
    }
  });
  const place = modulePlaces(input.packages);
  return keyFindings(input.findings, (file) => place(path.dirname(file)), (f) => functions.get(f) ?? '');
}

export function newFindingsChecker(opts: NewFindingsOptions): Checker {
  let memo: { input: CheckInput; dirs: Set<string> } | undefined;
  const diffOf = (input: CheckInput) => {
    const analysed = new Set(input.packages.map((p) => moduleDir(placeOf(p), p.dir)));
    const dirOf = (e: BaselineEntry) => `${e.module}\0${path.posix.dirname(e.file) === '.' ? '' : path.posix.dirname(e.file)}`;
    return diffAgainst(keyedFindings(input, opts.parser), opts.baseline.findings, (e) => analysed.has(dirOf(e)));
  };
  return {
    name: 'new heap findings',
    needs(pkg, input) {
      if (memo?.input !== input) memo = { input, dirs: new Set(diffOf(input).added.map((a) => path.dirname(a.finding.file))) };
      return memo.dirs.has(pkg.dir) && !pkg.explained ? { explain: true } : undefined;
    },
    check(input) {
      const diff = diffOf(input);
      const context = buildReasonContext(input.findings);
      const reports: GateReport[] = diff.added.map(({ finding: f, key }) => ({
        kind: 'new',
        file: f.file,
        line: f.line,
        column: f.column,
        message: f.message,
        category: f.category,
        rule: f.rule,
        function: key.function,
        flows: f.flows,
        detail: f.flows?.length ? plain(chainSentence(explainChain(f, input.goVersion, context))) : undefined,
        fingerprint: fingerprint(key),
      }));
      if (opts.showFixed) {
        const roots = new Map(input.packages.map(placeOf).map((m) => [m.module, m.root]));
        for (const e of diff.fixed) {
          reports.push({ kind: 'fixed', file: path.join(roots.get(e.module) ?? '', ...e.file.split('/')), line: e.line, column: e.column, message: e.message, category: e.category, function: e.function, fingerprint: fingerprint(e) });
        }
      }
      return reports;
    },
  };
}
