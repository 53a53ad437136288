// Reads the compiler's assembly listing (`-gcflags=-S`), printed in the same stream as its `-m`
// messages, for the one thing the messages do not say: which calls were left as calls. `-m`
// reports every call that was inlined, but nothing at a call that was not; the listing has a
// CALL instruction with the callee's symbol and the call's file and line. Lines as go1.26.8
// prints them (the listing names files by absolute path, also when replayed from the cache):
//   example.com/m.caller STEXT size=120 args=0x0 locals=0x18 funcid=0x0 align=0x0
//   	0x0000 00000 (/abs/m/a.go:44)	TEXT	example.com/m.caller(SB), ABIInternal, $24-0
//   	0x0014 00020 (/abs/m/a.go:45)	CALL	example.com/m.alwaysInlined(SB)
//   	0x0000 48 8b 44 24 08 ...	(hex dump)        	rel 21+4 t=R_CALL example.com/m.f+0

/** One call instruction the compiler left in, read from its assembly listing. */
export interface CallInstruction {
  file: string;
  line: number;
  /** The called symbol, e.g. `example.com/m.f`, `example.com/m.(*T).m`, `example.com/m.F[go.shape.int]`. */
  symbol: string;
  /** The function whose code holds the call (its TEXT symbol). */
  caller: string;
}

/** A function's compiled symbol and where its declaration starts, from the listing's TEXT lines. */
export interface TextSymbol {
  file: string;
  line: number;
  symbol: string;
}

/** What the compiler's assembly listing says about calls: which are left, and which function is which symbol. */
export interface AssemblyFacts {
  calls: CallInstruction[];
  texts: TextSymbol[];
}

export interface SplitOutput {
  /** Every line that is not part of a listing, in order: the compiler's messages and `# pkg` headers. */
  messages: string;
  /** The facts of all listings. */
  assembly: AssemblyFacts;
  /** The same facts by the `# pkg` header they were printed under (the go list import path). */
  byPackage: Map<string, AssemblyFacts>;
}

const POSITIONED = /^.+?\.go:\d+:\d+: /;
const PACKAGE = /^# (.+)$/;
const HEADER = /^(.+?) S[A-Z0-9]+(?: |$)/;
const INSTRUCTION = /^\t0x[0-9a-f]+ \d+ \((.+):(\d+)\)\t(\S+)(?:\t(.*))?$/;
const OTHER = /^\t(?:0x[0-9a-f]+(?: [0-9a-f]{2})+|rel )/;
const SYMBOL = /^(.+)\(SB\)/;

/** Splits the output of a build with `-S` into the compiler's messages and the facts read from the listings. */
export function splitAssembly(text: string): SplitOutput {
  const kept: string[] = [];
  const out: SplitOutput = { messages: '', assembly: { calls: [], texts: [] }, byPackage: new Map() };
  let facts: AssemblyFacts | undefined;
  const current = () => {
    if (!facts) {
      facts = { calls: [], texts: [] };
      out.byPackage.set(pkg, facts);
    }
    return facts;
  };
  let pkg = '';
  let caller = '';
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('\t')) {
      const m = INSTRUCTION.exec(line);
      if (m) {
        const symbol = m[4] ? SYMBOL.exec(m[4])?.[1] : undefined;
        const here = { file: m[1], line: Number(m[2]) };
        if (symbol && m[3] === 'TEXT') add(current().texts, out.assembly.texts, { ...here, symbol });
        else if (symbol && m[3] === 'CALL') add(current().calls, out.assembly.calls, { ...here, symbol, caller });
        continue;
      }
      if (OTHER.test(line)) continue;
    } else if (!POSITIONED.test(line)) {
      const p = PACKAGE.exec(line);
      // `# [desc]` follows a header when the go command's description differs from the import path.
      if (p && !p[1].startsWith('[')) {
        pkg = p[1];
        facts = out.byPackage.get(pkg);
      }
      const h = p ? undefined : HEADER.exec(line);
      if (h) {
        caller = h[1];
        continue;
      }
    }
    kept.push(line);
  }
  out.messages = kept.join('\n');
  return out;
}

function add<T>(own: T[], all: T[], item: T): void {
  own.push(item);
  all.push(item);
}

/** The listings of several compiles as one; test variants compile the same code again, so each compile's callers stay apart. */
export function mergeAssembly(listings: readonly (AssemblyFacts | undefined)[]): AssemblyFacts | undefined {
  if (!listings.some(Boolean)) return undefined;
  const out: AssemblyFacts = { calls: [], texts: [] };
  listings.forEach((facts, i) => {
    if (!facts) return;
    out.calls.push(...facts.calls.map((c) => ({ ...c, caller: `${i}\0${c.caller}` })));
    out.texts.push(...facts.texts);
  });
  return out;
}
