// Return-by-value: turns `func f() *T { ...; return &x }` into `func f() T { ...; return x }`,
// the article's createUserV2 -> createUserV1, and updates the call sites in the workspace.
// Planning is purely syntactic and conservative; the compiler then verifies the result.
import type { Node } from 'web-tree-sitter';
import type { Finding } from '../findings';
import { LineIndex } from '../positions';
import { enclosingFunctionDecl } from '../treesitter/nodes';
import type { FileEdit } from './edits';
import type { GoWorkspace } from './goWorkspace';
import { rewriteCallSites } from './callSites';
import { lockInside } from './copyCheck';
import { notApplicable, refuse, type PlanResult } from './plan';
import {
  declarationsOf,
  descendantsOfType,
  enclosingFuncLiteral,
  identifiersNamed,
  isAddressTaken,
  isAssignedTo,
  isComparedWithNil,
  isDereferenced,
  lineOf,
  named,
  namedNodeAt,
  ownReturnStatements,
  resultTypes,
  returnedExpressions,
} from './syntax';

const MOVED = /^moved to heap: ([\p{L}_][\p{L}\p{N}_]*)$/u;
const ESCAPES = /^(&|new\().* escapes to heap$/;

/** The function or method whose result a finding's pointer leaves through, or why not. */
interface Target {
  decl: Node;
  /** Index of the pointer in the result list. */
  index: number;
  pointerType: Node;
}

export function planReturnByValue(ws: GoWorkspace, finding: Finding): PlanResult {
  const text = ws.text(finding.file);
  const root = ws.root(finding.file);
  if (text === undefined || !root) return notApplicable('the file is not among the workspace sources');
  const offset = new LineIndex(text).offsetOfCompiler(finding.line, finding.column);
  const at = namedNodeAt(root, offset);
  const decl = enclosingFunctionDecl(at);
  if (!decl) return notApplicable('the finding is not inside a function declaration');
  if (enclosingFuncLiteral(at, decl)) return refuse('the value is returned by a closure, not by a declared function');
  const body = decl.childForFieldName('body');
  if (!body) return refuse('the function has no body');

  const moved = MOVED.exec(finding.message);
  let variable: string | undefined;
  let allocation: Node | undefined;
  if (moved) variable = moved[1];
  else if (ESCAPES.test(finding.message)) {
    allocation = allocationAt(at);
    if (!allocation) return notApplicable('no `&T{...}` or `new(T)` expression at the finding');
  } else return notApplicable('the finding is not a heap allocation of a returned value');

  const results = resultTypes(decl);
  if (results === null) return refuse('the function has named results');
  const returns = ownReturnStatements(body);
  // `p := &T{...}; ...; return p`: the allocation reaches the return through a local pointer.
  const local = allocation && !returns.some((r) => returnedExpressions(r).some((e) => e.id === allocation!.id)) ? localPointer(allocation) : undefined;
  const matches = local
    ? (e: Node) => e.type === 'identifier' && e.text === local.name
    : allocation
      ? (e: Node) => e.id === allocation!.id
      : (e: Node) => isAddressOf(e, variable!);
  const target = findTarget(decl, results, returns, matches, variable ? `${variable} does not leave the function as \`return &${variable}\`` : 'the allocation is not returned directly or through a local variable');
  if (typeof target === 'string') return refuse(target);
  if (finding.flows?.length && !finding.flows.some((f) => f.steps.some((s) => s.kind === 'return'))) {
    return refuse('the compiler does not say the value escapes through a return');
  }

  const edits: FileEdit[] = [];
  const file = finding.file;
  // `*T` -> `T`: drop the star and anything between it and the element type.
  const elem = named(target.pointerType)[0];
  if (!elem) return refuse('the result type is malformed');
  const lock = lockInside(ws, file, elem);
  if (lock) return refuse(`${elem.text} holds a ${lock}, which must not be copied`);
  edits.push({ file, startOffset: target.pointerType.startIndex, endOffset: elem.startIndex, newText: '' });

  if (local) {
    const why = localPointerUses(decl, body, local, returns, target.index, edits, file);
    if (why) return refuse(why);
  }
  const returnedVars = new Set<string>();
  for (const ret of returns) {
    const exprs = returnedExpressions(ret);
    if (exprs.length !== results.length) return refuse(`the return at line ${lineOf(ret)} does not list every result`);
    const e = exprs[target.index];
    if (local && matches(e)) continue;
    const r = rewriteReturned(e, decl);
    if (typeof r === 'string') return refuse(`${r} (line ${lineOf(e)})`);
    edits.push({ file, ...r.edit });
    if (r.variable) returnedVars.add(r.variable);
  }
  for (const v of returnedVars) {
    const why = identityMatters(decl, body, v, returns);
    if (why) return refuse(why);
  }

  const callSites = rewriteCallSites(ws, file, decl, target.index, results.length, elem.text);
  if (!callSites.ok) return refuse(callSites.reason);
  edits.push(...callSites.edits);

  return {
    ok: true,
    plan: {
      kind: 'return-by-value',
      finding,
      title: `Return ${elem.text} by value`,
      edits,
      changesExportedApi: callSites.exported,
      mustRemoveFindings: true,
    },
  };
}

/** The `&T{...}` or `new(T)` expression that starts at or contains the finding's node. */
function allocationAt(at: Node): Node | undefined {
  for (let n: Node | null = at; n; n = n.parent) {
    if (n.type === 'unary_expression' && n.childForFieldName('operator')?.type === '&' && n.childForFieldName('operand')?.type === 'composite_literal') return n;
    if (n.type === 'call_expression' && n.childForFieldName('function')?.text === 'new') return n;
    if (n.type.endsWith('_statement') || n.type === 'function_declaration' || n.type === 'method_declaration') return undefined;
  }
  return undefined;
}

/** Which result carries the pointer, checked against the declared result types. */
function findTarget(decl: Node, results: Node[], returns: Node[], matches: (e: Node) => boolean, notFound: string): Target | string {
  let index = -1;
  for (const ret of returns) {
    returnedExpressions(ret).forEach((e, i) => {
      if (matches(e)) index = i;
    });
  }
  if (index < 0) return notFound;
  const t = results[index];
  if (t?.type !== 'pointer_type') return 'the returned result is not declared as a pointer type';
  return { decl, index, pointerType: t };
}

function isAddressOf(e: Node, name: string): boolean {
  return e.type === 'unary_expression' && e.childForFieldName('operator')?.type === '&' && e.childForFieldName('operand')?.type === 'identifier' && e.childForFieldName('operand')?.text === name;
}

/** The edit for one returned expression: `&x` -> `x`, `&T{}` -> `T{}`, `new(T)` -> `T{}`. */
function rewriteReturned(e: Node, decl: Node): { edit: Omit<FileEdit, 'file'>; variable?: string } | string {
  if (e.type === 'nil') return 'the function can return nil';
  if (e.type === 'unary_expression' && e.childForFieldName('operator')?.type === '&') {
    const operand = e.childForFieldName('operand');
    if (operand?.type === 'composite_literal') return { edit: { startOffset: e.startIndex, endOffset: operand.startIndex, newText: '' } };
    if (operand?.type === 'identifier') {
      if (declarationsOf(decl, operand.text).length !== 1) {
        return `${operand.text} is not a single local variable of the function`;
      }
      return { edit: { startOffset: e.startIndex, endOffset: operand.startIndex, newText: '' }, variable: operand.text };
    }
    return 'the function returns the address of part of another value';
  }
  if (e.type === 'call_expression' && e.childForFieldName('function')?.text === 'new') {
    const arg = named(e.childForFieldName('arguments'))[0];
    if (!arg) return 'malformed new()';
    return { edit: { startOffset: e.startIndex, endOffset: e.endIndex, newText: `${arg.text}{}` } };
  }
  return 'the function returns a pointer it did not allocate itself, so its identity may matter';
}

/**
 * Why returning a copy of `name` could be observed, or undefined. The value is copied at the
 * return; anything that can reach the variable after that (a closure, a deferred or go call,
 * a pointer taken elsewhere) would see a different object than the caller.
 */
function identityMatters(decl: Node, body: Node, name: string, returns: Node[]): string | undefined {
  const inReturn = (n: Node) => returns.some((r) => r.startIndex <= n.startIndex && n.endIndex <= r.endIndex);
  for (const id of identifiersNamed(body, name, { intoClosures: true })) {
    if (enclosingFuncLiteral(id, decl)) return `${name} is captured by a closure (line ${lineOf(id)})`;
    if (isAddressTaken(id) && !inReturn(id)) return `the address of ${name} is also taken at line ${lineOf(id)}, so it may be shared`;
  }
  for (const type of ['defer_statement', 'go_statement']) {
    for (const s of descendantsOfType(body, type)) {
      if (identifiersNamed(s, name, { intoClosures: true }).length) return `${name} is used by a ${type === 'go_statement' ? 'go' : 'deferred'} call (line ${lineOf(s)})`;
    }
  }
  return undefined;
}

interface LocalPointer {
  name: string;
  declId: Node;
  allocation: Node;
  /** The `*T` of `var p *T = &T{}`, when written. */
  declaredType?: Node;
}

/** `p := &T{...}`, `p := new(T)` or `var p [*T] = ...`: the local that holds the allocation. */
function localPointer(allocation: Node): LocalPointer | undefined {
  const list = allocation.parent;
  const stmt = list?.type === 'expression_list' ? list.parent : undefined;
  if (stmt?.type === 'short_var_declaration') {
    const left = named(stmt.childForFieldName('left'));
    if (left.length === 1 && named(list!).length === 1 && left[0].type === 'identifier') return { name: left[0].text, declId: left[0], allocation };
  }
  if (stmt?.type === 'var_spec') {
    const names = stmt.childrenForFieldName('name').filter((n): n is Node => n !== null);
    const type = stmt.childForFieldName('type') ?? undefined;
    if (names.length === 1 && named(list!).length === 1 && (!type || type.type === 'pointer_type')) return { name: names[0].text, declId: names[0], allocation, declaredType: type };
  }
  return undefined;
}

/**
 * Edits for a local pointer that becomes the value itself: the allocation loses its `&`
 * (`new(T)` becomes `T{}`), `*p` becomes `p`. Its other uses must work on a value without
 * `&p`: taking its address here would share it with whatever keeps that pointer, and the
 * caller would then get a copy instead of the shared object.
 */
function localPointerUses(decl: Node, body: Node, local: LocalPointer, returns: Node[], index: number, edits: FileEdit[], file: string): string | undefined {
  const { name, allocation } = local;
  if (declarationsOf(decl, name).length !== 1) return `${name} is declared more than once in the function`;
  if (allocation.type === 'call_expression') {
    const arg = named(allocation.childForFieldName('arguments'))[0];
    if (!arg) return 'malformed new()';
    edits.push({ file, startOffset: allocation.startIndex, endOffset: allocation.endIndex, newText: `${arg.text}{}` });
  } else {
    const operand = allocation.childForFieldName('operand')!;
    edits.push({ file, startOffset: allocation.startIndex, endOffset: operand.startIndex, newText: '' });
  }
  if (local.declaredType) {
    const elem = named(local.declaredType)[0];
    if (elem) edits.push({ file, startOffset: local.declaredType.startIndex, endOffset: elem.startIndex, newText: '' });
  }
  const returned = new Set(returns.map((r) => returnedExpressions(r)[index]?.id));
  for (const id of identifiersNamed(body, name, { intoClosures: true })) {
    if (id.id === local.declId.id || returned.has(id.id)) continue;
    const line = lineOf(id);
    if (enclosingFuncLiteral(id, decl)) return `${name} is captured by a closure (line ${line})`;
    if (isAssignedTo(id)) return `${name} is reassigned (line ${line})`;
    if (isComparedWithNil(id)) return `${name} is compared with nil (line ${line})`;
    const parent = id.parent;
    if (isDereferenced(id) && parent) {
      edits.push({ file, startOffset: parent.startIndex, endOffset: id.startIndex, newText: '' });
      continue;
    }
    if ((parent?.type === 'selector_expression' || parent?.type === 'index_expression') && parent.childForFieldName('operand')?.id === id.id) continue;
    return `${name} is used as a pointer in the function (line ${line})`;
  }
  for (const type of ['defer_statement', 'go_statement']) {
    for (const s of descendantsOfType(body, type)) {
      if (identifiersNamed(s, name, { intoClosures: true }).length) return `${name} is used by a ${type === 'go_statement' ? 'go' : 'deferred'} call (line ${lineOf(s)})`;
    }
  }
  return undefined;
}
