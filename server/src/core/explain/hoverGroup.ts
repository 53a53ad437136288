// One short hover for several findings at one place (a line of `return &T{...}` after inlining
// can carry six): a headline and a one-line reason per finding, then each distinct fix, quick
// fix line and note once, and one version line. The single-finding hover keeps the full chain.
import type { Finding } from '../findings';
import { RULES_DOCUMENT, ruleHref } from '../catalogue/catalogue';
import { HoverOptions, HoverParts, hoverMarkdown, hoverParts, seeAlsoLine, versionLine } from './hoverText';

/** Options that differ per finding: its quick fix, or why it has none. */
export type PerFindingOptions = (f: Finding) => Pick<HoverOptions, 'quickFixTitle' | 'refused'>;

/** The hover for the findings at one place; one finding gets the full single hover. */
export function hoverGroupMarkdown(findings: readonly Finding[], opts: HoverOptions = {}, perFinding?: PerFindingOptions): string {
  if (findings.length === 0) return '';
  if (findings.length === 1) return hoverMarkdown(findings[0], { ...opts, ...perFinding?.(findings[0]) });
  // One heap verdict among verdicts that it stays on the stack or leaks: it gets the full
  // hover (with its chain), the others a line each.
  const heap = findings.filter((f) => f.category === 'moved' || f.category === 'escapes');
  if (heap.length === 1) {
    const others = findings.filter((f) => f !== heap[0]).map((f) => hoverParts(f, { ...opts, ...perFinding?.(f) }));
    const also = others.map((p) => `- **${p.headline}** ${p.compiler}.`).join('\n');
    return `${hoverMarkdown(heap[0], { ...opts, ...perFinding?.(heap[0]) })}\n\nAlso here:\n${also}`;
  }
  // Heap verdicts first: they are what the user came for.
  const ordered = [...findings].sort((a, b) => weight(a) - weight(b));
  const parts: HoverParts[] = ordered.map((f) => hoverParts(f, { ...opts, ...perFinding?.(f) }));
  const out: string[] = [];
  const base = opts.rulesBase ?? RULES_DOCUMENT;
  parts.forEach((p, i) => {
    const rule = p.entry ? ` ([${p.entry.title}](${ruleHref(p.entry.id, base)}))` : '';
    const quick = p.quick ? ` ${p.quick}` : '';
    out.push(`${i + 1}. **${p.headline}**: ${p.reason}${rule}${quick} ${p.compiler}.`);
  });
  // Fixes and notes that several findings share are said once.
  const fixes = unique(parts.filter((p) => p.fix).map((p) => `**Fix** (${p.entry?.title ?? p.finding.rule}): ${p.fix}`));
  const notes = unique(parts.flatMap((p) => p.notes));
  const body = [out.join('\n'), ...fixes, ...notes];
  const also = seeAlsoLine(parts.flatMap((p) => p.seeAlso), base);
  if (also) body.push(also);
  body.push(versionLine(opts.goVersion, parts.every((p) => p.predicted)));
  return body.join('\n\n');
}

const ORDER: Record<string, number> = { moved: 0, escapes: 1, leak: 2, noalloc: 3, noescape: 4 };
const weight = (f: Finding) => ORDER[f.category] ?? 5;

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
