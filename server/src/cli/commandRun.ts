// What the analysing commands share around their work: the --include list checked the same way,
// and Ctrl-C handling and a Go parser that are released however the command ends.
import type { Parser } from 'web-tree-sitter';
import { parseInclude } from '../core/categories';
import type { Category } from '../core/findings';
import { createGoParser } from '../core/treesitter/parser';
import { UsageError } from './flags';
import { interruptSignal } from './runAnalysis';

/** The categories an --include LIST names; an unknown one is a usage error that says `valid`. */
export function includeOption(list: string, valid: string): Set<Category> {
  const { include, unknown } = parseInclude(list);
  if (unknown.length > 0) throw new UsageError(`unknown category ${unknown.join(', ')} (use ${valid})`);
  return include;
}

/** Runs `body` with a signal that Ctrl-C and SIGTERM abort and a Go parser, both released after it. */
export async function withInterruptAndParser<T>(body: (signal: AbortSignal, parser: Parser) => Promise<T>): Promise<T> {
  const interrupt = interruptSignal();
  let parser: Parser | undefined;
  try {
    parser = await createGoParser();
    return await body(interrupt.signal, parser);
  } finally {
    parser?.delete();
    interrupt.dispose();
  }
}
