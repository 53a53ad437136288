// Hover texts against the installed compiler: test/fixtures/hover is built with `-m=2`, its
// findings are classified and annotated as the server does, quick-fix refusals come from the
// fix planners, and every note in the fixture must hold (see hoverNotes.ts). No hover may show
// a compiler temporary or a path. RECORD_HOVER_GOLDEN=1 re-records the output the unit tests use.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_ANALYZE_SETTINGS, analyzePackage } from '../../../server/src/core/compiler/analyze';
import { annotateFindings } from '../../../server/src/core/explain/annotate';
import { explainFindings } from '../../../server/src/core/explain/classify';
import { GoDependencyReader } from '../../../server/src/core/explain/dependencySources';
import { hoverGroupMarkdown } from '../../../server/src/core/explain/hoverGroup';
import { HoverOptions, hoverMarkdown } from '../../../server/src/core/explain/hoverText';
import { parsePackage } from '../../../server/src/core/explain/packageSyntax';
import { buildReasonContext } from '../../../server/src/core/explain/reason';
import { TypeWorld } from '../../../server/src/core/explain/typeWorld';
import { Finding, messageCategory } from '../../../server/src/core/findings';
import { planFixes } from '../../../server/src/core/fixes/actions';
import { GoWorkspace } from '../../../server/src/core/fixes/goWorkspace';
import { FIXTURES, copyFixture, hasGo, removeDir } from '../../helpers/tempModule';
import { readHoverNotes } from './hoverNotes';
import { leakedInternals } from './hoverLeaks';
import { HOVER_GOLDEN, hoverFixtureHash } from '../../unit/explain/recordedHover';

const DIR = path.join(FIXTURES, 'hover');

describe('hover texts, checked against the compiler', function () {
  let dir: string | undefined;
  let findings: Finding[] = [];
  let opts: HoverOptions = {};
  let perFinding: (f: Finding) => Pick<HoverOptions, 'refused'> = () => ({});
  const cleanup: (() => void)[] = [];

  before(async function () {
    if (!hasGo()) {
      // eslint-disable-next-line no-console
      console.log('    skipped: no go on PATH');
      this.skip();
    }
    dir = copyFixture(DIR);
    const r = await analyzePackage({ dir, explain: true, settings: DEFAULT_ANALYZE_SETTINGS });
    assert.equal(r.status, 'ok', r.summary);
    if (process.env.RECORD_HOVER_GOLDEN === '1') {
      // The package's own lines, with paths relative to it as a fresh build prints them.
      const own = r.stderr.split('\n').map((l) => l.replace(`${dir}/`, './')).filter((l) => l.startsWith('./') || l.startsWith('# '));
      fs.writeFileSync(HOVER_GOLDEN, `# fixtures ${hoverFixtureHash()}\n${own.join('\n')}\n`);
    }
    const context = buildReasonContext(r.findings);
    findings = explainFindings(r.findings, r.goVersion, context);
    const sources = new Map(fs.readdirSync(dir).filter((n) => n.endsWith('.go') || n === 'go.mod').map((n) => [path.join(dir!, n), fs.readFileSync(path.join(dir!, n), 'utf8')]));
    const pkg = await parsePackage(new Map([...sources].filter(([p]) => p.endsWith('.go'))));
    const world = new TypeWorld(new GoDependencyReader(DEFAULT_ANALYZE_SETTINGS));
    const ws = await GoWorkspace.create(sources);
    cleanup.push(() => pkg.dispose(), () => world.dispose(), () => ws.dispose());
    await annotateFindings(findings, { pkg, world, compilerOutput: r.stderr, cwd: dir });
    opts = { goVersion: r.goVersion, pkg, context, modulePath: 'example.com/hover' };
    const refused = new Map(findings.map((f) => [f, planFixes(ws, f).refused]));
    perFinding = (f) => ({ refused: refused.get(f) });
  });
  after(() => {
    cleanup.forEach((c) => c());
    if (dir) removeDir(dir);
  });

  it('meets every note in the fixture', function () {
    const failures: string[] = [];
    const notes = readHoverNotes(fs.readFileSync(path.join(DIR, 'hover.go'), 'utf8'));
    assert.ok(notes.length >= 10, `only ${notes.length} notes`);
    for (const n of notes) {
      const here = findings.filter((f) => f.file === path.join(dir!, 'hover.go') && f.line === n.line);
      const where = `hover.go:${n.line}`;
      let md: string;
      if (n.message) {
        const hits = here.filter((f) => n.message!.test(f.message));
        if (hits.length !== 1) {
          failures.push(`${where}: ${hits.length} findings match ${n.message}; the compiler said: ${here.map((f) => JSON.stringify(f.message)).join(', ')}`);
          continue;
        }
        md = hoverMarkdown(hits[0], { ...opts, ...perFinding(hits[0]) });
      } else {
        const heap = here.filter((f) => ['moved', 'escapes'].includes(messageCategory(f)));
        md = hoverGroupMarkdown(heap, opts, perFinding);
        const lines = md.split('\n').length;
        if (heap.length < 2) failures.push(`${where}: GROUP note on a line with ${heap.length} heap findings`);
        if (n.maxLines !== undefined && lines > n.maxLines) failures.push(`${where}: grouped hover has ${lines} lines, at most ${n.maxLines} noted`);
      }
      for (const p of n.present) if (!md.includes(p)) failures.push(`${where}: hover lacks ${JSON.stringify(p)}:\n${md}`);
      for (const a of n.absent) if (md.includes(a)) failures.push(`${where}: hover has ${JSON.stringify(a)}:\n${md}`);
    }
    assert.deepEqual(failures, []);
  });

  it('shows no compiler temporary or path in any hover', function () {
    const bad: string[] = [];
    for (const f of findings) {
      const md = hoverMarkdown(f, { ...opts, ...perFinding(f) });
      const leak = leakedInternals(md, [dir!]);
      if (leak) bad.push(`${path.basename(f.file)}:${f.line} ${f.message}: ${leak}`);
    }
    assert.deepEqual(bad, []);
  });
});
