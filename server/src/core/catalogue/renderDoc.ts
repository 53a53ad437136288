// Renders the rule catalogue into RULES.md: one section per rule with a stable anchor
// (`<a id="<rule-id>"></a>`) that diagnostics link to. scripts/gen-rules-doc.mjs writes the
// file; a unit test renders it again and compares, so the document cannot drift from the data.
import { CATALOGUE, RuleEntry, RuleKind, ruleEntry } from './catalogue';

const GROUPS: { kind: RuleKind; title: string; intro: string }[] = [
  {
    kind: 'cause',
    title: 'Why a value moves to the heap',
    intro: 'Each finding is classified under one of these from the steps the compiler itself printed with `-gcflags=-m=2`, never from a guess about the code.',
  },
  {
    kind: 'verdict',
    title: 'Other verdicts',
    intro: 'Compiler messages that are not heap allocations themselves, and the case where the compiler gave no reason.',
  },
  {
    kind: 'advice',
    title: 'Advice',
    intro: 'Guidance that no single compiler message proves. Hovers link these from the causes they relate to.',
  },
  {
    kind: 'decision',
    title: 'Other compiler decisions',
    intro: 'Inlining, bounds checks and nil checks, shown only when named in `include` (`inline`, `bounds`, `nil`): they ask the compiler for more output.',
  },
  {
    kind: 'assertion',
    title: 'Assertions',
    intro: 'Failures of the directives `go-escape check` and the editor verify: gcassert\'s `//gcassert:noescape`, `//gcassert:inline` and `//gcassert:bce`, and `//go-escape:noheap`.',
  },
];

const FIX_TITLES: Record<string, string> = {
  'return-by-value': 'return the value instead of a pointer',
  preallocate: 'pre-allocate the slice with its final capacity',
  'closure-capture': 'pass the captured variable to the function literal as an argument',
};

function section(e: RuleEntry): string {
  const out: string[] = [];
  out.push(`<a id="${e.id}"></a>`);
  out.push(`### ${e.title}`);
  out.push(`Rule \`${e.id}\` (${e.kind})`);
  out.push(e.summary);
  if (e.compilerPrints.length > 0) {
    out.push(`**What the compiler prints**\n\n${e.compilerPrints.map((m) => `- \`${m}\``).join('\n')}`);
  }
  out.push(`**How to avoid it**\n\n${e.avoid}`);
  out.push(`**When it is not worth it**\n\n${e.notWorthIt}`);
  if (e.versionNote) out.push(`**Go versions**\n\n${e.versionNote}`);
  if (e.fix) out.push(`**Quick fix**\n\nWhere the change is safe and the compiler confirms it helps, the light bulb offers to ${FIX_TITLES[e.fix] ?? e.fix} (\`${e.fix}\`).`);
  if (e.seeAlso && e.seeAlso.length > 0) {
    const titles = e.seeAlso.map((id) => {
      const other = ruleEntry(id);
      return other ? `[${other.title}](#${id})` : `\`${id}\``;
    });
    out.push(`**See also**: ${titles.join(', ')}`);
  }
  out.push(`**In the article**: ${e.articleSection}`);
  if (e.links.length > 0) out.push(`**Read more**\n\n${e.links.map((l) => `- [${l.title}](${l.href})`).join('\n')}`);
  return out.join('\n\n');
}

export function renderRulesDocument(catalogue: readonly RuleEntry[] = CATALOGUE): string {
  const out: string[] = [];
  out.push('# Go Escape rules');
  out.push('<!-- Generated from server/src/core/catalogue/catalogue.ts by `npm run rules-doc`. Edit the catalogue, not this file. -->');
  out.push(
    'Every diagnostic of the extension carries one of these rule ids as its code and links to its section here. The verdicts come from the Go compiler you build with (`go build -gcflags=-m`); the text below was checked against go1.26.8 (the test fixtures also against recorded go1.24.0 and go1.25.0 output), and says so where a release behaves differently. Explanations are written for this project; the rules follow the article "Memory Mechanics In Go: Stack vs Heap".',
  );
  const contents = GROUPS.map((g) => {
    const items = catalogue.filter((e) => e.kind === g.kind).map((e) => `  - [${e.title}](#${e.id}) \`${e.id}\``);
    return `- ${g.title}\n${items.join('\n')}`;
  });
  out.push(`## Contents\n\n${contents.join('\n')}`);
  for (const g of GROUPS) {
    const entries = catalogue.filter((e) => e.kind === g.kind);
    if (entries.length === 0) continue;
    out.push(`## ${g.title}`);
    out.push(g.intro);
    for (const e of entries) out.push(section(e));
  }
  return out.join('\n\n') + '\n';
}
