// Reading an assertion fixture module (test/fixtures/assert/directives and copies of it): its
// Go files parsed and scanned, and its `fails` expectations next to the checker's failures.
import * as path from 'node:path';
import * as fs from 'node:fs';
import type { Parser } from 'web-tree-sitter';
import type { SourceFile } from '../../server/src/core/assert/check';
import { scanDirectives } from '../../server/src/core/assert/directives';
import type { AssertionFailure, FileDirectives } from '../../server/src/core/assert/types';
import { goFilesUnder } from './proxyModule';
import { Want, readWants } from './wants';

export function loadSources(parser: Parser, dir: string): { sources: SourceFile[]; directives: FileDirectives[]; dispose: () => void } {
  const sources = goFilesUnder(dir).map((file) => {
    const text = fs.readFileSync(file, 'utf8');
    return { file, text, tree: parser.parse(text)! };
  });
  return {
    sources,
    directives: sources.map((s) => scanDirectives(s.file, s.text, s.tree)),
    dispose: () => sources.forEach((s) => s.tree.delete()),
  };
}

/** The `fails` expectations of every Go file below a directory. */
export function expectedFailures(dir: string): Want[] {
  return goFilesUnder(dir).flatMap((f) => readWants(f, 'fails'));
}

export function failuresAsWants(failures: readonly AssertionFailure[]): Want[] {
  return failures.map((f) => ({ file: f.file, line: f.line, kind: f.directive, message: f.message }));
}

export function relativeTo(dir: string): (w: Want) => Want {
  return (w) => ({ ...w, file: path.relative(dir, w.file) });
}
