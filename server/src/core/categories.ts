// Which categories the user asked to see (`goEscape.include`, CLI `--include`).
import { ALL_CATEGORIES, Category, DEFAULT_CATEGORIES, KNOWN_CATEGORIES } from './findings';

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
