// How much text is parsed at once: small files in one go, larger ones in slices over several
// turns of the event loop, and the largest not at all.

/**
 * Files past this size get no tree and no predictions; the compiler still judges them. Parsing
 * a file in slices keeps each step short only up to about this size: every step of an
 * incremental parse walks the top-level declarations parsed before it.
 */
export const MAX_TREE_CHARS = 1024 * 1024;
/** Files past this size are parsed in slices, over several turns of the event loop. */
export const SLICED_PARSE_CHARS = 32 * 1024;
