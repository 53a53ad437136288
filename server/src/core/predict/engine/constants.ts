// Constants as the compiler sees them: which expressions are compile-time constants, their
// values when the file says enough, constant conditions that make branches dead, and the text
// of a message subject with named constants folded into their values.
import type { Node } from 'web-tree-sitter';
import { unparen } from '../../treesitter/nodes';
import type { GoType } from '../declarations/types';
import { compositeSubject, containsCall, exprText, typeText } from './compilerText';
import type { ConstantsPart, FlowParts } from './flowParts';

const BUILTIN_VALUES = new Set(['nil', 'true', 'false', 'iota']);

export class Constants implements ConstantsPart {
  constructor(private readonly f: FlowParts) {}

  /** `true` or `false` for a constant boolean condition (a literal or a file's constant), else ''. */
  constantBool(n: Node): string {
    if (n.type === 'true' || n.type === 'false') return n.type;
    if (n.type === 'parenthesized_expression' && n.namedChildren[0]) return this.constantBool(n.namedChildren[0]);
    if (n.type === 'unary_expression' && n.childForFieldName('operator')?.text === '!') {
      const v = this.constantBool(unparen(n.childForFieldName('operand') ?? n));
      return v === 'true' ? 'false' : v === 'false' ? 'true' : '';
    }
    if (n.type === 'binary_expression') {
      const op = n.childForFieldName('operator')?.text;
      const l = n.childForFieldName('left');
      const r = n.childForFieldName('right');
      const lv = l ? this.constantBool(unparen(l)) : '';
      const rv = r ? this.constantBool(unparen(r)) : '';
      if (op === '&&') return lv === 'false' || rv === 'false' ? 'false' : lv === 'true' && rv === 'true' ? 'true' : '';
      if (op === '||') return lv === 'true' || rv === 'true' ? 'true' : lv === 'false' && rv === 'false' ? 'false' : '';
    }
    if (n.type === 'identifier' && !this.f.scopes.peek(n.text)) {
      const v = this.f.model.boolConst(n.text);
      if (v !== undefined) return String(v);
    }
    return '';
  }

  /** The compiler's text for an expression, or undefined when it cannot be predicted from syntax. */
  subjectOf(n: Node): string | undefined {
    if (containsCall(n, this.isConcreteConversion) || this.hasUnfoldableConstant(n)) return undefined;
    let untold = false;
    const fold = (x: Node): string | undefined => {
      const converted = this.convertedConstant(x);
      if (converted === null) untold = true;
      if (converted) return converted;
      const typed = this.typedContext(x);
      if (typed === null) untold = true;
      if (!typed) return this.foldedConstant(x);
      return `${typed}(${this.foldedConstant(x) ?? exprText(x, (y) => this.foldedConstant(y))})`;
    };
    const text = exprText(n, fold);
    return untold ? undefined : this.withPackageNames(n, text);
  }

  /**
   * A conversion of a constant is a constant of that type, printed with its value (`Delim(91)` for
   * `Delim('[')`), and without the type when it is the constant's default one, in ways not
   * followed here. Undefined when `x` is no such conversion, null when its text cannot be told.
   */
  private convertedConstant(x: Node): string | null | undefined {
    // A constant operation on a conversion is folded to a constant of its type (`MyInt(4)`).
    if (x.type === 'binary_expression') return this.isConstant(x) && containsCall(x) ? null : undefined;
    if (x.type !== 'call_expression') return undefined;
    const fn = x.childForFieldName('function');
    const args = x.childForFieldName('arguments')?.namedChildren.filter((n): n is Node => !!n) ?? [];
    if (!fn || args.length !== 1 || !this.isConcreteConversion(fn) || !this.isConstant(args[0])) return undefined;
    const t = this.f.types.conversionType(fn)!;
    if (t.k === 'basic' && ['int', 'float64', 'string', 'bool', 'uint8', 'int32'].includes(t.name)) return null;
    const type = this.typeTextOf(t);
    const a = args[0];
    const value = a.type === 'rune_literal' ? runeValue(a.text) : a.type === 'interpreted_string_literal' || a.type === 'raw_string_literal' ? exprText(a) : this.constValue(a);
    return type && value !== undefined ? `${type}(${value})` : null;
  }

  /**
   * The type a constant operand of a binary operation takes from the other operand, when the
   * compiler prints it (`d * int64(2)`, `MyInt(n) + MyInt(1)`): not for int, float64, string or
   * bool, the default types of constants. Null when the syntax cannot tell how it prints.
   */
  private typedContext(x: Node): string | null | undefined {
    const parent = x.parent;
    if (parent?.type !== 'binary_expression' || !this.isConstant(x) || this.isConstant(parent)) return undefined;
    const op = parent.childForFieldName('operator')?.text;
    if (op === '<<' || op === '>>' || op === '&&' || op === '||') return undefined;
    const left = parent.childForFieldName('left');
    const other = left?.id === x.id ? parent.childForFieldName('right') : left;
    if (!other) return undefined;
    const t = this.f.types.typeOf(other);
    if (t.k === 'basic') {
      if (t.name === 'int' || t.name === 'float64' || t.name === 'string' || t.name === 'bool') return undefined;
      // byte and rune read as uint8 and int32 here, but print as written.
      if (t.name === 'uint8' || t.name === 'int32' || t.name === 'unsafe.Pointer') return null;
      return t.name;
    }
    if (t.k !== 'named') return undefined;
    return this.typeTextOf(t) ?? null;
  }

  private readonly isConcreteConversion = (fn: Node): boolean => {
    const t = this.f.types.conversionType(fn);
    return !!t && t.k !== 'iface' && t.k !== 'unknown' && t.k !== 'typeparam' && !this.f.model.isInterface(t);
  };

  /** A composite literal's subject (`T{...}`), with the package names the compiler prints. */
  compositeSubjectOf(n: Node): string | undefined {
    return this.withPackageNames(n.childForFieldName('type') ?? n, compositeSubject(n));
  }

  /** A type as the compiler prints it in an elided literal, when the syntax and facts say enough. */
  typeTextOf(t: GoType): string | undefined {
    const text = typeText(t, (p) => this.f.model.packageNameOf(p));
    return text.includes('?') ? undefined : text;
  }

  /**
   * `text` with imports named otherwise in this file (`js.Decoder`) renamed to the package names the
   * compiler prints (`json.Decoder`); undefined when a package's name is not known.
   */
  private withPackageNames(n: Node, text: string): string | undefined {
    const model = this.f.model;
    if (model.aliases.size === 0) return text;
    const renamed = new Set<string>();
    if (!this.renamedImports(n, renamed)) return undefined;
    for (const alias of renamed) {
      const name = model.packageNameOf(model.imports.get(alias)!);
      if (!name || this.f.scopes.peek(alias)) return undefined;
      text = text.replace(new RegExp(`(?<![\\p{L}\\p{N}_.])${alias}\\.`, 'gu'), `${name}.`);
    }
    return text;
  }

  /** Collects the renamed imports an expression names; false when it is too deep to tell. */
  private renamedImports(n: Node, into: Set<string>, depth = 0): boolean {
    if (depth > 20) return false;
    const model = this.f.model;
    if (n.type === 'qualified_type') {
      const pkg = n.childForFieldName('package')?.text;
      if (pkg && model.isRenamedImport(pkg)) into.add(pkg);
      return true;
    }
    if (n.type === 'selector_expression') {
      const o = n.childForFieldName('operand');
      if (o?.type === 'identifier' && this.f.scopes.isPackageName(o.text)) {
        if (model.isRenamedImport(o.text)) into.add(o.text);
        return true;
      }
    }
    for (const c of n.namedChildren) if (c && !this.renamedImports(c, into, depth + 1)) return false;
    return true;
  }

  /** Constants the compiler folds into their values but this file cannot evaluate (declared elsewhere). */
  private hasUnfoldableConstant(n: Node, depth = 0): boolean {
    if (depth > 20) return true;
    const model = this.f.model;
    if (n.type === 'identifier') {
      if (this.f.scopes.peek(n.text)) return false;
      if (model.hasConst(n.text)) return model.constValueOf(n.text) === undefined && model.boolConst(n.text) === undefined;
      // Not local, not a constant of this file: maybe a constant of another file of the package.
      return !model.hasGlobal(n.text) && !model.hasFunc(n.text) && !BUILTIN_VALUES.has(n.text);
    }
    if (n.type === 'selector_expression') {
      const o = n.childForFieldName('operand');
      if (o?.type === 'identifier' && this.f.scopes.isPackageName(o.text)) return true;
      return o ? this.hasUnfoldableConstant(o, depth + 1) : false;
    }
    if (n.type === 'composite_literal' || n.type === 'func_literal') return false;
    if (n.type === 'call_expression') {
      const args = n.childForFieldName('arguments');
      return args ? this.hasUnfoldableConstant(args, depth + 1) : false;
    }
    for (const c of n.namedChildren) if (c && this.hasUnfoldableConstant(c, depth + 1)) return true;
    return false;
  }

  /** A named constant's value as the compiler prints it after folding, for message subjects. */
  private foldedConstant(n: Node): string | undefined {
    if (n.type !== 'identifier' && n.type !== 'binary_expression') return undefined;
    if (!this.isConstant(n)) return undefined;
    const v = this.constValue(n);
    return v === undefined ? undefined : String(v);
  }

  constValue(n: Node): number | undefined {
    if (n.type === 'identifier') {
      const v = this.f.scopes.peek(n.text);
      if (v) return v.isConst ? v.constValue : undefined;
    }
    return this.f.model.evalConst(n);
  }

  /** Whether an expression is a compile-time constant (its value may be unknown). */
  isConstant(n: Node): boolean {
    const u = unparen(n);
    switch (u.type) {
      case 'int_literal':
      case 'float_literal':
      case 'rune_literal':
      case 'interpreted_string_literal':
      case 'raw_string_literal':
      case 'true':
      case 'false':
      case 'iota':
        return true;
      case 'identifier': {
        const v = this.f.scopes.peek(u.text);
        if (v) return !!v.isConst;
        return this.f.model.hasConst(u.text);
      }
      case 'selector_expression':
        // pkg.Name could be a constant or a variable; without knowledge it is not known to be constant.
        return false;
      case 'binary_expression': {
        const l = u.childForFieldName('left');
        const r = u.childForFieldName('right');
        return !!l && !!r && this.isConstant(l) && this.isConstant(r);
      }
      case 'unary_expression': {
        const o = u.childForFieldName('operand');
        const op = u.childForFieldName('operator')?.text;
        return !!o && op !== '&' && op !== '*' && op !== '<-' && this.isConstant(o);
      }
      case 'call_expression': {
        const fn = u.childForFieldName('function');
        const args = u.childForFieldName('arguments')?.namedChildren ?? [];
        if (fn?.type === 'identifier' && (fn.text === 'len' || fn.text === 'cap') && args[0]) {
          const t = this.f.model.underlying(this.f.types.typeOf(args[0]));
          return t.k === 'array' || args[0].type === 'interpreted_string_literal';
        }
        if (fn && this.f.types.conversionType(fn) && args[0]) return this.isConstant(args[0]);
        return false;
      }
      default:
        return false;
    }
  }
}

/** The code point of a rune literal, for the simple forms. */
function runeValue(text: string): number | undefined {
  const body = text.slice(1, -1);
  const simple: Record<string, number> = { '\\n': 10, '\\t': 9, '\\r': 13, '\\\\': 92, "\\'": 39 };
  if (body in simple) return simple[body];
  if (body.startsWith('\\')) return undefined;
  const cp = body.codePointAt(0);
  return cp !== undefined && String.fromCodePoint(cp) === body ? cp : undefined;
}
