// Parses a large text over several turns of the event loop: the text is fed to tree-sitter a
// part at a time, each part ending where a top-level declaration starts, and every step is an
// incremental parse that reuses the tree of the parts before. The result is the tree a single
// parse would give; no step holds the event loop for longer than a part takes.
import { Edit, type Parser, type Point, type Tree } from 'web-tree-sitter';
import type { Slicer } from '../util/slices';
import { MAX_TREE_CHARS, SLICED_PARSE_CHARS } from './limits';

/** How a text is parsed: at once, in slices over several turns of the event loop, or not at all. */
export type ParseWay = 'whole' | 'slices' | 'none';

/** The way a text of `length` characters is parsed, by the limits of limits.ts. */
export function parseWayFor(length: number): ParseWay {
  if (length > MAX_TREE_CHARS) return 'none';
  return length > SLICED_PARSE_CHARS ? 'slices' : 'whole';
}

/**
 * A tree of `text` parsed the way its size says, so that it does not hold the event loop: null
 * for a text too large to parse at all, and when stopped or tree-sitter gave up.
 */
export async function parseBySize(parser: Parser, text: string, slicer: Slicer): Promise<Tree | null> {
  const way = parseWayFor(text.length);
  if (way === 'none') return null;
  return way === 'slices' ? parseInSlices(parser, text, slicer) : parser.parse(text);
}

/** About how many characters one step parses. */
const PART_CHARS = 32 * 1024;

/** Where top-level declarations start: a line that begins with one of these words. */
const TOP_LEVEL = /\n(?=(?:func|type|var|const|import)\b)/g;

/** Offsets at which the text is cut into parts, ending with its length. */
export function partEnds(text: string, partChars = PART_CHARS): number[] {
  const ends: number[] = [];
  let last = 0;
  TOP_LEVEL.lastIndex = 0;
  for (let m = TOP_LEVEL.exec(text); m; m = TOP_LEVEL.exec(text)) {
    const at = m.index + 1;
    if (at - last >= partChars) {
      ends.push(at);
      last = at;
    }
  }
  if (last < text.length || ends.length === 0) ends.push(text.length);
  return ends;
}

/** The tree of `text`, parsed in parts; null when stopped (or when tree-sitter gave up). */
export async function parseInSlices(parser: Parser, text: string, slicer: Slicer, partChars = PART_CHARS): Promise<Tree | null> {
  let tree: Tree | null = null;
  let parsed = { offset: 0, point: { row: 0, column: 0 } };
  try {
    for (const end of partEnds(text, partChars)) {
      if (!(await slicer.pause())) return null;
      const prefix = text.slice(0, end);
      const reader = (index: number) => prefix.slice(index);
      const reached = pointAt(text, end, parsed);
      if (tree) {
        const at = parsed.point;
        tree.edit(new Edit({ startIndex: parsed.offset, oldEndIndex: parsed.offset, newEndIndex: end, startPosition: at, oldEndPosition: at, newEndPosition: reached.point }));
      }
      const next = parser.parse(reader, tree);
      tree?.delete();
      tree = next;
      if (!tree) return null;
      parsed = reached;
    }
    const done = tree;
    tree = null;
    return done;
  } catch {
    return null;
  } finally {
    tree?.delete();
  }
}

/** The row and UTF-16 column of an offset, counted on from an earlier point. */
function pointAt(text: string, offset: number, from: { offset: number; point: Point }): { offset: number; point: Point } {
  let row = from.point.row;
  let lineStart = from.offset - from.point.column;
  for (let i = text.indexOf('\n', from.offset); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { offset, point: { row, column: offset - lineStart } };
}
