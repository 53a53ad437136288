// The variables and closures of the function being walked. They refer to each other, and both
// the scopes and the flow state hold them, so they live in a file that imports neither.
import type { Node } from 'web-tree-sitter';
import type { GoType } from '../declarations/types';
import type { FnScope, Loc } from './graph';

export interface VarInfo {
  name: string;
  ident: Node;
  loc: Loc;
  fn: FnScope;
  typeNode?: Node | null;
  init?: () => GoType;
  cachedType?: GoType;
  assigns: number[];
  addrTaken: boolean;
  /** The value the variable was declared with, when it has one of its own (devirtualization). */
  initValue?: Node;
  /** A func literal the variable was initialised with, for static calls through it. */
  funcLit?: ClosureInfo;
  isConst?: boolean;
  constValue?: number;
}

export interface ClosureInfo {
  node: Node;
  loc: Loc;
  fn: FnScope;
  params: Loc[];
  results: Loc[];
  captures: Set<VarInfo>;
}
