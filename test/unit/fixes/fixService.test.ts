// A code-action request for a finding whose answer is known reads no source file: the module is
// listed with stats only, and its texts are read again once a file changes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding } from '../../../server/src/core/findings';
import { FixService } from '../../../server/src/core/fixes/service';
import { DEFAULT_VERIFY_SETTINGS } from '../../../server/src/core/fixes/verify';

// The module object itself, so that counting its reads also sees the server's calls.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fsp = require('node:fs/promises') as { readFile: (...args: unknown[]) => Promise<unknown> };

describe('fix service', () => {
  let root: string;
  let reads: string[] = [];
  let readFile: typeof fsp.readFile;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'fix-service-test-'));
    fs.writeFileSync(path.join(root, 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
    fs.writeFileSync(path.join(root, 'a.go'), 'package m\n\nimport "fmt"\n\nfunc Print(x int) {\n\tfmt.Println(x)\n}\n');
    fs.writeFileSync(path.join(root, 'b.go'), 'package m\n\nfunc Two() int { return 2 }\n');
    readFile = fsp.readFile;
    fsp.readFile = (...args: unknown[]) => {
      reads.push(String(args[0]));
      return readFile(...args);
    };
  });
  after(() => {
    fsp.readFile = readFile;
    fs.rmSync(root, { recursive: true, force: true });
  });

  // No fix applies to an argument of fmt.Println, so no compiler run is needed to answer.
  const finding = (): Finding => ({ file: path.join(root, 'a.go'), line: 6, column: 14, message: 'x escapes to heap', category: 'escapes', rule: 'interface-conversion', origin: 'compiler' });

  it('reads the module for a new answer, nothing for a known one, and again after a change', async () => {
    const service = new FixService();
    reads = [];
    const first = await service.actionsFor(finding(), new Map(), DEFAULT_VERIFY_SETTINGS);
    assert.deepEqual(reads.map((r) => path.basename(r)).sort(), ['a.go', 'b.go', 'go.mod']);
    reads = [];
    const again = await service.actionsFor(finding(), new Map(), DEFAULT_VERIFY_SETTINGS);
    assert.deepEqual(reads, [], 'a known answer read no file');
    assert.deepEqual(again, first);
    fs.writeFileSync(path.join(root, 'b.go'), 'package m\n\nfunc Two() int { return 1 + 1 }\n');
    reads = [];
    await service.actionsFor(finding(), new Map(), DEFAULT_VERIFY_SETTINGS);
    assert.ok(reads.length >= 3, `a changed file: the module is read again (${reads.length} reads)`);
  });

  it('keys open buffers by their text', async () => {
    const service = new FixService();
    const buffers = new Map([[path.join(root, 'b.go'), 'package m\n\nfunc Two() int { return 3 - 1 }\n']]);
    await service.actionsFor(finding(), buffers, DEFAULT_VERIFY_SETTINGS);
    reads = [];
    await service.actionsFor(finding(), new Map(buffers), DEFAULT_VERIFY_SETTINGS);
    assert.deepEqual(reads, []);
    await service.actionsFor(finding(), new Map([[path.join(root, 'b.go'), 'package m\n\nfunc Two() int { return 4 - 2 }\n']]), DEFAULT_VERIFY_SETTINGS);
    assert.ok(reads.length >= 2, 'an edited buffer: the module is read again');
  });
});
