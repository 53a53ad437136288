// Open documents, indexed by URI and by file path: their text (a TextDocument, kept with
// incremental sync), their incremental tree-sitter tree, and what each one shows (its entries).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from './uri';
import type { Parser } from 'web-tree-sitter';
import { DocumentTree, TextChange } from '../core/treesitter/documentTree';
import { parseInSlices, parseWayFor } from '../core/treesitter/slicedParse';
import { MAX_TREE_CHARS, SLICED_PARSE_CHARS } from '../core/treesitter/limits';
import { Slicer } from '../core/util/slices';
import { isGenerated } from '../core/generatedCode';
import { DocEntries } from './docEntries';
import { abortOnce } from '../core/util/abort';

export interface OpenDocument {
  uri: string;
  /** Absolute file path, or undefined for non-file URIs (untitled buffers). */
  file?: string;
  /**
   * The text, updated in place by each change. The tree is handed this same string: each
   * keystroke in a large file then makes one new copy of the text rather than two.
   */
  doc: TextDocument;
  tree?: DocumentTree;
  /**
   * Set when the document gets no tree-sitter work (no predictions, compiler verdicts only):
   * generated code, a file too large to parse without holding up the server, or not text.
   */
  skipReason?: string;
  /** Stops the tree being built in slices for a large document, when one is. */
  building?: AbortController;
  /** Stops the predictions being made in slices for a large document, when they are. */
  predicting?: AbortController;
  /** What the document shows: compiler entries moved through edits, and predictions. */
  entries: DocEntries;
}

export { MAX_TREE_CHARS, SLICED_PARSE_CHARS };

export class DocumentStore {
  private readonly docs = new Map<string, OpenDocument>();
  private readonly byFile = new Map<string, OpenDocument>();
  private parser?: Parser;

  /** `treeReady`: a tree built in slices is there (the document's predictions can be made). */
  constructor(private readonly log: (msg: string) => void, private readonly treeReady: (d: OpenDocument) => void = () => {}) {}

  /** Enables incremental trees; documents opened before this get theirs now. */
  useParser(parser: Parser): void {
    this.parser = parser;
    for (const d of this.docs.values()) this.attachTree(d);
  }

  get(uri: string): OpenDocument | undefined {
    return this.docs.get(uri);
  }

  /** The open document of a file, if there is one. */
  ofFile(file: string): OpenDocument | undefined {
    return this.byFile.get(file);
  }

  /** The URI of a file: its open document's, or a file URI. */
  uriOfFile(file: string): string {
    return this.byFile.get(file)?.uri ?? URI.fromFile(file);
  }

  all(): OpenDocument[] {
    return [...this.docs.values()];
  }

  /** Open documents in a directory (the files of one package). */
  inDirectory(dir: string): OpenDocument[] {
    const out: OpenDocument[] = [];
    for (const d of this.docs.values()) if (d.file && path.dirname(d.file) === dir) out.push(d);
    return out;
  }

  open(uri: string, version: number, text: string): OpenDocument {
    this.close(uri);
    const d: OpenDocument = { uri, file: URI.toFile(uri), doc: TextDocument.create(uri, 'go', version, text), entries: new DocEntries() };
    d.skipReason = checkText(text);
    this.attachTree(d);
    this.docs.set(uri, d);
    if (d.file) this.byFile.set(d.file, d);
    return d;
  }

  change(uri: string, version: number, changes: TextChange[]): OpenDocument | undefined {
    const d = this.docs.get(uri);
    if (!d) return undefined;
    const before = d.skipReason;
    let tree = d.tree && !before ? d.tree : undefined;
    for (const c of changes) {
      // Where the change lies in the text before it, as TextDocument orders a reversed range.
      const a = c.range && tree ? d.doc.offsetAt(c.range.start) : 0;
      const b = c.range && tree ? d.doc.offsetAt(c.range.end) : 0;
      TextDocument.update(d.doc, [c], version);
      if (!tree) continue;
      try {
        if (c.range) tree.applyEdit(d.doc.getText(), Math.min(a, b), Math.max(a, b), Math.min(a, b) + c.text.length);
        else tree.applyChange(c);
      } catch (e) {
        this.log(`tree update failed for ${uri}, reparsing: ${(e as Error).message}`);
        this.dropTree(d);
        tree = undefined;
      }
    }
    // A notification without changes still moves the version.
    if (changes.length === 0) TextDocument.update(d.doc, [], version);
    const text = d.doc.getText();
    // Only changed text can bring in what makes a file skipped; a skipped file is checked whole.
    d.skipReason = before || changes.some((c) => !c.range) ? checkText(text) : checkChange(text, changes);
    // A tree still being built is for an older text: it starts again.
    if (d.skipReason || d.building) this.dropTree(d);
    if (!d.skipReason) this.attachTree(d);
    return d;
  }

  close(uri: string): void {
    const d = this.docs.get(uri);
    if (!d) return;
    this.dropTree(d);
    this.docs.delete(uri);
    if (d.file && this.byFile.get(d.file) === d) this.byFile.delete(d.file);
  }

  stats(): Record<string, number> {
    let trees = 0;
    for (const d of this.docs.values()) if (d.tree) trees++;
    return { documents: this.docs.size, documentsByFile: this.byFile.size, trees };
  }

  /** Open documents whose text differs from the file on disk: these go into the overlay. */
  dirtyFiles(filter: (file: string) => boolean): Map<string, string> {
    const out = new Map<string, string>();
    for (const d of this.docs.values()) {
      if (!d.file || !filter(d.file)) continue;
      const text = d.doc.getText();
      let disk: string | undefined;
      try {
        disk = fs.readFileSync(d.file, 'utf8');
      } catch {
        disk = undefined;
      }
      if (disk !== text) out.set(d.file, text);
    }
    return out;
  }

  dispose(): void {
    for (const d of this.docs.values()) this.dropTree(d);
    this.docs.clear();
    this.byFile.clear();
  }

  private attachTree(d: OpenDocument): void {
    if (!this.parser || d.tree || d.building || d.skipReason) return;
    const text = d.doc.getText();
    if (parseWayFor(text.length) === 'slices') {
      void this.buildInSlices(d, this.parser, text);
      return;
    }
    try {
      d.tree = new DocumentTree(this.parser, text);
    } catch (e) {
      this.log(`parse failed for ${d.uri}: ${(e as Error).message}`);
    }
  }

  /** Builds a large document's tree over several turns; an edit meanwhile starts it again. */
  private async buildInSlices(d: OpenDocument, parser: Parser, text: string): Promise<void> {
    const building = new AbortController();
    d.building = building;
    const tree = await parseInSlices(parser, text, new Slicer(building.signal));
    if (d.building !== building) {
      tree?.delete();
      return;
    }
    d.building = undefined;
    if (!tree || this.docs.get(d.uri) !== d || d.doc.getText() !== text) {
      tree?.delete();
      if (!tree) this.log(`parse failed for ${d.uri}`);
      return;
    }
    d.tree = DocumentTree.adopt(parser, text, tree);
    this.treeReady(d);
  }

  private dropTree(d: OpenDocument): void {
    abortOnce(d.predicting);
    d.predicting = undefined;
    abortOnce(d.building);
    d.building = undefined;
    d.tree?.delete();
    d.tree = undefined;
  }
}

/** checkText for a text that was fine before these ranged changes made it. */
function checkChange(text: string, changes: TextChange[]): string | undefined {
  if (parseWayFor(text.length) === 'none' || changes.some((c) => c.text.indexOf('\u0000') >= 0 || c.text.includes('DO NOT EDIT'))) return checkText(text);
  return undefined;
}

/** Why a text gets no tree-sitter work, or undefined when it is fine. */
function checkText(text: string): string | undefined {
  if (parseWayFor(text.length) === 'none') return `the file is larger than ${MAX_TREE_CHARS / 1024 / 1024} MB`;
  // NUL bytes mean a binary file opened as Go; predictions on it would be noise.
  if (text.indexOf('\u0000') >= 0) return 'the file looks binary';
  if (isGenerated(text)) return 'the file is generated code (it says DO NOT EDIT)';
  return undefined;
}

