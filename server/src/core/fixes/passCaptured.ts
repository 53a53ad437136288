// Closure capture: a `go func(){ ... x ... }()` or `defer func(){ ... x ... }()` that only
// reads x gets x as an argument instead, `go func(x T){ ... }(x)`, so that the closure no
// longer refers to the variable and x can stay on the stack. An argument is evaluated at the
// go/defer statement while a captured variable is read when the closure runs, so the fix is
// only planned when nothing can change x after that statement.
import type { Node } from 'web-tree-sitter';
import type { Finding } from '../findings';
import { LineIndex } from '../positions';
import { FUNCTION_TYPES } from '../treesitter/nodes';
import type { FileEdit } from './edits';
import type { GoWorkspace } from './goWorkspace';
import { notApplicable, refuse, type PlanResult } from './plan';
import {
  declarationsOf,
  descendantsOfType,
  identifiersNamed,
  importedPackages,
  isAddressTaken,
  isAssignedTo,
  isAncestor,
  lineOf,
  named,
  namedNodeAt,
} from './syntax';

const MOVED = /^moved to heap: ([\p{L}_][\p{L}\p{N}_]*)$/u;

export function planClosureCapture(ws: GoWorkspace, finding: Finding): PlanResult {
  const m = MOVED.exec(finding.message);
  if (!m) return notApplicable('not a `moved to heap` finding');
  const name = m[1];
  const text = ws.text(finding.file);
  const root = ws.root(finding.file);
  if (text === undefined || !root) return notApplicable('the file is not among the workspace sources');
  const declId = namedNodeAt(root, new LineIndex(text).offsetOfCompiler(finding.line, finding.column));
  if (declId.type !== 'identifier' || declId.text !== name) return notApplicable(`no declaration of ${name} at the finding`);
  let func: Node | null = declId.parent;
  while (func && !FUNCTION_TYPES.has(func.type)) func = func.parent;
  if (!func) return notApplicable(`${name} is not a local variable`);
  if (declarationsOf(func, name).length !== 1) return refuse(`${name} is declared more than once in the function`);
  if (func.childForFieldName('result') && isAncestor(func.childForFieldName('result')!, declId)) return refuse(`${name} is a named result`);

  // The closures that mention x: exactly one, run by go or defer.
  const literals = descendantsOfType(func, 'func_literal', { intoClosures: true }).filter((l) => l.id !== func!.id && identifiersNamed(l, name, { intoClosures: true }).length > 0);
  if (literals.length === 0) return notApplicable(`${name} is not captured by a closure`);
  if (literals.length > 1) return refuse(`${name} is captured by more than one closure`);
  const literal = literals[0];
  const call = literal.parent;
  const stmt = call?.parent;
  if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== literal.id || (stmt?.type !== 'go_statement' && stmt?.type !== 'defer_statement')) {
    return refuse(`the closure that captures ${name} is not called by a go or defer statement`);
  }
  const verb = stmt.type === 'go_statement' ? 'goroutine' : 'deferred function';

  for (const id of identifiersNamed(literal, name, { intoClosures: true })) {
    const why = writeThrough(id, root);
    if (why) return refuse(`the ${verb} ${why.replace('%', name)} (line ${lineOf(id)})`);
  }
  for (const id of identifiersNamed(func, name, { intoClosures: true })) {
    if (id.id === declId.id || isAncestor(literal, id)) continue;
    const why = writeThrough(id, root);
    if (!why) continue;
    // A pointer kept in a variable could change x later without naming it.
    if (why === 'takes the address of %') return refuse(`the address of ${name} is taken (line ${lineOf(id)})`);
    if (id.startIndex > stmt.startIndex) return refuse(`${name} changes after the ${stmt.type === 'go_statement' ? 'go' : 'defer'} statement (line ${lineOf(id)})`);
    const loop = loopAround(stmt, func);
    if (loop && isAncestor(loop, id) && !isAncestor(loop, declId)) return refuse(`${name} changes in a loop around the ${stmt.type === 'go_statement' ? 'go' : 'defer'} statement (line ${lineOf(id)})`);
  }

  const type = declaredType(declId);
  if (!type) return refuse(`cannot tell the type of ${name} from the source`);
  const params = literal.childForFieldName('parameters');
  const args = call.childForFieldName('arguments');
  if (!params || !args) return refuse('malformed closure call');
  const paramDecls = named(params);
  if (paramDecls.some((p) => p.type === 'variadic_parameter_declaration')) return refuse('the closure is variadic');
  if (paramDecls.some((p) => p.childrenForFieldName('name').some((n) => n?.text === name))) return refuse(`the closure already has a parameter named ${name}`);

  const file = finding.file;
  const edits: FileEdit[] = [
    { file, startOffset: params.endIndex - 1, endOffset: params.endIndex - 1, newText: `${paramDecls.length ? ', ' : ''}${name} ${type}` },
    { file, startOffset: args.endIndex - 1, endOffset: args.endIndex - 1, newText: `${named(args).length ? ', ' : ''}${name}` },
  ];
  return {
    ok: true,
    plan: {
      kind: 'closure-capture',
      finding,
      title: `Pass ${name} to the ${verb} as an argument`,
      edits,
      changesExportedApi: false,
      mustRemoveFindings: true,
    },
  };
}

/**
 * Why an occurrence of x may change x (with % for the name), or undefined for a plain read.
 * Writes through fields and elements count, and so do method calls, whose receiver may be
 * a pointer. `&x` counts too, except as the only pointer argument of a call statement whose
 * result is dropped, `scan(&x)`: the callee cannot keep the pointer without x escaping
 * for that reason too, which verification would then show.
 */
function writeThrough(id: Node, root: Node): string | undefined {
  let top = id;
  while (top.parent && (top.parent.type === 'selector_expression' || top.parent.type === 'index_expression') && top.parent.childForFieldName('operand')?.id === top.id) top = top.parent;
  if (isAssignedTo(top)) return 'assigns to %';
  if (top.id !== id.id && top.parent?.type === 'call_expression' && top.parent.childForFieldName('function')?.id === top.id && top.type === 'selector_expression') return 'calls a method on %';
  if (isAddressTaken(top)) {
    if (top.id === id.id && isPassedToCallStatement(top.parent!, root)) return 'passes &% to a call';
    return 'takes the address of %';
  }
  return undefined;
}

/** `f(&x)` or `pkg.F(&x, "lit")` as a statement: the only non-literal argument is `&x`. */
function isPassedToCallStatement(addr: Node, root: Node): boolean {
  const call = addr.parent?.parent;
  if (call?.type !== 'call_expression' || call.parent?.type !== 'expression_statement') return false;
  const fn = call.childForFieldName('function');
  const pkgs = new Set(importedPackages(root).map((p) => p.name ?? p.path.slice(p.path.lastIndexOf('/') + 1)));
  const plainFunction = fn?.type === 'identifier' || (fn?.type === 'selector_expression' && pkgs.has(fn.childForFieldName('operand')?.text ?? ''));
  if (!plainFunction) return false;
  return named(call.childForFieldName('arguments')).every((a) => a.id === addr.id || /_literal$/.test(a.type));
}

/** The innermost loop around `node` inside `func`. */
function loopAround(node: Node, func: Node): Node | null {
  for (let n = node.parent; n && n.id !== func.id; n = n.parent) if (n.type === 'for_statement') return n;
  return null;
}

/** The type of a variable as written in its declaration, or inferred from a literal. */
function declaredType(id: Node): string | undefined {
  const decl = id.parent?.type === 'expression_list' ? id.parent.parent : id.parent;
  if (!decl) return undefined;
  if (decl.type === 'var_spec' || decl.type === 'parameter_declaration') return decl.childForFieldName('type')?.text;
  if (decl.type !== 'short_var_declaration') return undefined;
  const left = named(decl.childForFieldName('left'));
  const right = named(decl.childForFieldName('right'));
  if (left.length !== right.length) return undefined;
  const v = right[left.findIndex((l) => l.id === id.id)];
  switch (v?.type) {
    case 'int_literal':
      return 'int';
    case 'float_literal':
      return 'float64';
    case 'imaginary_literal':
      return 'complex128';
    case 'rune_literal':
      return 'rune';
    case 'interpreted_string_literal':
    case 'raw_string_literal':
      return 'string';
    case 'true':
    case 'false':
      return 'bool';
    case 'composite_literal':
      return v.childForFieldName('type')?.text;
    case 'unary_expression': {
      const operand = v.childForFieldName('operand');
      if (v.childForFieldName('operator')?.type === '&' && operand?.type === 'composite_literal') return `*${operand.childForFieldName('type')?.text}`;
      return undefined;
    }
    case 'call_expression': {
      const fn = v.childForFieldName('function')?.text;
      const arg = named(v.childForFieldName('arguments'))[0];
      if (fn === 'make' && arg) return arg.text;
      if (fn === 'new' && arg) return `*${arg.text}`;
      return undefined;
    }
    default:
      return undefined;
  }
}
