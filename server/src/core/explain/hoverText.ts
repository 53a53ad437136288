// Hover text for a finding, and for a variable the compiler left on the stack. Markdown only:
// the LSP layer supplies how positions and RULES.md become links, so this stays pure.
import type { Finding } from '../findings';
import { subjectOf } from '../compiler/parseText';
import { RULES_DOCUMENT, ruleEntry, ruleHref } from '../catalogue/catalogue';
import { RuleId } from '../catalogue/ids';
import { ChainStep, code, explainChain } from './chain';
import type { ReasonContext } from './reason';

export interface HoverOptions {
  /** The go version the verdict came from (`go1.26.8`). */
  goVersion?: string;
  /** A link target for a position the compiler named (1-based line, 1-based byte column). */
  fileUri?: (file: string, line: number, column: number) => string;
  /** Where RULES.md is reachable for the client: relative path, file URI or web URL. */
  rulesBase?: string;
  /** The title of a verified quick fix for this finding, when the LSP layer has one. */
  quickFixTitle?: string;
  /** `buildReasonContext(findings of the same build)`, so the hover reads as `explainFindings` classified. */
  context?: ReasonContext;
}

function basename(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** "line 15" in the finding's own file, "log.go:409" elsewhere; a link when a URI maker is given. */
function location(step: ChainStep, finding: Finding, opts: HoverOptions): string {
  if (step.line === undefined) return '';
  const label = step.file && step.file !== finding.file ? `${basename(step.file)}:${step.line}` : `line ${step.line}`;
  if (!step.file || !opts.fileUri) return ` (${label})`;
  return ` ([${label}](${opts.fileUri(step.file, step.line, step.column ?? 1)}))`;
}

function verdict(finding: Finding, boxed: boolean): string {
  const subject = subjectOf(finding.message) ?? finding.message;
  switch (finding.category) {
    case 'moved':
      return `${code(subject)} is moved to the heap`;
    case 'escapes':
      if (subject === 'append') return 'The backing array `append` allocates is on the heap';
      return boxed ? `${code(subject)} is copied to the heap for an interface value` : `${code(subject)} is allocated on the heap`;
    case 'leak':
      return `Parameter ${code(subject)} leaks`;
    default:
      return `${code(subject)} stays on the stack`;
  }
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
 * The hover for one finding: verdict, the compiler's words, the chain with links, the rule, the
 * fix, and the go version. The rule page (RULES.md) holds the longer text, such as when a fix is
 * not worth it.
 */
export function hoverMarkdown(finding: Finding, opts: HoverOptions = {}): string {
  const base = opts.rulesBase ?? RULES_DOCUMENT;
  const predicted = finding.origin === 'prediction';
  const chain = predicted ? undefined : explainChain(finding, opts.goVersion, opts.context);
  const ruleId = chain ? chain.reason.rule : finding.rule;
  const entry = ruleEntry(ruleId);
  const out: string[] = [];

  out.push(`**${verdict(finding, chain?.reason.boxed ?? false)}**`);
  out.push(`${predicted ? 'The compiler would print' : 'Compiler'}: ${code(finding.message)}`);
  const instances = instancesLine(finding);
  if (instances) out.push(instances);

  const rule = entry ? `[${entry.title}](${ruleHref(entry.id, base)})` : code(ruleId);
  if (chain && chain.steps.length > 0) {
    const lines = chain.steps.map((s, i) => `${i + 1}. ${s.text}${location(s, finding, opts)}`);
    out.push(`**Why** (${rule}):\n\n${lines.join('\n')}\n\n${chain.conclusion}`);
  } else if (chain) {
    out.push(`**Why** (${rule}): ${chain.conclusion}`);
  } else {
    out.push(`**Rule:** ${rule}`);
  }
  // Causes have a fix; the other verdicts are explained by their summary.
  if (entry && entry.kind === 'cause') out.push(`**Fix:** ${entry.avoid}`);
  else if (entry && ruleId !== RuleId.NoEscape) out.push(entry.summary);
  if (opts.quickFixTitle) out.push(`**Quick fix:** ${opts.quickFixTitle} (from the light bulb).`);
  if (entry?.versionNote && (ruleId === RuleId.NonConstantSize || ruleId === RuleId.NoEscape) && /make\(/.test(finding.message)) {
    out.push(entry.versionNote);
  }
  const related = (entry?.seeAlso ?? []).map((id) => ruleEntry(id)).filter((e) => e !== undefined);
  if (related.length > 0) out.push(`See also: ${related.map((e) => `[${e.title}](${ruleHref(e.id, base)})`).join(', ')}`);
  out.push(versionLine(opts.goVersion, predicted));
  return out.join('\n\n');
}

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
