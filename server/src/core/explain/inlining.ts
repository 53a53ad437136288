// Verdicts of inlined callees. After inlining, the compiler analyses the callee's body as part
// of the caller and reports what it finds there at the call's position (the column of its
// `(`), printing `inlining call to F` at the same position. A verdict whose subject is not the
// caller's source at that position therefore comes from the callee.
import * as path from 'node:path';
import type { Node } from 'web-tree-sitter';
import { subjectOf } from '../compiler/parseText';
import { detached } from '../util/detached';
import type { Finding, InlinedCall } from '../findings';
import { messageCategory } from '../findings';
import { declaredNames } from '../treesitter/declarations';
import { walk } from '../treesitter/nodes';
import { PackageSyntax, SourceFile, matchingNode, nodeAtCompiler, packageIndex, squeeze } from './packageSyntax';

/** Callees inlined at each position (`file:line:column`), outermost first. */
export type InlinedCalls = ReadonlyMap<string, readonly string[]>;

const INLINING = /^(.+?\.go):(\d+):(\d+): inlining call to (.+)$/;

export function positionKey(file: string, line: number, column: number): string {
  return `${file}:${line}:${column}`;
}

/** Reads the `inlining call to` lines of the compiler's `-m` or `-m=2` output (paths resolved against `cwd`). */
export function parseInlinedCalls(output: string, cwd: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const raw of output.split('\n')) {
    const m = INLINING.exec(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    if (!m) continue;
    const key = positionKey(path.resolve(cwd, m[1]), Number(m[2]), Number(m[3]));
    const list = out.get(key) ?? [];
    // Generic code and the test variant print the same line more than once.
    if (!list.includes(m[4])) list.push(detached(m[4]));
    out.set(key, list);
  }
  return out;
}

/** True when the subject is what the caller's source holds at the finding's position. */
function isCallersOwn(f: Finding, subject: string, file: SourceFile): boolean {
  // The `...` slice of a variadic call is built by the caller.
  if (subject === '... argument') return true;
  if (messageCategory(f) === 'moved') {
    const id = nodeAtCompiler(file, f.line, f.column);
    return id.type === 'identifier' && id.text === subject;
  }
  if (subject === 'func literal') return nodeAtCompiler(file, f.line, f.column).type === 'func_literal';
  return matchingNode(file, f.line, f.column, subject) !== undefined;
}

/** Where the finding comes from when it is an inlined callee's, or undefined when it is the caller's own. */
export function inlinedCallOf(f: Finding, calls: InlinedCalls, pkg?: PackageSyntax): InlinedCall | undefined {
  const callees = calls.get(positionKey(f.file, f.line, f.column));
  if (!callees || callees.length === 0) return undefined;
  const subject = subjectOf(f.message) ?? f.message;
  const file = pkg?.file(f.file);
  if (file && isCallersOwn(f, subject, file)) return undefined;
  // Without the caller's source only a subject the call position cannot hold is known to be the callee's.
  if (!file && subject === '... argument') return undefined;
  const out: InlinedCall = { callee: callees[0], ...(callees.length > 1 ? { nested: callees.slice(1) } : {}) };
  const where = pkg ? locateInCallee(f, subject, callees, pkg) : undefined;
  return where ? { ...out, ...where } : out;
}

/** The subject's place in the body of one of the callees this package declares, innermost callee first. */
function locateInCallee(f: Finding, subject: string, callees: readonly string[], pkg: PackageSyntax): { file: string; line: number; column: number } | undefined {
  let declared: { file: string; line: number; column: number } | undefined;
  for (const callee of [...callees].reverse()) {
    const decl = declarationOf(callee, pkg);
    if (!decl) continue;
    const hit = findSubject(decl.node, subject, messageCategory(f) === 'moved');
    if (hit) return position(decl.file, hit);
    if (callee === callees[0]) declared = position(decl.file, decl.node);
  }
  return declared;
}

function position(file: SourceFile, node: Node): { file: string; line: number; column: number } {
  const c = file.lines.toCompiler(file.lines.positionAt(node.startIndex));
  return { file: file.path, line: c.line, column: c.column };
}

/** A function or method of this package by the compiler's name for it (`f`, `(*T).m`, `T.m`). */
function declarationOf(callee: string, pkg: PackageSyntax): { file: SourceFile; node: Node } | undefined {
  return packageIndex(pkg).funcs.get(callee);
}

/** The declaration of a moved variable, or the expression the compiler printed, in a function body. */
function findSubject(decl: Node, subject: string, moved: boolean): Node | undefined {
  const body = decl.childForFieldName('body');
  if (!body) return undefined;
  const want = squeeze(subject);
  const literal = want.endsWith('{...}') ? want.slice(0, -'{...}'.length) : undefined;
  let hit: Node | undefined;
  walk(body, (n) => {
    if (hit) return false;
    if (moved) {
      if (declaredNames(n).some((d) => d.text === subject)) hit = declaredNames(n).find((d) => d.text === subject);
      return;
    }
    if (literal !== undefined) {
      const lit = n.type === 'unary_expression' ? n.childForFieldName('operand') : n;
      const prefix = n.type === 'unary_expression' ? n.childForFieldName('operator')?.text ?? '' : '';
      if (lit?.type === 'composite_literal' && prefix + squeeze(lit.childForFieldName('type')?.text ?? '') === literal) hit = n;
      return;
    }
    if (n.isNamed && squeeze(n.text) === want) hit = n;
  });
  return hit;
}
