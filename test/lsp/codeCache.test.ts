// The server starts through V8's code cache, which V8 accepts only under the flags it was
// written with (the launcher sets all of the server's V8 flags before the bundle is compiled).
// A cache that a session wrote must be accepted by the next session, not rewritten, also after
// a compiler run (after which the server collects garbage through gc()).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient } from '../helpers/lspClient';
import { FIXTURES, copyFixture, hasGo, removeDir } from '../helpers/tempModule';

describe('LSP: the code cache across sessions', () => {
  let dir: string;
  let cacheHome: string;
  before(function () {
    if (!hasGo()) this.skip();
  });
  beforeEach(() => {
    dir = copyFixture(path.join(FIXTURES, 'seed'));
    cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-cache-'));
  });
  afterEach(() => {
    removeDir(dir);
    removeDir(cacheHome);
  });

  /** One session that gets a compiler result (after which the server collects garbage). */
  async function session(): Promise<void> {
    const client = await LspClient.start({ rootDir: dir, settings: { debounceMs: 50 }, env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
    try {
      const main = path.join(dir, 'main.go');
      client.open(main, fs.readFileSync(main, 'utf8'));
      await client.waitForDiagnostics(main, (ds) => ds.some((d) => d.data?.origin === 'compiler'));
      // The cache is written 3 s after start, or at exit.
      await new Promise((r) => setTimeout(r, 3500));
    } finally {
      await client.stop();
    }
  }

  const cacheFiles = () => {
    const v8dir = path.join(cacheHome, 'go-escape', 'v8');
    return fs.readdirSync(v8dir).filter((f) => f.startsWith('server-main-')).map((f) => {
      const st = fs.statSync(path.join(v8dir, f));
      return `${f}@${st.mtimeMs}`;
    });
  };

  it('writes the cache once and uses it in the next session', async () => {
    await session();
    const first = cacheFiles();
    assert.equal(first.length, 1, `one cache file after the first session: ${first.join(', ')}`);
    await session();
    assert.deepEqual(cacheFiles(), first, 'the second session found the cache valid and left it as it was');
  });
});
