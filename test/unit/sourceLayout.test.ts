// Issue 13's rules for the server's source: no file over 500 lines, no import cycle. The checker is
// tested on small made-up trees; the check of server/src itself waits for the session refactor.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../helpers/lspClient';
import { importCycles, importGraph, filesBelow, layoutReport } from '../helpers/sourceLayout';

const LIMIT = 500;

function tree(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-layout-')));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('source layout checker', () => {
  let dir: string | undefined;
  afterEach(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('names each cycle with an example path and the imports inside it, type-only and re-exports included', () => {
    dir = tree({
      'lsp/server.ts': "import { hover } from './hover';\nexport interface State { n: number }\n",
      'lsp/hover.ts': "import type { State } from './server';\nexport const hover = (s: State) => s.n;\n",
      'core/a.ts': "export * from '../core/b.js';\n",
      'core/b.ts': "import { a } from './c';\nexport const b = a;\n",
      'core/c.ts': "export const a = async () => import('./a');\n",
      'core/leaf.ts': "import * as fs from 'node:fs';\nimport { b } from './b';\nexport const x = [fs, b];\n",
      'self.ts': "import './self';\n",
    });
    const cycles = importCycles(importGraph(filesBelow(dir))).map((c) => ({
      files: c.files.map((f) => path.relative(dir!, f)),
      example: c.example.map((f) => path.relative(dir!, f)),
      edges: c.edges.length,
    }));
    assert.deepEqual(cycles, [
      { files: ['core/a.ts', 'core/b.ts', 'core/c.ts'], example: ['core/a.ts', 'core/b.ts', 'core/c.ts', 'core/a.ts'], edges: 3 },
      { files: ['lsp/hover.ts', 'lsp/server.ts'], example: ['lsp/hover.ts', 'lsp/server.ts', 'lsp/hover.ts'], edges: 2 },
      { files: ['self.ts'], example: ['self.ts', 'self.ts'], edges: 1 },
    ]);
  });

  it('reports files over the limit by their line count, and nothing for a clean tree', () => {
    dir = tree({ 'ok.ts': 'export const a = 1;\n'.repeat(LIMIT), 'long.ts': 'export {};\n'.repeat(LIMIT + 1), 'b.ts': "import { a } from './ok';\n" });
    assert.equal(layoutReport(dir, dir, LIMIT), `files over ${LIMIT} lines:\n  long.ts: ${LIMIT + 1} lines`);
    fs.rmSync(path.join(dir, 'long.ts'));
    assert.equal(layoutReport(dir, dir, LIMIT), '');
  });
});

describe('server/src layout (issue 13)', () => {
  // Guards the developers' guide rules for server/src: a new long file or import cycle (type-only
  // imports included) fails here with the report that names it.
  it(`has no file over ${LIMIT} lines and no import cycle`, () => {
    const report = layoutReport(REPO, path.join(REPO, 'server', 'src'), LIMIT);
    assert.equal(report, '', `server/src breaks the layout rules:\n${report}`);
  });
});
