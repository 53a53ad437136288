// Pre-allocate: a slice that starts empty and is only appended to, once per iteration of a
// range loop over something of known length, gets that length as its capacity up front:
//   var out []T; for _, x := range xs { out = append(out, f(x)) }
//   -> out := make([]T, 0, len(xs))
// `-m` counts allocation sites, not the reallocations while a slice grows, so the compiler
// cannot show the gain: this fix is offered as advice once the result builds.
import type { Node } from 'web-tree-sitter';
import type { Finding } from '../findings';
import { LineIndex } from '../positions';
import { FUNCTION_TYPES, walk } from '../treesitter/nodes';
import type { GoWorkspace } from './goWorkspace';
import { notApplicable, refuse, type PlanResult } from './plan';
import { declaredNames, identifiersNamed, isAssignedTo, isComparedWithNil, lineOf, named, namedNodeAt } from './syntax';

/** For an `append escapes to heap` / `append does not escape` finding. */
export function planPreallocate(ws: GoWorkspace, finding: Finding): PlanResult {
  if (!/^append (escapes to heap|does not escape)$/.test(finding.message)) return notApplicable('not a finding about append');
  const text = ws.text(finding.file);
  if (text === undefined) return notApplicable('the file is not among the workspace sources');
  return planPreallocateAt(ws, finding.file, new LineIndex(text).offsetOfCompiler(finding.line, finding.column), finding);
}

/** For a cursor on an `append` call, or on the finding at it. */
export function planPreallocateAt(ws: GoWorkspace, file: string, offset: number, finding?: Finding): PlanResult {
  const root = ws.root(file);
  if (!root) return refuse('the file is not among the workspace sources');
  const call = appendCallAt(namedNodeAt(root, offset));
  if (!call) return notApplicable('no append call here');
  const stmt = call.parent?.parent;
  const left = named(stmt?.childForFieldName('left'));
  const args = named(call.childForFieldName('arguments'));
  if (stmt?.type !== 'assignment_statement' || stmt.childForFieldName('operator')?.type !== '=' || left.length !== 1 || left[0].type !== 'identifier' || args[0]?.text !== left[0].text) {
    return refuse('the append is not of the form `s = append(s, ...)`');
  }
  const name = left[0].text;
  const loop = enclosingLoop(call);
  const range = loop && named(loop).find((c) => c.type === 'range_clause');
  if (!loop || !range) return refuse(`${name} is not appended to inside a range loop`);
  const func = enclosing(loop, FUNCTION_TYPES);
  if (!func) return refuse('the loop is not inside a function');

  const decl = emptySliceDeclaration(loop, name);
  if (typeof decl === 'string') {
    for (let outer = enclosingLoop(loop); outer; outer = enclosingLoop(outer)) {
      if (typeof emptySliceDeclaration(outer, name) !== 'string') return refuse(`${name} is appended to in a nested loop`);
    }
    return refuse(decl);
  }
  const lengthExpr = lengthOf(func, range);
  if (typeof lengthExpr !== 'string') return refuse(lengthExpr.reason);

  let leaves = false;
  for (const id of identifiersNamed(func, name, { intoClosures: true })) {
    if (id.startIndex <= decl.stmt.endIndex) continue;
    if (id.parent?.type === 'expression_list' && id.parent.parent?.type === 'return_statement') leaves = true;
    if (decl.isNil && isComparedWithNil(id)) return refuse(`${name} is compared with nil (line ${lineOf(id)}); a pre-allocated slice is never nil`);
    if (id.startIndex >= loop.startIndex && id.endIndex <= loop.endIndex) {
      if (isAssignedTo(id) && !(id.parent?.parent?.id === stmt.id || isAppendAssignment(id, name))) return refuse(`${name} is assigned other than by append in the loop (line ${lineOf(id)})`);
      if (isAssignedTo(id) && enclosingLoop(id)?.id !== loop.id) return refuse(`${name} is appended to in a nested loop (line ${lineOf(id)})`);
    } else if (id.startIndex < loop.startIndex) {
      return refuse(`${name} is used between its declaration and the loop (line ${lineOf(id)})`);
    }
  }

  const newText = `${name} := make(${decl.type}, 0, ${lengthExpr})`;
  return {
    ok: true,
    plan: {
      kind: 'preallocate',
      finding: finding ?? { file, ...new LineIndex(ws.text(file) ?? '').toCompiler(new LineIndex(ws.text(file) ?? '').positionAt(offset)), message: 'append', category: 'escapes', rule: 'preallocate-slices', origin: 'prediction' },
      title: `Pre-allocate ${name}: make(${decl.type}, 0, ${lengthExpr})`,
      edits: [{ file, startOffset: decl.stmt.startIndex, endOffset: decl.stmt.endIndex, newText }],
      changesExportedApi: false,
      mustRemoveFindings: false,
      // `var s []T` stays nil when the loop does not run; the made slice is empty but not nil.
      note: decl.isNil && leaves ? `an empty ${name} is no longer nil` : undefined,
    },
  };
}

function appendCallAt(node: Node): Node | undefined {
  for (let n: Node | null = node; n; n = n.parent) {
    if (n.type === 'call_expression') return n.childForFieldName('function')?.text === 'append' ? n : undefined;
    if (n.type.endsWith('_statement')) return undefined;
  }
  return undefined;
}

function enclosing(node: Node, types: Set<string>): Node | null {
  for (let n = node.parent; n; n = n.parent) if (types.has(n.type)) return n;
  return null;
}

/** The nearest loop around a node within its function. */
function enclosingLoop(node: Node): Node | null {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'for_statement') return n;
    if (FUNCTION_TYPES.has(n.type)) return null;
  }
  return null;
}

function isAppendAssignment(id: Node, name: string): boolean {
  const stmt = id.parent?.parent;
  const right = named(stmt?.childForFieldName('right'));
  return stmt?.type === 'assignment_statement' && right.length === 1 && right[0].type === 'call_expression' && right[0].childForFieldName('function')?.text === 'append' && named(right[0].childForFieldName('arguments'))[0]?.text === name;
}

/**
 * The capacity expression for a range loop: `len(xs)` when xs is a variable declared in
 * the function with a slice, array, map or string type, `n` for `range n` over an int.
 * Anything else (channels, calls, fields) has no length known before the loop.
 */
function lengthOf(func: Node, range: Node): string | { reason: string } {
  const over = range.childForFieldName('right');
  if (!over) return { reason: 'malformed range clause' };
  if (over.type === 'int_literal') return over.text;
  if (over.type !== 'identifier') return { reason: `cannot tell the length of ${over.text} before the loop` };
  const kind = declaredKind(func, over.text);
  // `range n` runs zero times for a negative n, where make would panic.
  if (kind === 'int') return { reason: `${over.text} may be negative, and make panics on a negative capacity` };
  if (kind === 'sized') return `len(${over.text})`;
  return { reason: `cannot tell from the source that ${over.text} has a length (slice, array, map or string)` };
}

/** Whether a variable's declared type has a length (`sized`), is `int`, or is unknown. */
function declaredKind(func: Node, name: string): 'sized' | 'int' | undefined {
  const decls: Node[] = [];
  walk(func, (n) => {
    if (declaredNames(n).some((d) => d.text === name)) decls.push(n);
  });
  if (decls.length !== 1) return undefined;
  const decl = decls[0];
  const type = decl.childForFieldName('type');
  if (type) return kindOfType(type);
  if (decl.type === 'short_var_declaration') {
    const right = named(decl.childForFieldName('right'));
    const left = named(decl.childForFieldName('left'));
    const value = right[left.findIndex((l) => l.text === name)];
    if (value?.type === 'composite_literal') return kindOfType(value.childForFieldName('type'));
    if (value?.type === 'call_expression' && value.childForFieldName('function')?.text === 'make') return kindOfType(named(value.childForFieldName('arguments'))[0]);
  }
  return undefined;
}

function kindOfType(type: Node | null | undefined): 'sized' | 'int' | undefined {
  if (!type) return undefined;
  if (['slice_type', 'array_type', 'map_type'].includes(type.type)) return 'sized';
  if (type.type === 'type_identifier' && type.text === 'string') return 'sized';
  if (type.type === 'type_identifier' && type.text === 'int') return 'int';
  return undefined;
}

/** `var s []T`, `s := []T{}` or `s := make([]T, 0)` in the statement list just before the loop. */
function emptySliceDeclaration(loop: Node, name: string): { stmt: Node; type: string; isNil: boolean } | string {
  const list = loop.parent;
  if (list?.type !== 'statement_list') return `${name} is not declared next to the loop`;
  const stmts = named(list);
  const at = stmts.findIndex((s) => s.id === loop.id);
  for (let i = at - 1; i >= 0; i--) {
    const s = stmts[i];
    const found = emptySliceDecl(s, name);
    if (found) return found;
  }
  return `${name} is not declared empty (var ${name} []T, ${name} := []T{} or make([]T, 0)) in the same block before the loop`;
}

function emptySliceDecl(s: Node, name: string): { stmt: Node; type: string; isNil: boolean } | undefined {
  if (s.type === 'var_declaration') {
    const specs = named(s).filter((c) => c.type === 'var_spec');
    const spec = specs[0];
    if (specs.length !== 1 || spec.childrenForFieldName('name').length !== 1 || spec.childForFieldName('name')?.text !== name) return undefined;
    const type = spec.childForFieldName('type');
    if (type?.type !== 'slice_type' || spec.childForFieldName('value')) return undefined;
    return { stmt: s, type: type.text, isNil: true };
  }
  if (s.type === 'short_var_declaration') {
    const left = named(s.childForFieldName('left'));
    const right = named(s.childForFieldName('right'));
    if (left.length !== 1 || left[0].text !== name || right.length !== 1) return undefined;
    const v = right[0];
    if (v.type === 'composite_literal' && v.childForFieldName('type')?.type === 'slice_type' && named(v.childForFieldName('body')).length === 0) {
      return { stmt: s, type: v.childForFieldName('type')!.text, isNil: false };
    }
    const args = named(v.childForFieldName('arguments'));
    if (v.type === 'call_expression' && v.childForFieldName('function')?.text === 'make' && args.length === 2 && args[0].type === 'slice_type' && args[1].text === '0') {
      return { stmt: s, type: args[0].text, isNil: false };
    }
  }
  return undefined;
}
