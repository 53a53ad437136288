// The shapes of assertion checking: directives found in the sources, and the failures the
// checker reports. Positions are the compiler's: absolute file, 1-based line, 1-based UTF-8 byte
// column (positions.ts converts them for editors).
import type { Finding, Flow } from '../findings';

export type { AssemblyFacts, CallInstruction, TextSymbol } from '../compiler/assembly';

/** What a directive asserts. `unknown` is only a failure's kind: a directive nobody knows. */
export type Directive = 'noescape' | 'inline' | 'bce' | 'noheap';
export type FailureKind = Directive | 'unknown';

/** Where a directive's word is written, e.g. `bce` in `//gcassert:bce,inline`. */
export interface DirectiveSite {
  file: string;
  line: number;
  column: number;
  /** Byte column just after the word. */
  endColumn: number;
}

/** A directive about one line: nothing escapes there, a call there is inlined, no bounds check is left there. */
export interface LineDirective {
  kind: 'noescape' | 'inline' | 'bce';
  tool: 'gcassert';
  at: DirectiveSite;
  /** The first line and column of the code the directive annotates; the directive covers that line. */
  line: number;
  column: number;
}

/** A directive about a function: every call is inlined (`inline`), nothing in it goes to the heap (`noheap`). */
export interface FunctionDirective {
  kind: 'inline' | 'noheap';
  tool: 'gcassert' | 'go-escape';
  at: DirectiveSite;
  /** The function's or method's name as declared. */
  name: string;
  method: boolean;
  /** The declaration from `func` to its closing brace. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface FileDirectives {
  file: string;
  lines: LineDirective[];
  functions: FunctionDirective[];
  /** Unknown or misplaced directives, which fail on their own. */
  bad: AssertionFailure[];
}

export interface AssertionFailure {
  directive: FailureKind;
  /** Where the failure is: the escaping value, the bounds check, the call that was not inlined, or the unknown word. */
  file: string;
  line: number;
  column: number;
  message: string;
  /** The directive that failed. */
  at: DirectiveSite;
  /** The first position of the annotated code, where gcassert reports the failure, when it differs from `line`. */
  covered?: { line: number; column: number };
  /** For a failure that is a compiler finding (`moved to heap: foo`, `Found IsInBounds`): that finding. */
  finding?: Finding;
  /** The compiler's reason, when it gave one: why a function cannot be inlined. */
  reason?: string;
  /** The compiler's explanation of an escape (`-m=2`), when it was asked for. */
  flows?: Flow[];
}
