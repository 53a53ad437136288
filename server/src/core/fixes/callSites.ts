// Call sites of a function whose pointer result becomes a value, and the edits that keep
// each one meaning what it meant. Without type information the rules are conservative:
// any use this file does not understand makes the whole fix unavailable.
import * as path from 'node:path';
import type { Node } from 'web-tree-sitter';
import type { FileEdit } from './edits';
import type { GoWorkspace } from './goWorkspace';
import { declarationsOf } from '../treesitter/declarations';
import { identifiersNamed, isAddressTaken, isAssignedTo, isComparedWithNil, isDereferenced } from '../treesitter/identifiers';
import { descendantsOfType, FUNCTION_TYPES, lineOf, named } from '../treesitter/nodes';

export type CallSiteResult = { ok: true; edits: FileEdit[]; exported: boolean } | { ok: false; reason: string };

interface Ref {
  file: string;
  /** The identifier or selector that names the function. */
  node: Node;
}

/**
 * Edits for every call of `decl` in the workspace when its result at `index` (of `count`)
 * changes from `*elemType` to `elemType`.
 */
export function rewriteCallSites(ws: GoWorkspace, file: string, decl: Node, index: number, count: number, elemType: string): CallSiteResult {
  const name = decl.childForFieldName('name')?.text ?? '';
  const isMethod = decl.type === 'method_declaration';
  const refs = isMethod ? methodRefs(ws, file, decl, name) : functionRefs(ws, file, decl, name);
  if (typeof refs === 'string') return { ok: false, reason: refs };
  const edits: FileEdit[] = [];
  const where = (r: Ref) => `${path.basename(r.file)}:${lineOf(r.node)}`;
  for (const ref of refs) {
    const call = ref.node.parent;
    if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== ref.node.id) {
      return { ok: false, reason: `${name} is used as a function value at ${where(ref)}` };
    }
    const why = rewriteCall(ws, ref.file, file, call, index, count, elemType, edits);
    if (why) return { ok: false, reason: `${why} at ${where(ref)}` };
  }
  const exported = /^\p{Lu}/u.test(name) && ws.packageName(file) !== 'main';
  return { ok: true, edits, exported };
}

/** References to a package-level function: bare in its package, qualified in importers. */
function functionRefs(ws: GoWorkspace, file: string, decl: Node, name: string): Ref[] | string {
  const refs: Ref[] = [];
  const nameNode = decl.childForFieldName('name');
  for (const f of ws.packageFiles(file)) {
    const root = ws.rootMentioning(f, name);
    if (!root) continue;
    for (const id of identifiersNamed(root, name, { intoClosures: true })) {
      if (id.id !== nameNode?.id) refs.push({ file: f, node: id });
    }
  }
  for (const imp of ws.importers(file)) {
    if (imp.name === '.') return `${path.basename(imp.file)} dot-imports the package`;
    if (imp.name === '_') continue;
    const root = ws.rootMentioning(imp.file, name);
    if (!root) continue;
    for (const sel of descendantsOfType(root, 'selector_expression', { intoClosures: true })) {
      if (sel.childForFieldName('field')?.text === name && sel.childForFieldName('operand')?.text === imp.name) refs.push({ file: imp.file, node: sel });
    }
  }
  return refs;
}

/**
 * References to a method. Without types any `x.M` could be it, so the fix is only offered
 * when no interface in the workspace has a method of that name and no other type declares
 * one; then every `x.M` in the workspace is a call of this method.
 */
function methodRefs(ws: GoWorkspace, file: string, decl: Node, name: string): Ref[] | string {
  const recv = receiverBase(decl);
  const refs: Ref[] = [];
  for (const f of ws.goFiles()) {
    const root = ws.rootMentioning(f, name);
    if (!root) continue;
    for (const m of descendantsOfType(root, 'method_elem', { intoClosures: true })) {
      if (m.childForFieldName('name')?.text === name) return `an interface declares ${name} (${path.basename(f)}:${lineOf(m)}), so the method may implement it`;
    }
    for (const other of descendantsOfType(root, 'method_declaration')) {
      if (other.id !== decl.id && other.childForFieldName('name')?.text === name && receiverBase(other) !== recv) {
        return `${receiverBase(other)} also has a method ${name}; its calls cannot be told apart without types`;
      }
    }
    for (const sel of descendantsOfType(root, 'selector_expression', { intoClosures: true })) {
      if (sel.childForFieldName('field')?.text === name) refs.push({ file: f, node: sel });
    }
  }
  return refs;
}

/** The receiver's type name without `*` or type arguments. */
function receiverBase(decl: Node): string {
  const param = named(decl.childForFieldName('receiver')).find((c) => c.type === 'parameter_declaration');
  let t = param?.childForFieldName('type');
  if (t?.type === 'pointer_type') t = named(t)[0];
  return (t?.text ?? '').replace(/\[.*\]$/, '');
}

/** Adds the edits one call needs, or says why the call cannot be kept correct. */
function rewriteCall(ws: GoWorkspace, file: string, declFile: string, call: Node, index: number, count: number, elemType: string, edits: FileEdit[]): string | undefined {
  const parent = call.parent;
  if (!parent) return 'unexpected call';
  // `*f()` was a copy of the pointee already: drop the star.
  if (isDereferenced(call)) {
    edits.push({ file, startOffset: parent.startIndex, endOffset: call.startIndex, newText: '' });
    return undefined;
  }
  // The result is dropped: nothing to change.
  if (parent.type === 'expression_statement' || parent.type === 'go_statement' || parent.type === 'defer_statement') return undefined;
  if (parent.type === 'selector_expression' && parent.childForFieldName('operand')?.id === call.id) {
    return selectorOnCallResult(ws, declFile, parent, elemType);
  }
  if (parent.type === 'expression_list') {
    const stmt = parent.parent;
    const rhs = named(parent);
    if (stmt?.type === 'short_var_declaration' || stmt?.type === 'var_spec' || stmt?.type === 'assignment_statement') {
      const right = stmt.type === 'var_spec' ? stmt.childForFieldName('value') : stmt.childForFieldName('right');
      if (right?.id !== parent.id) return 'the result is used as a pointer';
      const lhs = stmt.type === 'var_spec' ? stmt.childrenForFieldName('name').filter((c): c is Node => c !== null) : named(stmt.childForFieldName('left'));
      let target: Node | undefined;
      if (count === 1) target = lhs[rhs.findIndex((e) => e.id === call.id)];
      else if (rhs.length === 1) target = lhs[index];
      if (!target) return 'the results are not assigned one to one';
      if (target.text === '_') return undefined;
      if (stmt.type === 'assignment_statement') return 'the result is assigned to an existing variable';
      if (target.type !== 'identifier') return 'the result is stored in a field or element';
      if (stmt.type === 'var_spec') {
        const t = stmt.childForFieldName('type');
        if (t?.type === 'pointer_type') {
          if (count > 1 || stmt.childrenForFieldName('name').length > 1) return 'the variable declaration lists a type for several values';
          const elem = named(t)[0];
          if (elem) edits.push({ file, startOffset: t.startIndex, endOffset: elem.startIndex, newText: '' });
        } else if (t) return 'the result is converted to another type';
      }
      return rewriteVariableUses(target, file, edits);
    }
  }
  if (parent.type === 'return_statement' || parent.parent?.type === 'return_statement') return 'the caller returns the pointer';
  return 'the result is used as a pointer';
}

/** `f().X` reads a field of a value just as well; `f().M()` needs M to take a value receiver. */
function selectorOnCallResult(ws: GoWorkspace, declFile: string, sel: Node, elemType: string): string | undefined {
  const field = sel.childForFieldName('field')?.text ?? '';
  const use = sel.parent;
  if (use?.type === 'call_expression' && use.childForFieldName('function')?.id === sel.id) {
    const kind = receiverKind(ws, declFile, elemType, field);
    if (kind === 'value') return undefined;
    return kind === 'pointer' ? `${field} has a pointer receiver and the call's result is not addressable` : `cannot tell whether ${field} has a pointer receiver`;
  }
  if (use && (isAssignedTo(sel) || isAddressTaken(sel) || (use.type === 'expression_list' && use.parent?.type === 'assignment_statement' && use.parent.childForFieldName('left')?.id === use.id))) {
    return 'a field of the result is assigned or its address taken';
  }
  return undefined;
}

/** Whether method `name` of type `typeName` (declared in `declFile`'s package) has a pointer receiver. */
function receiverKind(ws: GoWorkspace, declFile: string, typeName: string, name: string): 'pointer' | 'value' | undefined {
  if (typeName.includes('.')) return undefined;
  const base = typeName.replace(/\[.*\]$/, '');
  for (const f of ws.packageFiles(declFile)) {
    const root = ws.rootMentioning(f, name);
    if (!root) continue;
    for (const m of descendantsOfType(root, 'method_declaration')) {
      if (m.childForFieldName('name')?.text !== name || receiverBase(m) !== base) continue;
      const param = named(m.childForFieldName('receiver')).find((c) => c.type === 'parameter_declaration');
      return param?.childForFieldName('type')?.type === 'pointer_type' ? 'pointer' : 'value';
    }
  }
  return undefined;
}

/**
 * A local `p := f()` now holds the value itself, and `&p` is the pointer `f` used to return:
 * the variable plays the role of the heap object, so uses that need a pointer get `&p` and
 * keep sharing one object. That only holds while `p` is never reassigned.
 */
function rewriteVariableUses(declId: Node, file: string, edits: FileEdit[]): string | undefined {
  const name = declId.text;
  let scope: Node | null = declId.parent;
  while (scope && !FUNCTION_TYPES.has(scope.type)) scope = scope.parent;
  if (!scope) return `${name} is a package-level variable`;
  if (declarationsOf(scope, name).length !== 1) return `${name} is declared more than once in the calling function`;
  for (const id of identifiersNamed(scope, name, { intoClosures: true })) {
    if (id.id === declId.id || id.startIndex < declId.startIndex) continue;
    const line = lineOf(id);
    if (isAssignedTo(id)) return `${name} is reassigned (line ${line})`;
    if (isComparedWithNil(id)) return `${name} is compared with nil (line ${line})`;
    if (isAddressTaken(id)) return `the address of ${name} is taken (line ${line})`;
    const parent = id.parent;
    if (isDereferenced(id) && parent) {
      edits.push({ file, startOffset: parent.startIndex, endOffset: id.startIndex, newText: '' });
      continue;
    }
    // Field access, method calls and indexing work the same on an addressable variable.
    if ((parent?.type === 'selector_expression' || parent?.type === 'index_expression') && parent.childForFieldName('operand')?.id === id.id) continue;
    edits.push({ file, startOffset: id.startIndex, endOffset: id.startIndex, newText: '&' });
  }
  return undefined;
}
