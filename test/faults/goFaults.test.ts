// A go command that is missing, prints garbage, hangs past the timeout, or is killed mid-run:
// the server keeps answering, tells the user once, leaves no process behind, and recovers on
// the next edit once a working go is back.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, copyFixture, hasGo } from '../helpers/tempModule';
import { FakeGo, realGo, writeFakeGo, isAnalysisCall } from './helpers/fakeGo';
import { Harness, hover, removeAll, runLogs, showMessages, startServer, statuses, waitForRuns } from './helpers/harness';
import { allProcesses, descendantsOf, isAlive, pollUntil } from './helpers/procs';

const U = { line: 13, character: 1 }; // `u` in createUserV2 of the seed example.
const movedU = (ds: { message: string; data?: { origin: string } }[]) => ds.some((d) => d.message === 'moved to heap: u' && d.data?.origin === 'compiler');

describe('faults: the go command misbehaves', function () {
  let dir: string;
  let main: string;
  let text: string;
  let h: Harness | undefined;
  let fake: FakeGo | undefined;
  let edits = 0;

  before(function () {
    if (!hasGo()) this.skip();
  });

  beforeEach(() => {
    dir = copyFixture(path.join(FIXTURES, 'seed'));
    main = path.join(dir, 'main.go');
    text = fs.readFileSync(main, 'utf8');
    edits = 0;
  });

  afterEach(async () => {
    await h?.client.stop();
    removeAll(dir, h?.tmp, fake?.dir);
    h = undefined;
    fake = undefined;
  });

  /** Appends a comment line: new content, so a new run. */
  function edit(): void {
    const lines = text.split('\n');
    const at = { line: lines.length - 1, character: lines[lines.length - 1].length };
    const add = `// edit ${++edits}\n`;
    h!.client.change(main, { start: at, end: at }, add);
    text += add;
  }

  async function assertHoverAnswers(): Promise<void> {
    await hover(h!.client, main, U.line, U.character);
  }

  it('go binary missing: one message naming goBinary, hovers answered, recovery after the setting is fixed', async () => {
    const settings = { debounceMs: 20, goBinary: path.join(dir, 'no such dir', 'go') };
    h = await startServer({ rootDir: dir, settings });
    h.client.open(main, text);
    await waitForRuns(h.client, 'go-missing', 1);
    for (let i = 2; i <= 4; i++) {
      await assertHoverAnswers();
      edit();
      await waitForRuns(h.client, 'go-missing', i);
    }
    await assertHoverAnswers();
    const shown = showMessages(h.client);
    assert.equal(shown.length, 1, `told once: ${JSON.stringify(shown)}`);
    assert.match(shown[0].message, /goBinary/);
    assert.ok(statuses(h.client).some((s) => s.state === 'go-missing'), 'the status says go is missing');

    h.client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { goEscape: { ...settings, goBinary: realGo() } } });
    await h.client.waitForDiagnostics(main, movedU);
    assert.equal(showMessages(h.client).length, 1, 'recovery shows no new message');
  });

  it('go prints garbage and fails: one message with what it printed, hovers answered, recovery after the setting is fixed', async () => {
    fake = writeFakeGo('garbage');
    const settings = { debounceMs: 20, goBinary: fake.bin };
    h = await startServer({ rootDir: dir, settings });
    h.client.open(main, text);
    await h.client.waitForNotification(() => runLogs(h!.client).length >= 1);
    for (let i = 2; i <= 3; i++) {
      await assertHoverAnswers();
      edit();
      await h.client.waitForNotification(() => runLogs(h!.client).length >= i);
    }
    await assertHoverAnswers();
    assert.ok(fake.calls().some((c) => isAnalysisCall(c)), 'the fake was run for the build');
    const shown = showMessages(h.client);
    assert.equal(shown.length, 1, `told once: ${JSON.stringify(shown)}`);
    assert.match(shown[0].message, /garbage|binary|not: a: compiler/, 'the message quotes what go printed');

    h.client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { goEscape: { ...settings, goBinary: realGo() } } });
    await h.client.waitForDiagnostics(main, movedU);
  });

  it('go hangs past timeoutMs: killed with its children, one message, hovers answered while it hangs, recovery on the next edit', async () => {
    fake = writeFakeGo('hang');
    h = await startServer({ rootDir: dir, settings: { debounceMs: 20, goBinary: fake.bin, timeoutMs: 1000 } });
    h.client.open(main, text);
    // While the build hangs (its sleeping child is running), the server answers.
    assert.ok(await pollUntil(() => fake!.calls().some((c) => isAnalysisCall(c)) && fake!.pids().length >= 3, 20000), 'the fake build started');
    await assertHoverAnswers();
    await waitForRuns(h.client, 'timeout', 1);
    for (let i = 2; i <= 3; i++) {
      edit();
      await waitForRuns(h.client, 'timeout', i);
      await assertHoverAnswers();
    }
    const pids = fake.pids();
    assert.ok(await pollUntil(() => pids.every((p) => !isAlive(p)), 5000), `timed-out runs and their children are gone: ${pids.filter(isAlive)}`);
    const shown = showMessages(h.client);
    assert.equal(shown.length, 1, `told once: ${JSON.stringify(shown)}`);
    assert.match(shown[0].message, /did not finish|timeout|timed out/i);

    // The go command works again (say, the network drive came back) and the user gives it the
    // usual time limit: analysis recovers.
    fs.writeFileSync(fake.bin, `#!/bin/sh\nexec '${realGo()}' "$@"\n`, { mode: 0o755 });
    h.client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { goEscape: { debounceMs: 20, goBinary: fake.bin } } });
    edit();
    await h.client.waitForDiagnostics(main, movedU);
  });

  it('go killed mid-run: one message, hovers answered, the next edit recovers', async () => {
    fake = writeFakeGo('slow-real');
    h = await startServer({ rootDir: dir, settings: { debounceMs: 20, goBinary: fake.bin } });
    const { client, pid } = h;
    const killBuild = async () => {
      let victim: number | undefined;
      assert.ok(
        await pollUntil(() => {
          victim = descendantsOf(pid, allProcesses()).find((p) => p.argv.includes(fake!.bin) && isAnalysisCall(p.argv.slice(p.argv.indexOf(fake!.bin) + 1)))?.pid;
          return victim !== undefined;
        }, 20000),
        'a build is running',
      );
      process.kill(victim!, 'SIGKILL');
    };
    client.open(main, text);
    await killBuild();
    await waitForRuns(client, 'crashed', 1);
    await assertHoverAnswers();
    edit();
    await killBuild();
    await waitForRuns(client, 'crashed', 2);
    await assertHoverAnswers();
    const shown = showMessages(client);
    assert.equal(shown.length, 1, `told once: ${JSON.stringify(shown)}`);
    assert.match(shown[0].message, /SIGKILL|killed/);

    edit();
    await client.waitForDiagnostics(main, movedU);
    assert.ok(runLogs(client, 'ok').length >= 1);
  });
});
