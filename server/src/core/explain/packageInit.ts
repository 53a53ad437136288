// Findings in code that runs once, at package initialisation: the body of a `func init()` and
// the initialisers of package-level variables. A function literal there runs when it is called,
// which may be any time later, unless it is called right where it is written.
import type { Node } from 'web-tree-sitter';
import type { Finding } from '../findings';
import { PackageSyntax, nodeAtCompiler, offsetOfCompiler } from './packageSyntax';

/**
 * True when the finding's code runs once at package initialisation, false when it does not,
 * undefined when neither the source nor the compiler's function name tells.
 */
export function runsAtPackageInit(f: Finding, pkg?: PackageSyntax): boolean | undefined {
  const file = pkg?.file(f.file);
  if (!file) {
    // `init` is a package-level variable initialiser, `init.0` the first `func init`; closures are `init.0.func1`, `glob..func1`.
    if (f.func === undefined) return undefined;
    return /^init(\.\d+)?$/.test(f.func);
  }
  const offset = offsetOfCompiler(file, f.line, f.column);
  for (let n: Node | null = nodeAtCompiler(file, f.line, f.column); n; n = n.parent) {
    switch (n.type) {
      case 'func_literal':
        // Making the literal happens where it is written; its body runs when it is called.
        if (n.startIndex === offset) break;
        if (n.parent?.type === 'call_expression' && n.parent.childForFieldName('function')?.id === n.id) break;
        return false;
      case 'function_declaration':
        return n.childForFieldName('name')?.text === 'init';
      case 'method_declaration':
        return false;
      case 'var_declaration':
        if (n.parent?.type === 'source_file') return true;
        break;
    }
  }
  return false;
}
