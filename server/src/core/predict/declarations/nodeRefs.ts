// References from a file model to nodes of its tree, found again by offset when needed, and the
// compiler's names of function declarations read from the text.
import type { Node } from 'web-tree-sitter';
import { functionName } from '../../treesitter/nodes';

/**
 * A node of the file model, found again by its offsets in the model's current tree and
 * materialised only when needed: most predictions touch a handful of a file's declarations,
 * and a model carried to the next tree (see FileModel.rebase) must not hold nodes of a tree
 * that is gone.
 */
export class NodeRef {
  private cached?: Node;
  private cachedRoot?: Node;

  constructor(
    protected readonly model: { readonly root: Node },
    public start: number,
    public end: number,
    /** The node's type; found again as the outermost node of this type and span. */
    private readonly type?: string,
  ) {}

  get node(): Node {
    const root = this.model.root;
    if (!this.cached || this.cachedRoot !== root) {
      this.cached = this.find(root);
      this.cachedRoot = root;
    }
    return this.cached;
  }

  protected find(root: Node): Node {
    let n: Node | null = root.descendantForIndex(this.start, this.end);
    while (n?.parent && n.type !== this.type && n.parent.startIndex === this.start && n.parent.endIndex === this.end) n = n.parent;
    return n ?? root;
  }

  /** Moves the offsets through an edit that replaced old offsets up to `oldEnd`, changing the length by `delta`. */
  move(oldEnd: number, delta: number): void {
    if (this.start >= oldEnd) this.start += delta;
    if (this.end >= oldEnd) this.end += delta;
  }
}

/** A top-level function or method declaration, with the compiler's name for it. */
export class DeclRef extends NodeRef {
  constructor(
    model: { readonly root: Node },
    readonly name: string,
    start: number,
    end: number,
    /** Tells apart declarations of the same name (a file may declare `init` many times): `init#1`. */
    readonly cacheKey = name,
  ) {
    super(model, start, end);
  }

  protected override find(root: Node): Node {
    let n: Node | null = root.descendantForIndex(this.start);
    // A package-level function literal (`var f = func() {...}`) starts where its reference does.
    // A package's variable initialisers are a declaration of their own (the package's `init`).
    while (n && n.type !== 'function_declaration' && n.type !== 'method_declaration' && !((n.type === 'func_literal' || n.type === 'var_declaration') && n.startIndex === this.start)) n = n.parent;
    return n ?? root;
  }
}

export interface MethodDecl {
  ref: DeclRef;
  pointerReceiver: boolean;
}

const IDENT = String.raw`[\p{L}_][\p{L}\p{N}_]*`;
const HEADER = new RegExp(String.raw`^func\s*(?:\(\s*(?:${IDENT}\s+)?(\*?)\s*(${IDENT})\s*(?:\[[^\]]*\])?\s*\)\s*)?(${IDENT})`, 'u');

/** The same as readHeader, from a function or method declaration node. */
export function headerOf(decl: Node | null): ReturnType<typeof readHeader> {
  const func = decl?.childForFieldName('name')?.text;
  if (!decl || !func) return undefined;
  const name = functionName(decl);
  if (decl.type !== 'method_declaration') return { name, func, pointer: false };
  const pointer = name.startsWith('(*');
  return { name, func, recvBase: pointer ? name.slice(2, name.indexOf(')')) : name.slice(0, name.lastIndexOf('.')), pointer };
}

/** The compiler's name of the function declared at `start` (`f`, `T.m`, `(*T).m`), read from the text. */
export function readHeader(text: string, start: number): { name: string; func: string; recvBase?: string; pointer: boolean } | undefined {
  const m = HEADER.exec(text.slice(start, start + 400));
  if (!m) return undefined;
  const func = m[3];
  if (m[2] === undefined) return { name: func, func, pointer: false };
  const pointer = m[1] === '*';
  return { name: pointer ? `(*${m[2]}).${func}` : `${m[2]}.${func}`, func, recvBase: m[2], pointer };
}
