// A mocha fixture for LSP tests that each build their own temp module: skips when no Go
// toolchain is installed, and after each test stops the client and removes the module.
import { LspClient } from './lspClient';
import { hasGo, removeDir } from './tempModule';

export interface ModuleSession {
  /** The test's module, once it made one. */
  dir?: string;
  /** The test's client, once it started one. */
  client?: LspClient;
}

export function useModuleSession(): ModuleSession {
  const s: ModuleSession = {};
  before(function () {
    if (!hasGo()) this.skip();
  });
  afterEach(async () => {
    await s.client?.stop();
    if (s.dir) removeDir(s.dir);
    s.client = undefined;
    s.dir = undefined;
  });
  return s;
}
