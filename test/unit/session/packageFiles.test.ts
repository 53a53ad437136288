// The package model of an open document is brought up to date every two seconds while it is typed
// in; the package's other files on disk are read again only when they were written since, and a
// file written is then seen (test/fixtures/predict/package: use.go's x is moved to the heap
// because types.go's keep stores its argument).
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DocumentStore } from '../../../server/src/session/documents';
import { TreeSitterPredictions } from '../../../server/src/session/predictions';
import { DEFAULT_SETTINGS } from '../../../server/src/session/settings';
import { useGoParser } from '../../helpers/goParser';
import { copyFixture, FIXTURES, removeDir } from '../../helpers/tempModule';

describe('the package model of an open document', () => {
  const go = useGoParser();
  let dir = '';
  const realNow = Date.now;
  const realRead = fs.readFileSync;
  afterEach(() => {
    Date.now = realNow;
    fs.readFileSync = realRead;
    if (dir) removeDir(dir);
    dir = '';
  });

  it('reads a file of the package again only when it was written since', () => {
    dir = copyFixture(path.join(FIXTURES, 'predict', 'package'));
    const use = path.join(dir, 'use.go');
    const types = path.join(dir, 'types.go');
    const store = new DocumentStore(() => {});
    store.useParser(go.parser);
    const predictor = new TreeSitterPredictions({
      parser: go.parser,
      openText: (f) => store.ofFile(f)?.doc.getText(),
      openTree: (f) => store.ofFile(f)?.tree?.tree ?? undefined,
      mayRunGo: () => false,
      settingsIn: () => DEFAULT_SETTINGS,
      refreshed: () => {},
      log: () => {},
    });
    // Reads of types.go, and a clock that the test moves past the model's two seconds.
    let reads = 0;
    fs.readFileSync = ((...args: Parameters<typeof realRead>) => {
      if (args[0] === types) reads++;
      return realRead(...args);
    }) as typeof realRead;
    let now = realNow();
    Date.now = () => now;
    const predicted = () => {
      now += 2500;
      return predictor.predict(store.get(uri)!, DEFAULT_SETTINGS, 'go1.26').map((f) => f.message);
    };
    const uri = pathToFileURL(use).href;
    try {
      store.open(uri, 1, realRead(use, 'utf8'));
      assert.ok(predicted().includes('moved to heap: x'));
      assert.equal(reads, 1);
      for (let i = 0; i < 3; i++) assert.ok(predicted().includes('moved to heap: x'));
      assert.equal(reads, 1, 'types.go, unchanged on disk, is not read again');
      // keep stops storing its argument: x stays on the stack.
      fs.writeFileSync(types, realRead(types, 'utf8').replace('saved = p\n}\n\ntype Box', '_ = p\n}\n\ntype Box'));
      assert.ok(!predicted().includes('moved to heap: x'), 'the predictions follow types.go as written');
      assert.equal(reads, 2, 'types.go, written, is read again');
      predicted();
      assert.equal(reads, 2);
    } finally {
      predictor.dispose();
      store.dispose();
    }
  });
});
