// The syntactic type inference rules rely on: the type of an expression, of a variable, of a
// call's results, and whether a call is a conversion. Types come from the function's own
// declarations, the file's package-level declarations and what facts say about other packages;
// anything else is `unknown`.
import type { Node } from 'web-tree-sitter';
import { typeParamNames } from '../../treesitter/declarations';
import { unparen } from '../../treesitter/nodes';
import type { FileModel } from '../declarations/fileModel';
import { BOOL, GoType, INT, STRING, UNKNOWN, parseTypeString } from '../declarations/types';
import type { FlowParts, TypingPart } from './flowParts';
import type { VarInfo } from './variables';

export const BUILTINS = new Set(['append', 'cap', 'clear', 'close', 'complex', 'copy', 'delete', 'imag', 'len', 'make', 'max', 'min', 'new', 'panic', 'print', 'println', 'real', 'recover']);

const CONVERTIBLE_NAMES = ['string', 'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'byte', 'rune', 'float32', 'float64', 'bool', 'complex64', 'complex128', 'any', 'error'];

export class Typer implements TypingPart {
  /** Type parameters of the generic function being analysed. */
  typeParams?: Set<string>;
  private readonly cache = new Map<number, GoType>();

  constructor(private readonly f: FlowParts) {}

  private get model(): FileModel {
    return this.f.model;
  }

  /** Parses a type expression inside the function (its type parameters in scope). */
  parse(n: Node | null | undefined): GoType {
    return this.model.parseType(n, this.typeParams);
  }

  typeOfVar(v: VarInfo): GoType {
    if (v.cachedType) return v.cachedType;
    v.cachedType = UNKNOWN; // Guards against cycles.
    let t: GoType = UNKNOWN;
    if (v.typeNode) t = this.parse(v.typeNode);
    else if (v.init) t = v.init();
    v.cachedType = t;
    return t;
  }

  typeOf(n: Node): GoType {
    const cached = this.cache.get(n.id);
    if (cached) return cached;
    this.cache.set(n.id, UNKNOWN);
    const t = this.computeType(n);
    this.cache.set(n.id, t);
    return t;
  }

  isString(n: Node): boolean {
    const t = this.model.underlying(this.typeOf(n));
    return t.k === 'basic' && t.name === 'string';
  }

  /** Whether values of a type can hold pointers (unknown types are assumed to). */
  hasPointers(t: GoType, depth = 0): boolean {
    if (depth > 6) return true;
    const u = this.model.underlying(t);
    switch (u.k) {
      case 'basic':
        return u.name === 'string' || u.name === 'unsafe.Pointer';
      case 'array':
        return this.hasPointers(u.elem, depth + 1);
      case 'struct':
        for (const fl of u.fields.values()) if (this.hasPointers(fl, depth + 1)) return true;
        return false;
      default:
        return true;
    }
  }

  /** The type of the i-th variable of `a, b := value` with one multi-valued right-hand side. */
  multiResultType(value: Node | undefined, i: number): (() => GoType) | undefined {
    if (!value) return undefined;
    return () => {
      const v = unparen(value);
      if (v.type === 'call_expression') return this.callResultTypes(v)[i] ?? UNKNOWN;
      if (i === 1) return BOOL;
      if (v.type === 'index_expression' || v.type === 'type_assertion_expression' || v.type === 'unary_expression') return this.typeOf(v);
      return UNKNOWN;
    };
  }

  /** The element types `for k, v := range x` declares. */
  rangeType(rt: GoType, i: number): GoType {
    let u = this.model.underlying(rt);
    if (u.k === 'ptr') u = this.model.underlying(u.elem);
    switch (u.k) {
      case 'slice':
      case 'array':
        return i === 0 ? INT : u.elem;
      case 'map':
        return i === 0 ? u.key : u.elem;
      case 'chan':
        return i === 0 ? u.elem : UNKNOWN;
      case 'basic':
        return u.name === 'string' ? (i === 0 ? INT : { k: 'basic', name: 'int32' }) : i === 0 ? u : UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  /** The type `fnNode(x)` converts to, when `fnNode` names a type rather than a function. */
  conversionType(fnNode: Node): GoType | undefined {
    const scopes = this.f.scopes;
    const f = unparen(fnNode);
    switch (f.type) {
      case 'identifier':
      case 'type_identifier':
        if (scopes.peek(f.text)) return undefined;
        if (this.model.hasType(f.text) || CONVERTIBLE_NAMES.includes(f.text)) return this.parse(f);
        if (this.typeParams?.has(f.text)) return { k: 'typeparam' };
        return undefined;
      case 'slice_type':
      case 'array_type':
      case 'map_type':
      case 'pointer_type':
      case 'channel_type':
      case 'function_type':
      case 'interface_type':
      case 'qualified_type':
      case 'generic_type':
        return this.parse(f);
      case 'unary_expression':
        if (f.childForFieldName('operator')?.text === '*' && (fnNode.type === 'parenthesized_expression' || fnNode.type === 'unary_expression')) {
          // `(*T)(x)` converts to a pointer type; calling through `(*fp)(x)` is too rare to weigh.
          const inner = f.childForFieldName('operand');
          const t = inner ? this.conversionType(inner) : undefined;
          if (t) return { k: 'ptr', elem: t };
          if (inner?.type === 'identifier' && scopes.peek(inner.text)) return undefined;
          if (inner?.type === 'identifier' || inner?.type === 'selector_expression') {
            const op = inner.type === 'selector_expression' ? inner.childForFieldName('operand') : null;
            if (inner.type === 'identifier' || (op?.type === 'identifier' && scopes.isPackageName(op.text))) return { k: 'ptr', elem: inner.type === 'identifier' ? this.parse(inner) : UNKNOWN };
          }
        }
        return undefined;
      case 'selector_expression': {
        const operand = f.childForFieldName('operand');
        const name = f.childForFieldName('field')?.text ?? '';
        if (operand?.type === 'identifier' && scopes.isPackageName(operand.text)) {
          const path = this.model.imports.get(operand.text)!;
          if (operand.text === 'unsafe' && name === 'Pointer') return { k: 'basic', name: 'unsafe.Pointer' };
          if (this.model.knowledge?.interfaces?.has(`${path}.${name}`)) return { k: 'iface' };
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** Parameter types of a declaration in this file (receiver excluded). */
  signature(decl: Node): { kinds: GoType[]; variadic: boolean } {
    const kinds: GoType[] = [];
    let variadic = false;
    const tps = typeParamNames(decl);
    const owner = this.model.ownerOf(decl);
    for (const p of decl.childForFieldName('parameters')?.namedChildren ?? []) {
      if (!p) continue;
      const t = owner.parseType(p.childForFieldName('type'), tps);
      const count = Math.max(1, p.childrenForFieldName('name').length);
      if (p.type === 'variadic_parameter_declaration') variadic = true;
      for (let i = 0; i < count; i++) kinds.push(t);
    }
    return { kinds, variadic };
  }

  private computeType(n: Node): GoType {
    switch (n.type) {
      case 'identifier': {
        if (n.text === 'true' || n.text === 'false') return BOOL;
        const v = this.f.scopes.peek(n.text);
        if (v) return this.typeOfVar(v);
        const g = this.model.globals.get(n.text);
        if (g) return g.type ? this.model.parseType(g.type.node) : g.value ? this.typeOf(g.value.node) : UNKNOWN;
        const other = this.model.otherFileGlobalType(n.text);
        if (other) return other;
        if (this.model.hasFunc(n.text)) return { k: 'func' };
        return UNKNOWN;
      }
      case 'true':
      case 'false':
        return BOOL;
      case 'int_literal':
        return INT;
      case 'float_literal':
        return { k: 'basic', name: 'float64' };
      case 'rune_literal':
        return { k: 'basic', name: 'int32' };
      case 'imaginary_literal':
        return { k: 'basic', name: 'complex128' };
      case 'interpreted_string_literal':
      case 'raw_string_literal':
        return STRING;
      case 'composite_literal':
        return this.parse(n.childForFieldName('type'));
      case 'func_literal':
        return { k: 'func', node: n };
      case 'parenthesized_expression':
        return n.namedChildren[0] ? this.typeOf(n.namedChildren[0]) : UNKNOWN;
      case 'unary_expression': {
        const op = n.childForFieldName('operator')?.text;
        const o = n.childForFieldName('operand');
        if (!o) return UNKNOWN;
        if (op === '&') return { k: 'ptr', elem: this.typeOf(o) };
        if (op === '!') return BOOL;
        const t = this.model.underlying(this.typeOf(o));
        if (op === '*') return t.k === 'ptr' ? t.elem : UNKNOWN;
        if (op === '<-') return t.k === 'chan' ? t.elem : UNKNOWN;
        return this.typeOf(o);
      }
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.text ?? '';
        if (['==', '!=', '<', '<=', '>', '>=', '&&', '||'].includes(op)) return BOOL;
        const l = n.childForFieldName('left');
        const r = n.childForFieldName('right');
        const lt = l ? this.typeOf(l) : UNKNOWN;
        if (lt.k !== 'unknown' && !(l && isLiteral(l))) return lt;
        return r ? this.typeOf(r) : lt;
      }
      case 'selector_expression': {
        const operand = n.childForFieldName('operand');
        const field = n.childForFieldName('field')?.text ?? '';
        if (!operand) return UNKNOWN;
        if (operand.type === 'identifier' && this.f.scopes.isPackageName(operand.text)) return UNKNOWN;
        const t = this.typeOf(operand);
        const ft = this.model.field(t, field);
        if (ft) return ft;
        const base = t.k === 'ptr' ? t.elem : t;
        if (this.model.method(base, field)) return { k: 'func' };
        return UNKNOWN;
      }
      case 'index_expression': {
        const operand = n.childForFieldName('operand');
        if (!operand) return UNKNOWN;
        let t = this.model.underlying(this.typeOf(operand));
        if (t.k === 'ptr') t = this.model.underlying(t.elem);
        if (t.k === 'slice' || t.k === 'array' || t.k === 'map') return t.elem;
        if (t.k === 'basic' && t.name === 'string') return { k: 'basic', name: 'uint8' };
        return UNKNOWN;
      }
      case 'slice_expression': {
        const operand = n.childForFieldName('operand');
        if (!operand) return UNKNOWN;
        const t0 = this.typeOf(operand);
        let t = this.model.underlying(t0);
        if (t.k === 'ptr') t = this.model.underlying(t.elem);
        if (t.k === 'array') return { k: 'slice', elem: t.elem };
        return t0;
      }
      case 'call_expression':
        return this.callResultTypes(n)[0] ?? UNKNOWN;
      case 'type_assertion_expression':
        return this.parse(n.childForFieldName('type'));
      case 'type_conversion_expression':
        return this.parse(n.childForFieldName('type'));
      default:
        return UNKNOWN;
    }
  }

  /** Result types of a call, as far as they can be known. */
  callResultTypes(n: Node): GoType[] {
    const scopes = this.f.scopes;
    const fnNode = n.childForFieldName('function');
    const args = n.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => !!c) ?? [];
    if (!fnNode) return [];
    const f = unparen(fnNode);
    if (f.type === 'identifier' && BUILTINS.has(f.text) && !scopes.peek(f.text) && !this.model.hasFunc(f.text)) {
      switch (f.text) {
        case 'make':
          return [this.parse(args[0])];
        case 'new':
          return [{ k: 'ptr', elem: this.parse(args[0]) }];
        case 'append':
        case 'min':
        case 'max':
          return args[0] ? [this.typeOf(args[0])] : [];
        case 'len':
        case 'cap':
        case 'copy':
          return [INT];
        case 'recover':
          return [{ k: 'iface' }];
        default:
          return [];
      }
    }
    const conv = this.conversionType(fnNode);
    if (conv) return [conv];
    let decl: Node | undefined;
    let known: string[] | undefined;
    let pkgPath = '';
    if (f.type === 'identifier' && !scopes.peek(f.text)) {
      decl = this.model.funcDecl(f.text);
      if (!decl) known = this.model.knowledge?.functions.get(f.text)?.results;
    } else if (f.type === 'identifier') {
      const v = scopes.peek(f.text);
      if (v?.funcLit) decl = v.funcLit.node;
    } else if (f.type === 'func_literal') decl = f;
    else if (f.type === 'selector_expression') {
      const operand = f.childForFieldName('operand');
      const name = f.childForFieldName('field')?.text ?? '';
      if (operand?.type === 'identifier' && scopes.isPackageName(operand.text)) {
        pkgPath = this.model.imports.get(operand.text)!;
        known = this.model.knowledge?.functions.get(`${pkgPath}.${name}`)?.results;
      } else if (operand) {
        const t = this.typeOf(operand);
        const base = t.k === 'ptr' ? t.elem : t;
        const m = this.model.method(base, name);
        if (m?.decl) decl = m.decl;
        else if (m?.key) {
          known = this.model.knowledge?.functions.get(m.key)?.results;
          if (base.k === 'named') pkgPath = base.pkg;
        }
      }
    } else if ((f.type === 'index_expression' || f.type === 'generic_type') && (f.childForFieldName('operand') ?? f.childForFieldName('type'))?.type === 'identifier') {
      decl = this.model.funcDecl((f.childForFieldName('operand') ?? f.childForFieldName('type'))!.text);
    }
    if (decl) {
      const res = decl.childForFieldName('result');
      if (!res) return [];
      const tps = decl.type === 'func_literal' ? this.typeParams : typeParamNames(decl);
      const owner = this.model.ownerOf(decl);
      if (res.type !== 'parameter_list') return [owner.parseType(res, tps)];
      const out: GoType[] = [];
      for (const p of res.namedChildren) {
        if (!p) continue;
        const t = owner.parseType(p.childForFieldName('type'), tps);
        const count = Math.max(1, p.childrenForFieldName('name').length);
        for (let i = 0; i < count; i++) out.push(t);
      }
      return out;
    }
    if (known) return known.map((s) => parseTypeString(s, pkgPath));
    return [];
  }
}

export function isLiteral(n: Node): boolean {
  return n.type === 'int_literal' || n.type === 'float_literal' || n.type === 'rune_literal' || n.type === 'imaginary_literal';
}
