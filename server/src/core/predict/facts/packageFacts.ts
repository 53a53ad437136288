// Parameter facts of whole packages from the compiler's `-m` text: which parameters leak, which
// types are interfaces, and the signatures of exported functions. Used for imported packages
// (computed once in the background, see factsCache.ts) and for the package being edited.
import { isWellKnownInterface } from '../declarations/types';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node, Parser, Tree } from 'web-tree-sitter';
import { LineIndex } from '../../positions';
import { runInSlices, runToEnd, type Slicer, type Steps } from '../../util/slices';
import type { ListedPackage } from '../../compiler/goList';
import { mapSteps } from '../../compiler/outputPaths';
import { importNames, importSpecs, typeParamNames } from '../../treesitter/declarations';
import { functionName } from '../../treesitter/nodes';
import { FunctionFacts, Knowledge, PositionedMessage, emptyKnowledge, learnFromMessages } from './knowledge';
import { linesOf } from '../../util/lines';

const POSITIONED = /^(.+?\.go):(\d+):(\d+): (leaking param.*|\S+ does not escape|can inline \S+|moved to heap: \S+|\S.* escapes to heap)$/;
const HEADER = /^# (\S+)/;

/**
 * Leak and does-not-escape messages of `-m` output, grouped by the package header they follow.
 * Paths are placed with the packages the run listed, as for findings (see outputPaths.ts).
 */
export function leakMessagesByPackage(output: string, cwd: string, packages: Iterable<ListedPackage> = []): Map<string, PositionedMessage[]> {
  return runToEnd(leakMessageSteps(output, cwd, packages));
}

/**
 * leakMessagesByPackage of output whose paths a compiler run has already mapped (an analysis
 * result's stderr), giving the event loop back as it reads; undefined when stopped. Mapping it
 * again would change nothing and cost a pass over megabytes.
 */
export function leakMessagesInSlices(mappedOutput: string, cwd: string, slicer: Slicer): Promise<Map<string, PositionedMessage[]> | undefined> {
  return runInSlices(mappedLeakSteps(mappedOutput, cwd), slicer);
}

/** Lines read between two looks at the clock. */
const LINES_PER_STEP = 512;
/** Messages learnt from between two looks at the clock. */
const MESSAGES_PER_STEP = 256;

function* leakMessageSteps(output: string, cwd: string, packages: Iterable<ListedPackage>): Steps<Map<string, PositionedMessage[]>> {
  const mapped = yield* mapSteps(output, packages, cwd);
  return yield* mappedLeakSteps(mapped.text, cwd);
}

/** The messages of mapped output (what is still relative is taken from `cwd`). */
function* mappedLeakSteps(text: string, cwd: string): Steps<Map<string, PositionedMessage[]>> {
  const out = new Map<string, PositionedMessage[]>();
  // Normalised once per file: a large package's output names the same few files in every line.
  const files = new Map<string, string>();
  let pkg = '';
  let n = 0;
  for (const line of linesOf(text)) {
    if (++n % LINES_PER_STEP === 0) yield;
    const h = HEADER.exec(line);
    if (h) {
      pkg = h[1];
      continue;
    }
    const m = POSITIONED.exec(line);
    if (!m || !pkg) continue;
    let list = out.get(pkg);
    if (!list) out.set(pkg, (list = []));
    let file = files.get(m[1]);
    if (file === undefined) files.set(m[1], (file = path.resolve(cwd, m[1])));
    list.push({ file, line: Number(m[2]), column: Number(m[3]), message: m[4] });
  }
  return out;
}

export interface PackageSource {
  importPath: string;
  /** The package's non-test Go files (absolute paths). */
  files: string[];
}

/**
 * Builds the knowledge of one package from its messages and its source files. `qualifier` is
 * `importpath.` for imported packages and '' for the package being edited.
 */
export function packageKnowledge(parser: Parser, src: PackageSource, messages: readonly PositionedMessage[], qualifier: string, readFile: (f: string) => string = (f) => fs.readFileSync(f, 'utf8')): Knowledge {
  const learning = new PackageLearning(parser, src, messages, qualifier, readFile);
  for (const file of src.files) runToEnd(learning.file(file));
  return learning.done();
}

/**
 * packageKnowledge a file at a time, giving the event loop back between files (for the server).
 * `treeOf` may give the current tree of a file's text (an open document's), which is then read
 * instead of parsing the text again.
 */
export async function packageKnowledgeInSlices(parser: Parser, src: PackageSource, messages: MessagesOf, qualifier: string, readFile: (f: string) => string, slicer: Slicer, treeOf?: (file: string) => Tree | undefined): Promise<Knowledge | undefined> {
  const learning = new PackageLearning(parser, src, messages, qualifier, readFile, treeOf);
  for (const file of src.files) {
    if (!(await slicer.pause())) return undefined;
    if ((await runInSlices(learning.file(file), slicer)) === undefined) return undefined;
  }
  return learning.done();
}

/** A package's compiler messages, as a list or already sorted by file (a large package's are). */
type MessagesOf = readonly PositionedMessage[] | ReadonlyMap<string, readonly PositionedMessage[]>;

class PackageLearning {
  private readonly k = emptyKnowledge();
  private readonly generic = new Set<string>();
  private readonly byFile: ReadonlyMap<string, readonly PositionedMessage[]>;

  constructor(
    private readonly parser: Parser,
    private readonly src: PackageSource,
    messages: MessagesOf,
    private readonly qualifier: string,
    private readonly readFile: (f: string) => string,
    private readonly treeOf?: (file: string) => Tree | undefined,
  ) {
    if (!Array.isArray(messages)) {
      this.byFile = messages as ReadonlyMap<string, readonly PositionedMessage[]>;
      return;
    }
    const byFile = new Map<string, PositionedMessage[]>();
    for (const m of messages as readonly PositionedMessage[]) {
      let l = byFile.get(m.file);
      if (!l) byFile.set(m.file, (l = []));
      l.push(m);
    }
    this.byFile = byFile;
  }

  /** Learns from one file, in steps of a few hundred messages; true when done. */
  *file(file: string): Steps<true> {
    let text: string;
    try {
      text = this.readFile(file);
    } catch {
      return true;
    }
    const own = text ? this.treeOf?.(file) : undefined;
    const tree = own ?? this.parser.parse(text);
    if (!tree) return true;
    const k = this.k;
    try {
      const lines = new LineIndex(text);
      readSignatures(tree.rootNode, this.qualifier, this.src.importPath, k, this.generic);
      const clause = tree.rootNode.namedChildren.find((c) => c?.type === 'package_clause')?.namedChildren[0]?.text;
      if (clause && this.src.importPath && !clause.endsWith('_test')) (k.packageNames ??= new Map()).set(this.src.importPath, clause);
      const msgs = this.byFile.get(file) ?? [];
      // A large generated file has tens of thousands of messages: learnt a batch per step.
      for (let i = 0; i < msgs.length; i += MESSAGES_PER_STEP) {
        if (i > 0) yield;
        learnFromMessages(tree.rootNode, msgs.slice(i, i + MESSAGES_PER_STEP), this.qualifier, (l) => lines.lineText(l), k);
      }
    } finally {
      if (!own) tree.delete();
    }
    return true;
  }

  done(): Knowledge {
    // `can inline` lines only appear when the caller kept them; when it did, their absence is a
    // verdict too. Otherwise inlining stays unknown and the predictor estimates it.
    // A generic function is compiled only where it is instantiated, so its package says nothing of it.
    if ([...this.byFile.values()].some((l) => l.some((m) => m.message.startsWith('can inline ')))) for (const [key, f] of this.k.functions) if (!this.generic.has(key)) f.inlinable = !!f.inlinable;
    return this.k;
  }
}

/** Non-test Go files of the directory a package's messages come from. */
export function packageFilesIn(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

/** Records interface types and function signatures (parameter kinds, results) of a file. */
function readSignatures(root: Node, qualifier: string, importPath: string, k: Knowledge, generic: Set<string>): void {
  const imports = new Map<string, string>();
  const ifaces = new Set<string>();
  for (const top of root.namedChildren) {
    if (top?.type === 'import_declaration') importNames(importSpecs(top), imports);
    if (top?.type === 'type_declaration') {
      for (const spec of top.namedChildren) {
        const name = spec?.childForFieldName('name')?.text;
        const t = spec?.childForFieldName('type');
        if (name && t?.type === 'interface_type') ifaces.add(name);
      }
    }
  }
  for (const n of ifaces) k.interfaces!.add(`${importPath}.${n}`);
  const qualify = (t: Node | null | undefined): string => {
    if (!t) return '?';
    switch (t.type) {
      case 'pointer_type':
        return `*${qualify(t.namedChildren[0])}`;
      case 'slice_type':
        return `[]${qualify(t.childForFieldName('element'))}`;
      case 'qualified_type': {
        const pkg = t.childForFieldName('package')?.text ?? '';
        return `${imports.get(pkg) ?? pkg}.${t.childForFieldName('name')?.text ?? ''}`;
      }
      case 'type_identifier':
        return /^[A-Z]/.test(t.text) || ifaces.has(t.text) ? `${importPath}.${t.text}` : t.text;
      case 'interface_type':
        return 'interface';
      case 'generic_type':
        return qualify(t.childForFieldName('type'));
      default:
        return t.type === 'map_type' ? 'map[?]?' : t.type === 'channel_type' ? 'chan ?' : t.type === 'function_type' ? 'func' : '?';
    }
  };
  const kindOf = (t: Node | null | undefined, tps: Set<string>): string => {
    if (!t) return 'other';
    if (t.type === 'pointer_type') return 'ptr';
    if (t.type === 'interface_type') return 'iface';
    if (t.type === 'type_identifier') {
      if (tps.has(t.text)) return 'other';
      if (t.text === 'any' || t.text === 'error' || ifaces.has(t.text)) return 'iface';
    }
    if (t.type === 'qualified_type') {
      const q = qualify(t);
      if (k.interfaces!.has(q) || isWellKnownInterface(q)) return 'iface';
    }
    return 'other';
  };
  for (const decl of root.namedChildren) {
    if (decl?.type !== 'function_declaration' && decl?.type !== 'method_declaration') continue;
    const key = qualifier + functionName(decl);
    let facts: FunctionFacts | undefined = k.functions.get(key);
    const tps = typeParamNames(decl) ?? new Set<string>();
    if (tps.size > 0 || decl.childForFieldName('receiver')?.text.includes('[')) generic.add(key);
    const kinds: string[] = [];
    const names: string[] = [];
    let variadic = false;
    for (const p of decl.childForFieldName('parameters')?.namedChildren ?? []) {
      if (!p) continue;
      const kind = kindOf(p.childForFieldName('type'), tps);
      if (p.type === 'variadic_parameter_declaration') variadic = true;
      const ns = p.childrenForFieldName('name');
      for (let i = 0; i < Math.max(1, ns.length); i++) {
        kinds.push(kind);
        names.push(ns[i]?.text ?? '_');
      }
    }
    const res = decl.childForFieldName('result');
    const results: string[] = [];
    if (res && res.type === 'parameter_list') {
      for (const p of res.namedChildren) {
        if (!p) continue;
        const q = qualify(p.childForFieldName('type'));
        for (let i = 0; i < Math.max(1, p.childrenForFieldName('name').length); i++) results.push(q);
      }
    } else if (res) results.push(qualify(res));
    if (!facts) {
      facts = { params: new Map() };
      k.functions.set(key, facts);
    }
    facts.paramKinds = kinds;
    facts.paramNames = names;
    facts.variadic = variadic;
    facts.results = results;
  }
}

/** Knowledge as JSON-friendly data, for the on-disk cache. */
export function serialiseKnowledge(k: Knowledge): unknown {
  return {
    functions: [...k.functions].map(([name, f]) => [name, { ...f, params: [...f.params] }]),
    interfaces: [...(k.interfaces ?? [])],
    packageNames: [...(k.packageNames ?? [])],
  };
}

export function deserialiseKnowledge(data: unknown): Knowledge {
  const d = data as { functions: [string, FunctionFacts & { params: [number, unknown][] }][]; interfaces: string[]; packageNames?: [string, string][] };
  const k = emptyKnowledge();
  for (const [name, f] of d.functions ?? []) k.functions.set(name, { ...f, params: new Map(f.params as never) });
  for (const i of d.interfaces ?? []) k.interfaces!.add(i);
  if (d.packageNames?.length) k.packageNames = new Map(d.packageNames);
  return k;
}
