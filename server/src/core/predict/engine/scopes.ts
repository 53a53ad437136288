// Lexical scopes of the function being walked: the variables declared so far, the closures that
// capture them, and what a name that is not local refers to at package level.
import type { Node } from 'web-tree-sitter';
import type { FileModel } from '../declarations/fileModel';
import type { GoType } from '../declarations/types';
import type { FlowState } from './flowState';
import type { FnScope } from './graph';
import type { VarInfo } from './variables';

interface Scope {
  vars: Map<string, VarInfo>;
  parent?: Scope;
}

export class Scopes {
  /** Every variable declared in the function and its closures, in declaration order. */
  readonly allVars: VarInfo[] = [];
  private scope: Scope = { vars: new Map() };

  constructor(
    private readonly state: FlowState,
    private readonly model: FileModel,
  ) {}

  /** Declares a variable in the current scope. */
  declare(ident: Node, kind: 'var' | 'param' | 'result', typeNode: Node | null | undefined, init: (() => GoType) | undefined, insert = true): VarInfo {
    const loc = this.state.newLoc(kind, ident.text, ident);
    const v: VarInfo = { name: ident.text, ident, loc, fn: this.state.fn, typeNode, init, assigns: [], addrTaken: false };
    this.allVars.push(v);
    if (insert && ident.text !== '_') this.scope.vars.set(ident.text, v);
    return v;
  }

  insert(v: VarInfo): void {
    if (v.name !== '_') this.scope.vars.set(v.name, v);
  }

  /** A variable declared in the innermost scope only (what `:=` may reassign). */
  innermost(name: string): VarInfo | undefined {
    return this.scope.vars.get(name);
  }

  /** Finds a local variable, recording captures by closures between the use and the declaration. */
  lookup(name: string): VarInfo | undefined {
    const fn = this.state.fn;
    for (let s: Scope | undefined = this.scope; s; s = s.parent) {
      const v = s.vars.get(name);
      if (!v) continue;
      if (v.fn !== fn) {
        for (let f: FnScope | undefined = fn; f && f !== v.fn; f = f.parent) this.state.closureOf.get(f)?.captures.add(v);
      }
      return v;
    }
    return undefined;
  }

  /** Looks a name up without recording a capture. */
  peek(name: string): VarInfo | undefined {
    for (let s: Scope | undefined = this.scope; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v) return v;
    }
    return undefined;
  }

  isPackageName(name: string): boolean {
    return this.model.imports.has(name) && !this.peek(name);
  }

  isGlobal(name: string): boolean {
    return !this.peek(name) && !this.model.hasFunc(name) && !this.model.hasConst(name) && !this.model.hasType(name) && !this.model.imports.has(name);
  }

  /** True when `name` is a package-level function here, not shadowed by a local. */
  isTopLevelFunc(name: string): boolean {
    return this.model.hasFunc(name) && !this.peek(name);
  }

  push(): void {
    this.scope = { vars: new Map(), parent: this.scope };
  }

  pop(): void {
    if (this.scope.parent) this.scope = this.scope.parent;
  }
}
