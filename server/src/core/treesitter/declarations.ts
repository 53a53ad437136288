// What Go declarations say, read from their syntax: imports, type parameters, result types and
// the names a statement or parameter list declares.
import type { Node } from 'web-tree-sitter';
import { descendantsOfType, named, walk } from './nodes';

export interface ImportedPackage {
  /** The explicit name (`u`, `.`, `_`), or undefined for a plain import. */
  name?: string;
  path: string;
}

/** The imports of one import declaration. */
export function importSpecs(decl: Node): ImportedPackage[] {
  const out: ImportedPackage[] = [];
  walk(decl, (n) => {
    if (n.type !== 'import_spec') return;
    const p = n.childForFieldName('path')?.text.replace(/^["`]|["`]$/g, '');
    const name = n.childForFieldName('name')?.text;
    if (p) out.push({ name, path: p });
    return false;
  });
  return out;
}

/** The imports of a file. */
export function importedPackages(root: Node): ImportedPackage[] {
  const out: ImportedPackage[] = [];
  for (const decl of root.namedChildren) if (decl?.type === 'import_declaration') out.push(...importSpecs(decl));
  return out;
}

/**
 * The package names an import binds in the file, to import paths. Blank and dot imports bind no
 * name; a plain import is named after the last path element (the package clause usually agrees).
 */
export function importNames(imports: readonly ImportedPackage[], into = new Map<string, string>()): Map<string, string> {
  for (const { name, path } of imports) {
    if (name === '_' || name === '.') continue;
    into.set(name ?? path.slice(path.lastIndexOf('/') + 1), path);
  }
  return into;
}

/** The type parameter names of a generic declaration, or undefined. */
export function typeParamNames(decl: Node): Set<string> | undefined {
  const tp = decl.childForFieldName('type_parameters');
  if (!tp) return undefined;
  const names = new Set<string>();
  for (const p of tp.namedChildren) for (const n of p?.childrenForFieldName('name') ?? []) if (n) names.add(n.text);
  return names;
}

/** The unnamed result types of a function declaration, or null when results are named. */
export function resultTypes(decl: Node): Node[] | null {
  const result = decl.childForFieldName('result');
  if (!result) return [];
  if (result.type !== 'parameter_list') return [result];
  const out: Node[] = [];
  for (const p of named(result)) {
    if (p.type !== 'parameter_declaration') continue;
    if (p.childForFieldName('name')) return null;
    const t = p.childForFieldName('type');
    if (t) out.push(t);
  }
  return out;
}

/** The expressions of a return statement. */
export function returnedExpressions(ret: Node): Node[] {
  const list = named(ret).find((c) => c.type === 'expression_list');
  if (list) return named(list);
  return named(ret).filter((c) => c.type !== 'comment');
}

/** Names a declaration-like node introduces in a function: parameters, `:=`, `var`, range variables. */
export function declaredNames(node: Node): Node[] {
  switch (node.type) {
    case 'parameter_declaration':
    case 'variadic_parameter_declaration':
      return node.childrenForFieldName('name').filter((c): c is Node => c !== null);
    case 'var_spec':
    case 'const_spec':
      return node.childrenForFieldName('name').filter((c): c is Node => c !== null);
    case 'short_var_declaration':
    case 'range_clause': {
      const left = node.childForFieldName('left');
      if (!left) return [];
      return (left.type === 'expression_list' ? named(left) : [left]).filter((c) => c.type === 'identifier');
    }
    default:
      return [];
  }
}

/** Every identifier node in a function (closures included) that declares `name`. */
export function declarationsOf(func: Node, name: string): Node[] {
  const out: Node[] = [];
  walk(func, (n) => {
    for (const d of declaredNames(n)) if (d.text === name) out.push(d);
  });
  return out;
}

/** The return statements that belong to a function body (not to closures inside it). */
export function ownReturnStatements(body: Node): Node[] {
  return descendantsOfType(body, 'return_statement');
}

/** The name a package is usually declared with: the last path element, skipping a major version suffix (`chi/v5` is `chi`). */
export function packageName(importPath: string): string {
  const last = importPath.slice(importPath.lastIndexOf('/') + 1);
  return /^v\d+$/.test(last) && importPath.includes('/') ? importPath.split('/').slice(-2, -1)[0] : last;
}

const GO_KEYWORDS = new Set(['break', 'case', 'chan', 'const', 'continue', 'default', 'defer', 'else', 'fallthrough', 'for', 'func', 'go', 'goto', 'if', 'import', 'interface', 'map', 'package', 'range', 'return', 'select', 'struct', 'switch', 'type', 'var']);

/** The package name an import path most likely declares, or undefined when the path does not say (`client_model/go`, `yaml.v3`). */
export function guessedPackageName(importPath: string): string | undefined {
  const name = packageName(importPath);
  return /^[\p{L}_][\p{L}\p{N}_]*$/u.test(name) && !GO_KEYWORDS.has(name) ? name : undefined;
}
