// A mocha fixture for tests that parse Go: one tree-sitter parser for the suite, made before its
// tests and freed after them.
import type { Parser } from 'web-tree-sitter';
import { createGoParser } from '../../server/src/core/treesitter/parser';

export function useGoParser(): { parser: Parser } {
  const s = {} as { parser: Parser };
  before(async () => {
    s.parser = await createGoParser();
  });
  after(() => s.parser?.delete());
  return s;
}
