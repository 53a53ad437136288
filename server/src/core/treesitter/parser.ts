// The only place web-tree-sitter is initialised. Both the grammar and the runtime wasm are
// looked up next to the running bundle first (the packaged extension ships them in dist/),
// then in the repository layout (grammars/ and node_modules/) for tests run from out/.
import { findUp } from '../util/findUp';
import { Language, Parser } from 'web-tree-sitter';

let ready: Promise<Language> | undefined;

export function grammarPath(): string {
  const p = findUp(__dirname, ['tree-sitter-go.wasm', 'grammars/tree-sitter-go.wasm']);
  if (!p) throw new Error('tree-sitter-go.wasm not found next to the server or in grammars/');
  return p;
}

function runtimeWasmPath(): string | undefined {
  return findUp(__dirname, ['web-tree-sitter.wasm', 'node_modules/web-tree-sitter/web-tree-sitter.wasm']);
}

/** Loads the Go grammar once per process; later calls share the same promise. */
export function loadGoLanguage(): Promise<Language> {
  if (!ready) {
    ready = (async () => {
      const wasm = runtimeWasmPath();
      await Parser.init(wasm ? { locateFile: () => wasm } : undefined);
      return Language.load(grammarPath());
    })();
    // A failed load must not poison later attempts forever.
    ready.catch(() => {
      ready = undefined;
    });
  }
  return ready;
}

/** A new parser for Go. Callers own it and should `delete()` it when done. */
export async function createGoParser(): Promise<Parser> {
  const lang = await loadGoLanguage();
  const parser = new Parser();
  parser.setLanguage(lang);
  return parser;
}
