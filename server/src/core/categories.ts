// Which categories the user asked to see (`goEscape.include`, CLI `--include`), and what each holds.
import { ALL_CATEGORIES, Category, DEFAULT_CATEGORIES, KNOWN_CATEGORIES } from './findings';

/** One line per category, for settings descriptions and CLI help. */
export const CATEGORY_DESCRIPTIONS: Record<Category, string> = {
  moved: 'variables moved to the heap',
  escapes: 'allocating expressions',
  leak: 'parameters that leak',
  noescape: 'values proven to stay on the stack',
  noalloc: 'verdicts the compiler reports as escaping that allocate nothing at run time (constants, single bytes and zero-size values in interfaces, and the like)',
  inline: 'inlined calls, and functions that cannot be inlined with the reason',
  bounds: 'bounds checks left in',
  nil: 'nil checks left in',
};

/**
 * Parses a list such as `moved,escapes`, `all` or `all,inline`; unknown names are reported, not
 * ignored. `all` is every escape-analysis category; `inline`, `bounds` and `nil` make the
 * compiler do extra work and print much more, so they are only on when named.
 */
export function parseInclude(value: string | readonly string[] | undefined): { include: Set<Category>; unknown: string[] } {
  if (value === undefined) return { include: new Set(DEFAULT_CATEGORIES), unknown: [] };
  const items = (typeof value === 'string' ? value.split(',') : [...value]).map((s) => s.trim()).filter(Boolean);
  const include = new Set<Category>();
  const unknown: string[] = [];
  for (const item of items) {
    if (item === 'all') ALL_CATEGORIES.forEach((c) => include.add(c));
    else if ((KNOWN_CATEGORIES as readonly string[]).includes(item)) include.add(item as Category);
    else unknown.push(item);
  }
  return { include, unknown };
}
