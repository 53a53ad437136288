// A cheaper soak than `npm run soak`: 1,500 edits over 10 open files of a 16-file module (typing,
// undo, pastes, files closed and opened). The final diagnostics are the compiler's verdict, and
// once every file is closed the server keeps no more timers or handles alive than after the first
// 50 edits, and nothing of the closed documents (texts, trees, caches, fix state).
// (Memory is measured by the script, which prints figures; a test does not assert them.)
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, REPO } from '../helpers/lspClient';
import { mulberry32 } from '../helpers/seededRandom';
import { ServerProbe } from '../helpers/serverProbe';
import { hasGo } from '../helpers/tempModule';
import { removeAll } from './helpers/harness';
import { descendantsOf, pollUntil } from './helpers/procs';
import { SoakSession } from './helpers/soak';

describe('faults: long session (short soak)', function () {
  let dir: string | undefined;
  let client: LspClient | undefined;

  before(function () {
    if (!hasGo()) this.skip();
  });

  afterEach(async () => {
    await client?.stop();
    removeAll(dir);
    client = dir = undefined;
  });

  it('ends with the compiler verdict on every open file, and closed files leave no timers or handles behind', async function () {
    const seed = Number(process.env.SOAK_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`      soak: seed ${seed} (SOAK_SEED=${seed} replays)`);
    const gen = await import(pathToFileURL(path.join(REPO, 'scripts', 'bench', 'generate.mjs')).href);
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-soak-')));
    const moduleDir = path.join(dir, 'module');
    const verdictDir = path.join(dir, 'verdict');
    fs.mkdirSync(moduleDir);
    gen.manyFileModule(moduleDir, 2, 8, 1);
    fs.cpSync(moduleDir, verdictDir, { recursive: true });
    const files = (fs.readdirSync(moduleDir, { recursive: true }) as string[]).filter((f) => f.endsWith('.go')).sort().map((f) => path.join(moduleDir, f));
    const probe = new ServerProbe(path.join(dir, 'probe.jsonl'));
    client = await LspClient.start({ rootDir: moduleDir, cwd: moduleDir, env: probe.env(), args: probe.args(), settings: { debounceMs: 50 }, keepWholePublishes: 1 });
    const pid = client.proc.pid!;
    const quiet = async () => {
      assert.ok(await pollUntil(() => descendantsOf(pid).length === 0, 60000, 100), 'go runs end');
      await new Promise((r) => setTimeout(r, 1000));
    };
    const session = new SoakSession({ client, files, openCount: 10, random: mulberry32(seed), pasteBlock: (tag) => `\n${gen.functionGroup(tag)}` });
    session.start();
    // The baseline: the first files open and analysed, before the long session.
    await session.run(50);
    await quiet();
    const baseline = await probe.sample(pid);
    await session.run(1500);
    await quiet();
    const wrong = await session.compareWithCompiler(moduleDir, verdictDir);
    assert.deepEqual(wrong, [], `seed ${seed}: the final diagnostics are the compiler's verdict`);

    for (const f of [...session.texts.keys()]) client.close(f);
    await quiet();
    const closed = await probe.sample(pid);
    const grown = Object.entries(closed.resources).filter(([k, n]) => n > (baseline.resources[k] ?? 0));
    assert.deepEqual(grown, [], `timers and handles keeping the server alive: ${JSON.stringify(baseline.resources)} after the first 50 edits, ${JSON.stringify(closed.resources)} after ${session.edits} edits and every file closed`);
    // What the session keeps per open document must be gone with the documents; results keyed by
    // content (for undo) and what was learned about packages may stay.
    const kept = (await client.request('goEscape/stats', {})) as Record<string, number>;
    const perDocument = ['documents', 'documentsByFile', 'trees', 'predictionCaches', 'packageModels', 'fixTitles', 'fixRefusals', 'fixesInFlight', 'fixControllers'];
    assert.deepEqual(perDocument.filter((k) => kept[k] !== 0), [], `every file closed, the session still keeps ${JSON.stringify(kept)}`);
    for (const f of files) {
      const d = client.diagnostics.get(client.uri(f));
      assert.ok(d === undefined || d.diagnostics.length === 0, `${path.relative(moduleDir, f)} shows nothing once closed`);
    }
  });
});
