// Reads the compiler's assembly listing (`-gcflags=-S`), printed in the same stream as its `-m`
// messages, for the one thing the messages do not say: which calls were left as calls. `-m`
// reports every call that was inlined, but nothing at a call that was not; the listing has a
// CALL instruction with the callee's symbol and the call's file and line. Lines as go1.26.8
// prints them:
//   example.com/m.caller STEXT size=120 args=0x0 locals=0x18 funcid=0x0 align=0x0
//   	0x0000 00000 (/abs/m/a.go:44)	TEXT	example.com/m.caller(SB), ABIInternal, $24-0
//   	0x0014 00020 (/abs/m/a.go:45)	CALL	example.com/m.alwaysInlined(SB)
//   	0x0000 48 8b 44 24 08 ...	(hex dump)        	rel 21+4 t=R_CALL example.com/m.f+0
import type { AssemblyFacts } from '../assert/types';

const POSITIONED = /^.+?\.go:\d+:\d+: /;
const HEADER = /^(.+?) S[A-Z0-9]+(?: |$)/;
const INSTRUCTION = /^\t0x[0-9a-f]+ \d+ \((.+):(\d+)\)\t(\S+)(?:\t(.*))?$/;
const OTHER = /^\t(?:0x[0-9a-f]+(?: [0-9a-f]{2})+|rel )/;
const SYMBOL = /^(.+)\(SB\)/;

/**
 * Splits the output of a build with `-S` into the compiler's messages (every line that is not
 * part of a listing, in order, for parseCompilerText) and the facts read from the listings.
 */
export function splitAssembly(text: string): { messages: string; assembly: AssemblyFacts } {
  const kept: string[] = [];
  const assembly: AssemblyFacts = { calls: [], texts: [] };
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('\t')) {
      const m = INSTRUCTION.exec(line);
      if (m) {
        const symbol = m[4] ? SYMBOL.exec(m[4])?.[1] : undefined;
        if (symbol && m[3] === 'TEXT') assembly.texts.push({ file: m[1], line: Number(m[2]), symbol });
        else if (symbol && m[3] === 'CALL') assembly.calls.push({ file: m[1], line: Number(m[2]), symbol, caller: current });
        continue;
      }
      if (OTHER.test(line)) continue;
    } else if (!POSITIONED.test(line) && !line.startsWith('# ')) {
      const h = HEADER.exec(line);
      if (h) {
        current = h[1];
        continue;
      }
    }
    kept.push(line);
  }
  return { messages: kept.join('\n'), assembly };
}
