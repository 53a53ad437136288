// Checks of the source tree's shape that issue 13 asks for: no file over a line limit, and no
// import cycle. Imports are read with TypeScript's own pre-processor (static, type-only, re-export
// and dynamic imports alike: a type-only cycle is still a knot for a reader).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/** Every file below `dir`, as absolute paths, in a stable order. */
export function filesBelow(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Lines as `wc -l` counts them, for the files of `files` that have more than `limit`. */
export function longFiles(files: string[], limit: number): { file: string; lines: number }[] {
  return files
    .map((file) => ({ file, lines: (fs.readFileSync(file, 'utf8').match(/\n/g) ?? []).length }))
    .filter((f) => f.lines > limit);
}

const TS_FILE = /\.(ts|tsx|mts|cts)$/;

/** The file a relative specifier names, among `known` (x.ts, x/index.ts, or x.js written for x.ts). */
function resolve(from: string, spec: string, known: Set<string>): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  const stem = base.replace(/\.(js|mjs|cjs)$/, '');
  for (const c of [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.cts`, path.join(base, 'index.ts')]) if (known.has(c)) return c;
  return undefined;
}

/** For each TypeScript file of `files`, the files of `files` it imports. */
export function importGraph(files: string[]): Map<string, string[]> {
  const known = new Set(files.filter((f) => TS_FILE.test(f)));
  const graph = new Map<string, string[]>();
  for (const file of known) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((i) => i.fileName)
      .filter((s) => s.startsWith('.'))
      .map((s) => resolve(file, s, known))
      .filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)].sort());
  }
  return graph;
}

export interface ImportCycle {
  /** The files of one strongly connected component, sorted. */
  files: string[];
  /** One cycle through the first of them: a, b, ..., a. */
  example: string[];
  /** Every import between two files of the component: breaking enough of them ends the cycle. */
  edges: [string, string][];
}

/** The import cycles of `graph`: its strongly connected components with a cycle (Tarjan). */
export function importCycles(graph: Map<string, string[]>): ImportCycle[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        c.push(w);
      } while (w !== v);
      components.push(c.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return components
    .filter((c) => c.length > 1 || (graph.get(c[0]) ?? []).includes(c[0]))
    .map((files) => {
      const inside = new Set(files);
      const edges = files.flatMap((a) => (graph.get(a) ?? []).filter((b) => inside.has(b)).map((b): [string, string] => [a, b]));
      return { files, example: shortestCycle(files[0], graph, inside), edges };
    })
    .sort((a, b) => a.files[0].localeCompare(b.files[0]));
}

/** The shortest path from `start` back to itself inside `inside` (breadth first). */
function shortestCycle(start: string, graph: Map<string, string[]>, inside: Set<string>): string[] {
  const parent = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(parent.get(path[0])!);
        return [...path, start];
      }
      if (!parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

/** A report of long files and cycles with paths relative to `root`; empty when there are none. */
export function layoutReport(root: string, dir: string, limit: number): string {
  const rel = (f: string) => path.relative(root, f);
  const files = filesBelow(dir);
  const long = longFiles(files, limit).map((f) => `  ${rel(f.file)}: ${f.lines} lines`);
  const cycles = importCycles(importGraph(files)).map((c, i) => [
    `  cycle ${i + 1} (${c.files.length} files): ${c.example.map(rel).join(' -> ')}`,
    ...c.edges.map(([a, b]) => `    ${rel(a)} imports ${rel(b)}`),
  ].join('\n'));
  return [
    ...(long.length > 0 ? [`files over ${limit} lines:`, ...long] : []),
    ...(cycles.length > 0 ? ['import cycles:', ...cycles] : []),
  ].join('\n');
}
