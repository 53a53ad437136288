// The Fix line of a hover, fitted to the case: what the user can change depends on where the
// code that allocates lives (this package, the standard library, a dependency, behind an
// interface), on how a closure is used, and on whether the code runs once at initialisation.
// Also the line that says why a quick fix is not offered.
import type { Node } from 'web-tree-sitter';
import { RuleId } from '../catalogue/ids';
import { ruleEntry } from '../catalogue/catalogue';
import { messageCategory, type Finding } from '../findings';
import type { RefusedFix } from '../fixes/actions';
import { importedPackages } from '../fixes/syntax';
import type { Chain } from './chain';
import { atLeast } from './chain';
import { code } from './markdown';
import { storageKind } from './flowText';
import { subjectOf } from '../compiler/parseText';
import { PackageSyntax, nodeAtCompiler, packageIndex } from './packageSyntax';
import { likelyImportName } from './typeWorld';
import { messageNoAllocation } from './noAlloc';

/** Where a called function is declared, as far as the source tells. */
export type CalleeHome =
  | { kind: 'package' }
  | { kind: 'std' | 'module' | 'dependency'; importPath: string }
  /** Called through an interface or a function value: the compiler cannot see what runs. */
  | { kind: 'dynamic' }
  | { kind: 'unknown' };

export interface FixContext {
  pkg?: PackageSyntax;
  /** The module path of the finding's module (go.mod), to tell its packages from dependencies. */
  modulePath?: string;
  goVersion?: string;
}

/** Where `callee` (as the compiler or the source names it) is declared, seen from `file`. */
export function calleeHome(callee: string, file: string, ctx: FixContext): CalleeHome {
  const src = ctx.pkg?.file(file);
  if (!src || !ctx.pkg) return { kind: 'unknown' };
  // `(*T).m` and `T.m`: a method of this package's type; `f`: a function of this package.
  const method = /^\(\*?([A-Za-z_]\w*)\)\.\w+$/.exec(callee) ?? /^([A-Za-z_]\w*)\.\w+$/.exec(callee);
  const index = packageIndex(ctx.pkg);
  if (method && index.types.has(method[1])) return { kind: 'package' };
  if (/^[A-Za-z_]\w*$/.test(callee)) return index.funcs.has(callee) ? { kind: 'package' } : { kind: 'dynamic' };
  const qualified = /^([A-Za-z_]\w*)\.(?:\(\*?\w+\)\.)?\w+(?:\.\w+)?$/.exec(callee);
  if (qualified) {
    const imp = importedPackages(src.root).find((i) => (i.name ?? likelyImportName(i.path)) === qualified[1]);
    if (imp) return homeOf(imp.path, ctx.modulePath);
  }
  return { kind: 'dynamic' };
}

function homeOf(importPath: string, modulePath?: string): CalleeHome {
  if (!importPath.split('/')[0].includes('.')) return { kind: 'std', importPath };
  if (modulePath && (importPath === modulePath || importPath.startsWith(`${modulePath}/`))) return { kind: 'module', importPath };
  return { kind: 'dependency', importPath };
}

function where(home: CalleeHome): string {
  if (home.kind === 'std') return 'in the standard library';
  if (home.kind === 'dependency') return `in ${code(home.importPath)}, a dependency`;
  return 'in another package';
}

/** What the caller of a standard-library or dependency function can do, for a few well-known ones. */
function callerSide(callee: string, ctx: FixContext): string {
  if (callee === 'errors.As') {
    const asType = ctx.goVersion && atLeast(ctx.goVersion, 1, 26) ? '`errors.AsType[T](err)` (Go 1.26) returns the match instead of writing it through a pointer, so nothing moves to the heap for it; or ' : '';
    return `${asType}keep \`errors.As\` on the error path, where one allocation rarely matters.`;
  }
  if (callee === 'errors.New') return 'create the error once, at package level (`var errX = errors.New("...")`), and return that: it allocates once instead of at every call.';
  return 'pass a value instead of a pointer where the API takes one, reuse one long-lived value (a field of a struct that is already on the heap) instead of a new one per call, or keep the call out of hot paths.';
}

/** The function literal a closure finding is about: at the finding, or where the capture happens. */
function closureNode(f: Finding, chain: Chain, pkg?: PackageSyntax): Node | undefined {
  const places = [chain.reason.decisive, f].filter((p) => p?.file && p.line !== undefined) as { file: string; line: number; column?: number }[];
  for (const p of places) {
    const file = pkg?.file(p.file);
    if (!file) continue;
    for (let n: Node | null = nodeAtCompiler(file, p.line, p.column ?? 1); n; n = n.parent) if (n.type === 'func_literal') return n;
  }
  return undefined;
}

function closureFix(f: Finding, chain: Chain, ctx: FixContext, fallback: string): string {
  const lit = closureNode(f, chain, ctx.pkg);
  const call = lit?.parent?.type === 'call_expression' && lit.parent.childForFieldName('function')?.id === lit.id ? lit.parent : undefined;
  const stmt = call?.parent?.type;
  if (stmt === 'go_statement' || stmt === 'defer_statement') return fallback;
  if (!lit) return fallback;
  if (messageCategory(f) === 'moved') {
    return 'The function literal is stored or returned, so it outlives the function, and a variable it captures by reference goes with it: stop assigning to the variable after the literal is made (it is then captured by value, when at most 128 bytes and its address is not taken), or pass it as an argument.';
  }
  return 'A closure that captures variables is allocated where it is made: make it once (outside loops and per-request code) and reuse it, or have it capture nothing, by passing what it needs as arguments; one that captures nothing is a static function value.';
}

/**
 * The Fix text for a finding (Markdown), or undefined when there is nothing to fix: no
 * allocation, a verdict that is not one, or code that runs once at package initialisation.
 */
export function fixAdvice(f: Finding, chain: Chain | undefined, ctx: FixContext): string | undefined {
  if (f.noAlloc || messageNoAllocation(f)) return undefined;
  const rule = chain?.reason.rule ?? f.rule;
  const entry = ruleEntry(rule);
  if (!entry || entry.kind !== 'cause') return undefined;
  const generic = entry.hoverFix ?? entry.avoid;
  // Once per program run: the note says so, and there is nothing to fix.
  if (f.packageInit) return undefined;
  if (f.inlined) {
    const home = calleeHome(f.inlined.callee, f.file, ctx);
    if (home.kind === 'std' || home.kind === 'dependency') {
      return `The allocation is in ${code(f.inlined.callee)} (${where(home)}), inlined here, so only this call can change: ${callerSide(f.inlined.callee, ctx)}`;
    }
    if (home.kind === 'package' || home.kind === 'module') return `In ${code(f.inlined.callee)}, which the compiler inlined here: ${lowerFirst(adviceFor(f, chain, ctx, rule, generic))}`;
  }
  return adviceFor(f, chain, ctx, rule, generic);
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function adviceFor(f: Finding, chain: Chain | undefined, ctx: FixContext, rule: string, generic: string): string {
  if (!chain) return generic;
  if (rule === RuleId.LeakingCall && chain.reason.callee) {
    const callee = chain.callee ?? chain.reason.callee;
    const home = calleeHome(callee, f.file, ctx);
    if (home.kind === 'std' || home.kind === 'dependency') {
      // A value (not an allocation expression) that escapes is the copy made for an interface parameter.
      const boxed = messageCategory(f) === 'escapes' && ['interface-box', 'selector', 'binary'].includes(storageKind(subjectOf(f.message) ?? ''));
      const what = boxed ? 'in hot code use an API that takes the concrete type instead of an interface, or keep the call out of hot paths.' : callerSide(callee, ctx);
      return `${code(callee)} is ${where(home)}, so only this call can change: ${what}`;
    }
    if (home.kind === 'dynamic') {
      return `${code(callee)} is called through an interface or a function value, so the compiler cannot see the function that runs and assumes it keeps its arguments: in hot code call the concrete type's method instead, or pass a value instead of a pointer.`;
    }
    if (home.kind === 'package' || home.kind === 'module') return `Change ${code(callee)} so that it does not keep the pointer (copy what it needs), or pass a value instead of a pointer.`;
  }
  if (rule === RuleId.ClosureCapture) return closureFix(f, chain, ctx, generic);
  if (rule === RuleId.InterfaceConversion && chain.reason.callee === 'panic') {
    return 'Nothing to gain: the value is converted only when the panic happens.';
  }
  return generic;
}

/**
 * Why the quick fix the finding's rule suggests is not offered, as a hover line; undefined when
 * the rule suggests none, the fix was not meant for this finding, or nothing was refused.
 */
export function refusalLine(f: Finding, rule: string, refused: readonly RefusedFix[] | undefined): string | undefined {
  const kind = ruleEntry(rule)?.fix;
  if (!kind || f.noAlloc || messageNoAllocation(f) || f.packageInit) return undefined;
  const r = refused?.find((x) => x.fix === kind && !x.inapplicable && !/cancelled/.test(x.reason));
  if (!r) return undefined;
  return `_Quick fix not offered: ${r.reason.replace(/^verification: /, '')}._`;
}
