// Hover text for a finding, and for a variable the compiler left on the stack. Markdown only:
// the LSP layer supplies how positions and RULES.md become links, so this stays pure. A hover
// reads from the top: what happens at run time, why in one line, what to do about it (the fix,
// or why no quick fix is offered), then the compiler's chain and its exact words.
import { messageCategory, type Finding } from '../findings';
import { subjectOf } from '../compiler/parseText';
import { RULES_DOCUMENT, RuleEntry, ruleEntry, ruleHref } from '../catalogue/catalogue';
import { RuleId } from '../catalogue/ids';
import type { RefusedFix } from '../fixes/actions';
import { Chain, ChainStep, explainChain } from './chain';
import { fixAdvice, refusalLine } from './fixAdvice';
import { code, sentence } from './markdown';
import { messageNoAllocation } from './noAlloc';
import { noAllocHeadline, noAllocSentence } from './noAllocText';
import type { PackageSyntax } from './packageSyntax';
import type { ReasonContext } from './reason';
import { SourceText, calleePackage, hasInternalNames, internalWord } from './sourceText';

export interface HoverOptions {
  /** The go version the verdict came from (`go1.26.8`). */
  goVersion?: string;
  /** A link target for a position the compiler named (1-based line, 1-based byte column). */
  fileUri?: (file: string, line: number, column: number) => string;
  /** Where RULES.md is reachable for the client: relative path, file URI or web URL. */
  rulesBase?: string;
  /** The title of a verified quick fix for this finding, when the LSP layer has one. */
  quickFixTitle?: string;
  /** Quick fixes considered for this finding and not offered (`FindingActions.refused`). */
  refused?: readonly RefusedFix[];
  /** `buildReasonContext(findings of the same build)`, so the hover reads as `explainFindings` classified. */
  context?: ReasonContext;
  /** The package's parsed files: compiler temporaries are shown as the source they hold, fixes fit where callees live. */
  pkg?: PackageSyntax;
  /** The module path (go.mod), to tell the module's own packages from dependencies. */
  modulePath?: string;
}

/** What a hover says about one finding, before it is laid out alone or with others on its line. */
export interface HoverParts {
  finding: Finding;
  entry?: RuleEntry;
  headline: string;
  /** The reason in one sentence. */
  reason: string;
  /** The chain block, when it says more than the reason line. */
  why?: string;
  fix?: string;
  /** The quick fix on offer, or why the rule's quick fix is not offered. */
  quick?: string;
  compiler: string;
  instances?: string;
  notes: string[];
  seeAlso: RuleEntry[];
  predicted: boolean;
}

function basename(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** " (line 15)" in the finding's own file, " (log.go:409)" elsewhere; a link when a URI maker is given. */
export function location(step: { file?: string; line?: number; column?: number }, finding: Finding, opts: HoverOptions): string {
  if (step.line === undefined) return '';
  const label = step.file && step.file !== finding.file ? `${basename(step.file)}:${step.line}` : `line ${step.line}`;
  if (!step.file || !opts.fileUri) return ` (${label})`;
  return ` ([${label}](${opts.fileUri(step.file, step.line, step.column ?? 1)}))`;
}

/** Renders the finding's compiler names as source: inlined callees' locals lose their package. */
export function sourceTextFor(f: Finding, pkg?: PackageSyntax): SourceText {
  const callees = f.inlined ? [f.inlined.callee, ...(f.inlined.nested ?? [])] : [];
  const pkgs = callees.map(calleePackage).filter((p): p is string => p !== undefined);
  return new SourceText(pkg, pkgs);
}

function verdict(finding: Finding, subject: string, boxed: boolean): string {
  const s = sentence(subjectPhrase(subject));
  switch (messageCategory(finding)) {
    case 'moved':
      return `${s} is moved to the heap`;
    case 'escapes':
      if (subject === 'append') return 'The backing array `append` allocates is on the heap';
      return boxed ? `${s} is copied to the heap for an interface value` : `${s} is allocated on the heap`;
    case 'leak':
      return /^~[rpb]\d+$/.test(subject) ? `${sentence(internalWord(subject))} (unnamed) leaks` : `Parameter ${code(subject)} leaks`;
    default:
      return `${code(subject)} stays on the stack`;
  }
}

/** "In the inlined call to `allocateContext` (gin.go:253): " for a callee's verdict reported at the call. */
function inlinedPrefix(f: Finding, opts: HoverOptions): string {
  const call = f.inlined;
  if (!call) return '';
  // A method of this package reads best by its name; other packages keep theirs.
  const name = calleePackage(call.callee) ? call.callee : call.callee.replace(/^\(\*?\w+\)\.|^\w+\./, '');
  const nested = call.nested?.length ? ` (through ${call.nested.map((n) => code(n)).join(', ')})` : '';
  const at = call.file && call.line !== undefined ? location({ file: call.file, line: call.line, column: call.column }, { ...f, file: '' }, opts) : '';
  return `In the inlined call to ${code(name)}${at}${nested}: `;
}

/** The compiler's message, with its temporaries shown as the source they hold. */
function compilerLine(f: Finding, text: SourceText, predicted: boolean): string {
  const label = predicted ? 'The compiler would print' : 'Compiler';
  if (!hasInternalNames(f.message)) return `${label}: ${code(f.message)}`;
  const subject = subjectOf(f.message);
  let msg = subject && !/^~[rpb]\d+$/.test(subject) ? f.message.replace(subject, text.expr(subject, f)) : f.message;
  msg = msg.replace(/result ~r(\d+)/g, (_, n) => `result ${Number(n) + 1}`).replace(/~[rpb]\d+/g, (m) => `(${internalWord(m)})`);
  return `${label}: ${code(msg)} (temporaries shown as the source they hold)`;
}

function versionLine(goVersion: string | undefined, predicted: boolean): string {
  if (predicted) return '_Predicted from the code as typed; the compiler has not confirmed it yet._';
  return goVersion ? `_Verdict from ${goVersion}._` : '_Verdict from the Go compiler._';
}

/**
 * Which instantiations of generic code a verdict is about: the compiler analyses each one (each
 * shape of type arguments, and each wrapper for a concrete type) and prints its verdict for each.
 */
function instancesLine(f: Finding): string | undefined {
  const list = f.instances ?? (f.func?.includes('[') ? [f.func] : []);
  if (list.length === 0) return undefined;
  const names = list.map((n) => code(n));
  const joined = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const shapes = list.some((n) => n.includes('go.shape.'))
    ? ' (`go.shape.…` names a group of type arguments compiled as one: those with the same underlying type, and all pointer types together)'
    : '';
  return `**Instantiation${list.length > 1 ? 's' : ''}:** the compiler printed this for ${joined}${shapes}.`;
}

/**
 * The step the one-line reason tells: the one that decided the rule, except for an interface
 * conversion, whose deciding step (the copy) the headline already says: there it is where the
 * interface value goes, the last step.
 */
function reasonStep(chain: Chain): ChainStep | undefined {
  const d = chain.reason.decisive;
  if (chain.reason.rule === RuleId.InterfaceConversion) return chain.steps.at(-1);
  return chain.steps.find((s) => d && s.line === d.line && s.column === d.column && s.kind === d.kind) ?? chain.steps.at(-1);
}

/** How a subject reads in a headline: compiler words as words, expressions as code. */
export function subjectPhrase(subject: string): string {
  if (subject === 'func literal') return 'the function literal';
  if (subject === '... argument') return 'the `...` argument slice';
  return code(subject);
}

/** Everything a hover may say about one finding. */
export function hoverParts(finding: Finding, opts: HoverOptions = {}): HoverParts {
  const base = opts.rulesBase ?? RULES_DOCUMENT;
  const predicted = finding.origin === 'prediction';
  const text = sourceTextFor(finding, opts.pkg);
  const chain = predicted ? undefined : explainChain(finding, opts.goVersion, opts.context, text);
  // A constant allocates nothing, annotated or not: the message says enough.
  const noAlloc = finding.noAlloc ?? messageNoAllocation(finding);
  const ruleId = noAlloc ? RuleId.NoAllocation : chain ? chain.reason.rule : finding.rule;
  const entry = ruleEntry(ruleId);
  const cause = chain ? ruleEntry(chain.reason.rule) : undefined;
  const subject = text.expr(subjectOf(finding.message) ?? finding.message, finding);

  const head = noAlloc ? noAllocHeadline(noAlloc, subject) : verdict(finding, subject, chain?.reason.boxed ?? false);
  const prefix = inlinedPrefix(finding, opts);
  const headline = prefix ? `${prefix}${head.charAt(0).toLowerCase()}${head.slice(1)}` : head;

  const step = chain ? reasonStep(chain) : undefined;
  let reason: string;
  if (noAlloc) reason = noAllocSentence(noAlloc);
  else if (step) reason = `${sentence(step.text)}${location(step, finding, opts)}.`;
  else if (chain) reason = chain.conclusion;
  else reason = entry ? `${entry.title}.` : '';

  const link = (e: RuleEntry | undefined, id: string) => (e ? `[${e.title}](${ruleHref(e.id, base)})` : code(id));
  let why: string | undefined;
  if (chain && !noAlloc && (chain.steps.length > 1 || (step && chain.conclusion))) {
    // One step is the reason line already: the conclusion then stands as its own sentence.
    why =
      chain.steps.length > 1
        ? `**Why** (${link(entry, ruleId)}):\n\n${chain.steps.map((s, i) => `${i + 1}. ${s.text}${location(s, finding, opts)}`).join('\n')}\n\n${chain.conclusion}`
        : `**Why** (${link(entry, ruleId)}): ${sentence(chain.conclusion.replace(/^(so:? |and )/, ''))}`;
  } else if (noAlloc) {
    // What the compiler reported, and under which rule: the cause stays visible.
    const said = step ? `: ${step.text}${location(step, finding, opts)}.` : '.';
    why = `**Why** it is reported (${link(cause, chain?.reason.rule ?? '')})${said} Why nothing is allocated: ${link(entry, ruleId)}.`;
  } else {
    why = `**Rule:** ${link(entry, ruleId)}`;
  }

  const fix = noAlloc ? undefined : fixAdvice(finding, chain, { pkg: opts.pkg, modulePath: opts.modulePath, goVersion: opts.goVersion });
  const quick = opts.quickFixTitle ? `**Quick fix:** ${opts.quickFixTitle} (from the light bulb).` : refusalLine(finding, ruleId, opts.refused);
  const notes: string[] = [];
  if (finding.packageInit && !noAlloc) notes.push('_Runs once, at package initialisation, so there is little to gain._');
  if (!noAlloc && entry && entry.kind !== 'cause' && ruleId !== RuleId.NoEscape && ruleId !== RuleId.Unexplained) notes.push(entry.summary);
  if (entry?.versionNote && (ruleId === RuleId.NonConstantSize || ruleId === RuleId.NoEscape) && /make\(/.test(finding.message)) notes.push(entry.versionNote);
  const seeAlso = noAlloc ? [] : (entry?.seeAlso ?? []).map((id) => ruleEntry(id)).filter((e): e is RuleEntry => e !== undefined);
  return { finding, entry, headline, reason, why, fix, quick, compiler: compilerLine(finding, text, predicted), instances: instancesLine(finding), notes, seeAlso, predicted };
}

/** Links to related rules, once each. */
export function seeAlsoLine(entries: readonly RuleEntry[], base: string): string | undefined {
  const unique = [...new Map(entries.map((e) => [e.id, e])).values()];
  return unique.length > 0 ? `See also: ${unique.map((e) => `[${e.title}](${ruleHref(e.id, base)})`).join(', ')}` : undefined;
}

/**
 * The hover for one finding: what happens at run time, why, the fix (or why no quick fix is
 * offered), then the chain, the compiler's words and the go version. The rule page (RULES.md)
 * holds the longer text, such as when a fix is not worth it.
 */
export function hoverMarkdown(finding: Finding, opts: HoverOptions = {}): string {
  const p = hoverParts(finding, opts);
  const out: string[] = [`**${p.headline}**`];
  if (p.reason) out.push(p.reason);
  if (p.fix) out.push(`**Fix:** ${p.fix}`);
  if (p.quick) out.push(p.quick);
  out.push(...p.notes);
  if (p.why) out.push(p.why);
  out.push(p.compiler);
  if (p.instances) out.push(p.instances);
  const also = seeAlsoLine(p.seeAlso, opts.rulesBase ?? RULES_DOCUMENT);
  if (also) out.push(also);
  out.push(versionLine(opts.goVersion, p.predicted));
  return out.join('\n\n');
}

export { versionLine };

/**
 * The hover for a variable the compiler did not move: it stays on the stack, as of the last
 * successful build. Only call it when the package compiled; otherwise the verdict is unknown.
 */
export function stackHoverMarkdown(name: string, goVersion?: string, opts: { rulesBase?: string } = {}): string {
  const entry = ruleEntry(RuleId.NoEscape)!;
  const from = goVersion ? ` (${goVersion})` : '';
  return [
    `**${code(name)} stays on the stack**`,
    `The compiler${from} reported no heap allocation for ${code(name)} when the package last compiled, so it lives in the stack frame and costs nothing to free.`,
    `[${entry.title}](${ruleHref(entry.id, opts.rulesBase ?? RULES_DOCUMENT)})`,
  ].join('\n\n');
}
