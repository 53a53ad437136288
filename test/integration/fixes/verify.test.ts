// Verification with the real compiler, beyond the fixtures: unsaved buffers reach the build
// through the overlay, code that did not compile before is not "fixed", cancellation kills
// the running go command, and no temporary files are left behind.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding } from '../../../server/src/core/findings';
import { liveChildCount } from '../../../server/src/core/compiler/goCommand';
import { fixActionsForFinding } from '../../../server/src/core/fixes/actions';
import { FixActionCache } from '../../../server/src/core/fixes/cache';
import { FixService } from '../../../server/src/core/fixes/service';
import { applyWorkspaceEdits } from '../../../server/src/core/fixes/edits';
import { GoWorkspace } from '../../../server/src/core/fixes/goWorkspace';
import { planReturnByValue } from '../../../server/src/core/fixes/returnByValue';
import { DEFAULT_VERIFY_SETTINGS, verifyFix } from '../../../server/src/core/fixes/verify';
import { fixturesDir } from '../../unit/fixes/fixtureCases';

const haveGo = spawnSync('go', ['version']).status === 0;
const seedDir = path.join(fixturesDir(), 'seed', 'before');
const mainGo = path.join(seedDir, 'main.go');
const goMod = path.join(seedDir, 'go.mod');
const finding: Finding = { file: mainGo, line: 14, column: 2, message: 'moved to heap: u', category: 'moved', rule: 'returned-address', origin: 'compiler' };

function workspace(mainText: string): Promise<GoWorkspace> {
  return GoWorkspace.create(new Map([[mainGo, mainText], [goMod, fs.readFileSync(goMod, 'utf8')]]));
}

/** The entries of a directory once asynchronous cleanup has had its chance (up to ~5 s). */
async function settledEntries(dir: string): Promise<string[]> {
  for (let i = 0; i < 500 && fs.readdirSync(dir).length > 0; i++) await new Promise((r) => setTimeout(r, 10));
  return fs.readdirSync(dir);
}

describe('fix verification', function () {
  const disk = fs.readFileSync(mainGo, 'utf8');
  let tmp: string;
  let savedTmp: string | undefined;

  before(function () {
    if (!haveGo) {
      console.log('    skipped: no `go` on PATH; these tests need the real compiler');
      this.skip();
    }
  });
  // Every temporary file of a verification goes under a directory of this test's own.
  beforeEach(() => {
    savedTmp = process.env.TMPDIR;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fixes-verify-test-'));
    process.env.TMPDIR = tmp;
  });
  afterEach(() => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('verifies against unsaved buffers and rewrites their call sites', async () => {
    const unsaved = disk.replace('\t_ = createUserV2()\n', '\tp := createUserV2()\n\tprintln(describe(p))\n') + '\nfunc describe(u *User) string { return u.Name }\n';
    assert.notEqual(unsaved, disk);
    const ws = await workspace(unsaved);
    try {
      const actions = await fixActionsForFinding(ws, finding, DEFAULT_VERIFY_SETTINGS);
      const fix = actions.fixes.find((f) => f.fix === 'return-by-value');
      assert.ok(fix, `offered; refused: ${actions.refused.map((r) => r.reason).join('; ')}`);
      assert.equal(fix.title, 'Return User by value (removes 1 heap allocation)');
      const after = applyWorkspaceEdits(ws.sources, fix.edits).get(mainGo)!;
      assert.match(after, /println\(describe\(&p\)\)/);
      assert.match(after, /func createUserV2\(\) User \{/);
      assert.equal(fs.readFileSync(mainGo, 'utf8'), disk, 'nothing written to disk');
      assert.deepEqual(await settledEntries(tmp), [], 'temporary files removed');
    } finally {
      ws.dispose();
    }
  });

  it('offers nothing when the package did not compile before the fix', async () => {
    const broken = disk.replace('\t_ = createUserV1()\n', '\t_ = createUserV1() + 1\n');
    const ws = await workspace(broken);
    try {
      const plan = planReturnByValue(ws, finding);
      assert.ok(plan.ok);
      if (!plan.ok) return;
      const v = await verifyFix(ws, plan.plan, DEFAULT_VERIFY_SETTINGS);
      assert.equal(v.ok, false);
      assert.match(v.reason ?? '', /does not compile before the fix/);
      assert.ok(v.compilerErrors.some((e) => e.line === 19), JSON.stringify(v.compilerErrors));
    } finally {
      ws.dispose();
    }
  });

  it('stops the go command when cancelled', async () => {
    const ws = await workspace(disk);
    try {
      const plan = planReturnByValue(ws, finding);
      if (!plan.ok) assert.fail(plan.reason);
      const ac = new AbortController();
      let settled = false;
      const running = verifyFix(ws, plan.plan, DEFAULT_VERIFY_SETTINGS, ac.signal).finally(() => (settled = true));
      // Abort once a go process is really running, so the kill path is what is tested.
      while (liveChildCount() === 0 && !settled) await new Promise((r) => setTimeout(r, 5));
      assert.equal(settled, false, 'verification was still running when aborted');
      ac.abort();
      const v = await running;
      assert.equal(v.ok, false);
      assert.equal(v.reason, 'cancelled');
      assert.equal(liveChildCount(), 0);
      assert.deepEqual(await settledEntries(tmp), [], 'temporary files removed');
    } finally {
      ws.dispose();
    }
  });

  it('remembers verified actions until the sources change', async () => {
    const cache = new FixActionCache();
    const ws = await workspace(disk);
    const changed = await workspace(disk.replace('Name: "Vikash"}\n\treturn &u', 'Name: "Vik"}\n\treturn &u'));
    try {
      const first = await cache.get(ws, finding, DEFAULT_VERIFY_SETTINGS);
      assert.equal(first.fixes.length, 1);
      assert.equal(await cache.get(ws, finding, DEFAULT_VERIFY_SETTINGS), first, 'same content: cached');
      const other = await cache.get(changed, finding, DEFAULT_VERIFY_SETTINGS);
      assert.notEqual(other, first, 'changed content: computed again');
      assert.equal(other.fixes[0]?.title, 'Return User by value (removes 1 heap allocation)');
    } finally {
      ws.dispose();
      changed.dispose();
    }
  });

  it('serves the seed fix with LSP-shaped ranges', async () => {
    const service = new FixService();
    const r = await service.actionsFor(finding, new Map(), DEFAULT_VERIFY_SETTINGS);
    assert.deepEqual(r.showWhy, { title: 'Show why: moved to heap: u', ruleId: 'returned-address', target: 'RULES.md#returned-address' });
    assert.equal(r.fixes.length, 1);
    assert.equal(r.fixes[0].kind, 'quickfix');
    assert.deepEqual(r.fixes[0].edits, [
      { file: mainGo, range: { start: { line: 12, character: 20 }, end: { line: 12, character: 21 } }, newText: '' },
      { file: mainGo, range: { start: { line: 14, character: 8 }, end: { line: 14, character: 9 } }, newText: '' },
    ]);
  });

  it('verifies with the compiler flags the analysis uses', async () => {
    // pointer_uses removes 2 findings with inlining (one is in the inlined copy in Build), 1 with -l.
    const dir = path.join(fixturesDir(), 'pointer_uses', 'before');
    const listGo = path.join(dir, 'list.go');
    const ws = await GoWorkspace.create(new Map([[listGo, fs.readFileSync(listGo, 'utf8')], [path.join(dir, 'go.mod'), fs.readFileSync(path.join(dir, 'go.mod'), 'utf8')]]));
    try {
      const f: Finding = { file: listGo, line: 14, column: 2, message: 'moved to heap: n', category: 'moved', rule: 'returned-address', origin: 'compiler' };
      const plan = planReturnByValue(ws, f);
      if (!plan.ok) assert.fail(plan.reason);
      const inlined = await verifyFix(ws, plan.plan, DEFAULT_VERIFY_SETTINGS);
      const noInline = await verifyFix(ws, plan.plan, { ...DEFAULT_VERIFY_SETTINGS, compilerFlags: ['-l'] });
      assert.deepEqual([inlined.ok, inlined.removedCount], [true, 2]);
      assert.deepEqual([noInline.ok, noInline.removedCount], [true, 1]);
    } finally {
      ws.dispose();
    }
  });
});
