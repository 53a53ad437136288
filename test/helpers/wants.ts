// Expectations written inline in fixture Go files, on the line they are about:
//   x := s[i] // want bounds "Found IsInBounds" @s[i] ; inline "inlining call to f" @f(x)
// Each item names a kind (a category or a directive), the exact message and, after `@`, the
// source text the finding's range covers (optional). The marker word (`want`) is a parameter so
// that other suites can use their own (`fails`).
import * as fs from 'node:fs';

export interface Want {
  file: string;
  /** 1-based line the comment is on. */
  line: number;
  kind: string;
  message: string;
  text?: string;
}

const ITEM = /^\s*(\w+)\s+"((?:[^"\\]|\\.)*)"(?:\s+@(.+?))?\s*$/;

export function readWants(file: string, marker = 'want'): Want[] {
  const out: Want[] = [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const start = new RegExp(`//\\s*${marker}\\s+(.*)$`);
  lines.forEach((l, i) => {
    const m = start.exec(l);
    if (!m) return;
    for (const part of m[1].split(' ; ')) {
      const it = ITEM.exec(part);
      if (!it) throw new Error(`${file}:${i + 1}: cannot read expectation "${part}"`);
      out.push({ file, line: i + 1, kind: it[1], message: it[2].replace(/\\(.)/g, '$1'), text: it[3] });
    }
  });
  return out;
}

/** Sorts and prints expectations or results the same way, so that deepEqual shows a readable diff. */
export function wantKeys(items: readonly Want[]): string[] {
  return items.map((w) => `${w.file}:${w.line}: ${w.kind} "${w.message}"${w.text !== undefined ? ` @${w.text}` : ''}`).sort();
}
