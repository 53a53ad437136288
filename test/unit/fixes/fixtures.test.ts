// Planning, checked against the fixtures without running the compiler: every expected fix
// produces exactly the after/ sources, every refusal is refused for the stated reason.
import * as assert from 'node:assert/strict';
import { applyWorkspaceEdits } from '../../../server/src/core/fixes/edits';
import { planFixes } from '../../../server/src/core/fixes/actions';
import { GoWorkspace } from '../../../server/src/core/fixes/goWorkspace';
import { afterText, loadFixtureCases } from './fixtureCases';

describe('fix planning on fixtures', () => {
  for (const c of loadFixtureCases()) {
    describe(c.name, () => {
      let ws: GoWorkspace;
      before(async () => {
        ws = await GoWorkspace.create(c.sources);
      });
      after(() => ws?.dispose());

      for (const e of c.expectations) {
        const label = `${e.kind} on "${e.finding.message}" at ${e.finding.line}:${e.finding.column}: ${e.outcome.type}`;
        it(label, () => {
          const planned = planFixes(ws, e.finding);
          const plan = planned.plans.find((p) => p.kind === e.kind);
          const r = plan ? { ok: true as const, plan } : { ok: false as const, reason: planned.refused.find((x) => x.fix === e.kind)?.reason ?? '' };
          if (e.outcome.type === 'refused') {
            assert.equal(r.ok, false, 'expected the fix to be refused');
            if (!r.ok) assert.match(r.reason, new RegExp(escapeRegExp(e.outcome.reason)));
            return;
          }
          if (!r.ok) assert.fail(`expected a plan, got refusal: ${r.reason}`);
          if (e.outcome.type !== 'fix') return;
          assert.equal(titleBase(e.outcome.title), r.plan.title);
          assert.equal(/changes exported API/.test(e.outcome.title), r.plan.changesExportedApi, 'exported API flag');
          const edited = applyWorkspaceEdits(c.sources, r.plan.edits);
          // Cases named *_gofmt need gofmt's realignment, which only the full pipeline (with
          // gofmt) does; the integration test compares those exactly.
          const norm = c.name.endsWith('_gofmt') ? (t: string) => t.replace(/[ \t]+\/\//g, ' //') : (t: string) => t;
          for (const [file, text] of c.sources) {
            assert.equal(norm(edited.get(file) ?? text), norm(afterText(c, file)), `after/ text of ${file}`);
          }
        });
      }
    });
  }
});

/** The planner's title is the expected title without what verification adds. */
function titleBase(title: string): string {
  return title.replace(/ \((removes \d+ heap allocations?|advice: [^)]*)\)/, '').replace(/ — changes exported API$/, '');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
