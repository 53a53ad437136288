// The whole fix pipeline against the real compiler: each annotated finding is really reported
// on before/, each expected fix is offered with the expected title and produces after/, and
// after/ builds, is gofmt-clean, and no longer has the finding.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../../server/src/core/findings';
import { parseCompilerText } from '../../../server/src/core/compiler/parseText';
import { fixActionsForFinding } from '../../../server/src/core/fixes/actions';
import { applyWorkspaceEdits } from '../../../server/src/core/fixes/edits';
import { GoWorkspace } from '../../../server/src/core/fixes/goWorkspace';
import { DEFAULT_VERIFY_SETTINGS } from '../../../server/src/core/fixes/verify';
import { afterText, listFiles, loadFixtureCases, type Expectation } from '../../unit/fixes/fixtureCases';

const haveGo = spawnSync('go', ['version']).status === 0;

/** `-m` findings of every package of the module in `dir`; throws when it does not build. */
function compile(dir: string): Finding[] {
  const r = spawnSync('go', ['build', '-o', '/dev/null', '-gcflags=-m', './...'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off' } });
  if (r.status !== 0) throw new Error(`go build failed in ${dir}:\n${r.stderr}`);
  return parseCompilerText(r.stderr, { cwd: dir }).findings;
}

function at(findings: Finding[], file: string, line: number, message: string): Finding[] {
  return findings.filter((f) => f.file === file && f.line === line && f.message === message);
}

describe('fixes verified by the Go compiler', function () {
  before(function () {
    if (!haveGo) {
      console.log('    skipped: no `go` on PATH; these tests need the real compiler');
      this.skip();
    }
  });

  for (const c of loadFixtureCases()) {
    describe(c.name, () => {
      let ws: GoWorkspace;
      let beforeFindings: Finding[];
      before(async function () {
        if (!haveGo) this.skip();
        ws = await GoWorkspace.create(c.sources);
        beforeFindings = compile(c.beforeDir);
      });
      after(() => ws?.dispose());

      for (const e of c.expectations) {
        it(`${e.kind} on "${e.finding.message}" at ${e.finding.line}:${e.finding.column}: ${e.outcome.type}`, async () => {
          const real = at(beforeFindings, e.finding.file, e.finding.line, e.finding.message);
          assert.equal(real.length, 1, `the compiler reports "${e.finding.message}" on line ${e.finding.line} of ${path.basename(e.finding.file)}`);
          assert.equal(real[0].column, e.finding.column, 'column derived from the fixture');
          const actions = await fixActionsForFinding(ws, real[0], DEFAULT_VERIFY_SETTINGS);
          const offered = actions.fixes.filter((f) => f.fix === e.kind);
          assert.equal(actions.showWhy.target, `RULES.md#${real[0].rule}`);
          if (e.outcome.type !== 'fix') {
            assert.deepEqual(offered.map((f) => f.title), [], 'no fix offered');
            const reasons = actions.refused.filter((r) => r.fix === e.kind).map((r) => r.reason);
            assert.ok(reasons.some((r) => r.includes(e.outcome.type === 'fix' ? '' : e.outcome.reason)), `refusal reasons: ${reasons.join('; ')}`);
            if (e.outcome.type === 'unverified') assert.ok(reasons.some((r) => r.startsWith('verification: ')), 'refused by verification');
            return;
          }
          assert.equal(offered.length, 1, `one ${e.kind} fix offered; refused: ${actions.refused.map((r) => r.reason).join('; ')}`);
          assert.equal(offered[0].title, e.outcome.title);
          const edited = applyWorkspaceEdits(c.sources, offered[0].edits);
          for (const [file, text] of c.sources) assert.equal(edited.get(file) ?? text, afterText(c, file), `after/ text of ${file}`);
          checkAfter(c.afterDir!, c.beforeDir, e, offered[0].kind === 'quickfix', offered[0].removedCount, beforeFindings);
        });
      }
    });
  }
});

/**
 * after/ builds, is gofmt-clean and has removedCount fewer heap findings; a quick fix (not
 * advice) also lost the finding it was offered on.
 */
function checkAfter(afterDir: string, beforeDir: string, e: Expectation, quickfix: boolean, removed: number, beforeFindings: Finding[]): void {
  const afterFindings = compile(afterDir);
  const file = path.join(afterDir, path.relative(beforeDir, e.finding.file));
  if (quickfix) {
    assert.ok(removed >= 1, 'a quick fix removes at least one heap finding');
    assert.deepEqual(at(afterFindings, file, e.finding.line, e.finding.message), [], 'the finding is gone');
  }
  const heap = (fs: Finding[]) => fs.filter((f) => f.category === 'moved' || f.category === 'escapes').length;
  assert.equal(heap(beforeFindings) - heap(afterFindings), removed, 'removedCount matches a fresh build of after/');
  const tests = spawnSync('go', ['test', '-c', '-vet=off', '-o', '/dev/null', './...'], { cwd: afterDir, encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off' } });
  assert.equal(tests.status, 0, `after/ tests compile:\n${tests.stderr}`);
  const unformatted = execFileSync('gofmt', ['-l', ...listFiles(afterDir).filter((f) => f.endsWith('.go'))], { encoding: 'utf8' });
  assert.equal(unformatted, '', 'after/ is gofmt-formatted');
  assert.ok(fs.existsSync(file));
}
