// The module's sources for a fix: every package of the module, buffers over disk, nested
// modules and vendor/testdata left out.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BufferDigests, filesFingerprint, moduleFiles, moduleSources } from '../../../server/src/core/fixes/sources';

describe('module sources for fixes', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'fixes-sources-test-'));
    const files: Record<string, string> = {
      'go.mod': 'module example.com/m\n',
      'a.go': 'package m\n',
      'lib/b.go': 'package lib\n',
      'lib/b_test.go': 'package lib\n',
      'vendor/x/x.go': 'package x\n',
      'testdata/t.go': 'package t\n',
      'nested/go.mod': 'module example.com/nested\n',
      'nested/n.go': 'package nested\n',
      'notes.txt': 'not go',
    };
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads the module around a file, with buffers taking precedence', async () => {
    const unsaved = path.join(root, 'lib', 'new.go');
    const buffers = new Map([
      [path.join(root, 'a.go'), 'package m // edited\n'],
      [unsaved, 'package lib\n'],
    ]);
    const got = await moduleSources(path.join(root, 'lib', 'b.go'), buffers);
    assert.deepEqual([...got.keys()].map((p) => path.relative(root, p)).sort(), ['a.go', 'go.mod', 'lib/b.go', 'lib/b_test.go', 'lib/new.go']);
    assert.equal(got.get(path.join(root, 'a.go')), 'package m // edited\n');
  });

  it('stops when aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(moduleSources(path.join(root, 'a.go'), new Map(), ac.signal));
  });

  it('fingerprints buffers by their text, with or without kept digests', async () => {
    const a = path.join(root, 'a.go');
    const b = path.join(root, 'lib', 'b.go');
    const digests = new BufferDigests();
    const print = async (buffers: Map<string, string>, d?: BufferDigests) => filesFingerprint(await moduleFiles(b, buffers), d);
    const first = new Map([[a, 'package m // one\n'], [b, 'package lib\n']]);
    const kept = await print(first, digests);
    assert.equal(await print(first, digests), kept, 'the same buffers, the same fingerprint');
    assert.equal(await print(new Map(first)), kept, 'kept digests change nothing');
    const edited = new Map([[a, 'package m // two\n'], [b, 'package lib\n']]);
    const changed = await print(edited, digests);
    assert.notEqual(changed, kept, 'an edited buffer changes it');
    assert.equal(await print(edited), changed);
    assert.equal(await print(first, digests), kept, 'and going back gives the first one again');
  });

  it('forgets the digests of buffers no longer open', () => {
    const digests = new BufferDigests();
    const text = 'package m\n';
    const d = digests.digest('/m/a.go', text);
    digests.keepOnly(['/m/b.go']);
    const kept = (digests as unknown as { byPath: Map<string, unknown> }).byPath;
    assert.equal(kept.size, 0);
    assert.equal(digests.digest('/m/a.go', text), d);
  });
});
