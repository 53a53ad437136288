// What the parts of one function's analysis may ask of each other. Each part owns one kind of
// syntax and the parts call each other (an expression holds a call, a call's argument is an
// expression), so they reach each other through FlowParts, which FunctionFlow implements; this
// file imports none of the parts, so no part depends on another's file.
import type { Node } from 'web-tree-sitter';
import type { FileModel } from '../declarations/fileModel';
import type { GoType } from '../declarations/types';
import type { FunctionFacts } from '../facts/knowledge';
import type { PredictRule, RuleContext } from '../rules/rule';
import type { FlowState } from './flowState';
import type { Hole, Loc } from './graph';
import type { Scopes } from './scopes';
import type { ClosureInfo, VarInfo } from './variables';

export interface FlowOptions {
  file: string;
  model: FileModel;
  /** The file's text, for converting positions to the compiler's byte columns. */
  text: string;
  rules: readonly PredictRule[];
  /** Go minor version of the target toolchain (26 for go1.26); undefined when unknown. */
  goMinor?: number;
  /** False when the build disables inlining (`-gcflags=-l`). */
  inlining?: boolean;
  /** Summaries of other functions of this file or package, by the compiler's name. */
  summaryOf(key: string): FunctionFacts | undefined;
}

/** The types of expressions and declarations (typing.ts). */
export interface TypingPart {
  /** Parses a type expression inside the function (its type parameters in scope). */
  parse(n: Node | null | undefined): GoType;
  typeOfVar(v: VarInfo): GoType;
  typeOf(n: Node): GoType;
  isString(n: Node): boolean;
  /** Whether values of a type can hold pointers (unknown types are assumed to). */
  hasPointers(t: GoType, depth?: number): boolean;
  /** The type of the i-th variable of `a, b := value` with one multi-valued right-hand side. */
  multiResultType(value: Node | undefined, i: number): (() => GoType) | undefined;
  /** The element types `for k, v := range x` declares. */
  rangeType(rt: GoType, i: number): GoType;
  /** The type `fnNode(x)` converts to, when `fnNode` names a type rather than a function. */
  conversionType(fnNode: Node): GoType | undefined;
  /** Parameter types of a declaration in this file (receiver excluded). */
  signature(decl: Node): { kinds: GoType[]; variadic: boolean };
}

/** Constant values and the compiler's text for expressions (constants.ts). */
export interface ConstantsPart {
  /** `true` or `false` for a constant boolean condition (a literal or a file's constant), else ''. */
  constantBool(n: Node): string;
  /** The compiler's text for an expression, or undefined when it cannot be predicted from syntax. */
  subjectOf(n: Node): string | undefined;
  /** A composite literal's subject (`T{...}`), with the package names the compiler prints. */
  compositeSubjectOf(n: Node): string | undefined;
  /** A type as the compiler prints it in an elided literal, when the syntax and facts say enough. */
  typeTextOf(t: GoType): string | undefined;
  constValue(n: Node): number | undefined;
  /** Whether an expression is a compile-time constant (its value may be unknown). */
  isConstant(n: Node): boolean;
}

/** Expressions into the flow graph (expressions.ts). */
export interface ExpressionsPart {
  /** Evaluates `n` into `k`, converting to `dest` first when it is an interface type. */
  exprTo(k: Hole, n: Node, dest: GoType | undefined): void;
  expr(k: Hole, n: Node): void;
  /** Evaluates `&x` for an addressable expression. */
  addressOf(k: Hole, operand: Node): void;
  conversion(k: Hole, n: Node, to: GoType, operand: Node): void;
}

/** Statements and blocks (statements.ts). */
export interface StatementsPart {
  block(node: Node): void;
}

/** Declarations and assignments (assignments.ts). */
export interface AssignmentsPart {
  varSpec(spec: Node): void;
  shortVarDecl(node: Node): void;
  assignment(node: Node): void;
  /**
   * Records a reassignment of a local variable (for closure capture by reference). Like the
   * compiler, `u.ID++` or `a[i] += 1` reassigns `u` or `a` when they hold the struct or array
   * itself; through a pointer, slice or map nothing local is reassigned.
   */
  noteAssign(lhs: Node, at: Node): void;
  /** The destination of an assignment to `lhs`. */
  assignHole(lhs: Node, at: Node): Hole;
}

/** Calls, method calls and their receivers (calls.ts). */
export interface CallsPart {
  /** Evaluates a call whose results flow into `ks` (one hole per result). */
  call(ks: Hole[], n: Node): void;
}

/** Calls of the builtins and of package unsafe (builtins.ts). */
export interface BuiltinsPart {
  unsafeCall(ks: Hole[], name: string, args: Node[]): void;
  call(ks: Hole[], n: Node, name: string, args: Node[]): void;
}

/** Function literals (closures.ts). */
export interface ClosuresPart {
  funcLiteral(k: Hole, n: Node, calledDirectly: boolean): ClosureInfo;
}

/** One function's analysis as its parts see it. */
export interface FlowParts {
  readonly opts: FlowOptions;
  readonly model: FileModel;
  readonly rules: readonly PredictRule[];
  readonly state: FlowState;
  readonly scopes: Scopes;
  readonly types: TypingPart;
  readonly consts: ConstantsPart;
  readonly exprs: ExpressionsPart;
  readonly stmts: StatementsPart;
  readonly assigns: AssignmentsPart;
  readonly calls: CallsPart;
  readonly builtins: BuiltinsPart;
  readonly closures: ClosuresPart;
  /** What rules see of this analysis. */
  readonly ruleContext: RuleContext;
  /** Declares the parameters of a list, numbered from `firstIndex` (-1 for a receiver). */
  declareParams(list: Node, firstIndex: number): void;
  /** Declares the results of a function or literal; returns their locations. */
  declareResults(fnNode: Node): Loc[];
}
