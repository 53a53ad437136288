// What a hover must never show: the compiler's names for temporaries, results and unnamed
// parameters, inlined callees' qualified locals, and paths of temporary or module directories.
const INTERNALS = /\.autotmp_\d+|~[rpb]\d+|strings\.oldnew/;

/** The first internal name or path in a hover, or undefined when it has none. */
export function leakedInternals(markdown: string, dirs: readonly string[]): string | undefined {
  const m = INTERNALS.exec(markdown);
  if (m) return `shows ${m[0]}`;
  for (const d of [...dirs, '/tmp/', 'go-escape-']) if (markdown.includes(d)) return `shows the path ${d}`;
  return undefined;
}
