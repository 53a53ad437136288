// Which slice verdicts are also interface conversions. `sink = []int{}` makes the compiler
// print `[]int{} escapes to heap` twice at one place: once for the backing array (zero bytes,
// nothing allocated) and once for the copy of the slice header an interface needs (24 bytes,
// allocated). The parser keeps one finding; the `-m=2` output tells the second apart by its
// step `from []int{} (interface-converted)`.
import * as path from 'node:path';
import { positionKey } from './inlining';

const POSITIONED = /^(.+?\.go):(\d+):(\d+): (.*)$/;
const HEADER = /^(.+) escapes to heap(?: in .+)?:$/;

export interface Boxing {
  /** True when the subject at the position is converted to an interface, undefined when no explanation of it was printed. */
  converted(file: string, line: number, column: number, subject: string): boolean | undefined;
}

/** Reads the explanations of the compiler's `-m=2` output (paths resolved against `cwd`). */
export function readBoxing(output: string, cwd: string): Boxing {
  const explained = new Set<string>();
  const converted = new Set<string>();
  let current: string | undefined;
  let subject: string | undefined;
  for (const raw of output.split('\n')) {
    const m = POSITIONED.exec(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    if (!m) continue;
    const msg = m[4];
    if (!msg.startsWith(' ')) {
      const h = HEADER.exec(msg);
      subject = h?.[1];
      current = h ? `${positionKey(path.resolve(cwd, m[1]), Number(m[2]), Number(m[3]))}|${h[1]}` : undefined;
      if (current) explained.add(current);
      continue;
    }
    if (current && msg.trim().startsWith(`from ${subject} (interface-converted) at `)) converted.add(current);
  }
  return {
    converted: (file, line, column, s) => {
      const key = `${positionKey(file, line, column)}|${s}`;
      return explained.has(key) ? converted.has(key) : undefined;
    },
  };
}
