// A mocha fixture for LSP tests on a private copy of the seed example: registers hooks that
// start a server per test and clean up after it, skipping when no Go toolchain is installed.
import * as path from 'node:path';
import { StartOptions, LspClient } from './lspClient';
import { FIXTURES, copyFixture, hasGo, removeDir } from './tempModule';

export interface SeedSession {
  dir: string;
  main: string;
  client: LspClient;
}

export function useSeedSession(settings: StartOptions['settings'] = { debounceMs: 50 }): SeedSession {
  const s = {} as SeedSession;
  before(function () {
    if (!hasGo()) this.skip();
  });
  beforeEach(async () => {
    s.dir = copyFixture(path.join(FIXTURES, 'seed'));
    s.main = path.join(s.dir, 'main.go');
    s.client = await LspClient.start({ rootDir: s.dir, settings });
  });
  afterEach(async () => {
    await s.client?.stop();
    removeDir(s.dir);
  });
  return s;
}
