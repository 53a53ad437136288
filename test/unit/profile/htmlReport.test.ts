// The report page from a model: everything escaped, nothing loaded from anywhere, and the
// profile's figures in the cells the sorting script reads.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Finding } from '../../../server/src/core/findings';
import { percent, amount, measuredLabel } from '../../../server/src/core/profile/describe';
import { choosePgo } from '../../../server/src/core/profile/pgo';
import { emptyProfileSet } from '../../../server/src/core/profile/profileSet';
import { buildReportModel } from '../../../server/src/core/report/htmlModel';
import { renderReportHtml } from '../../../server/src/core/report/htmlPage';

const finding = (line: number, message: string, func?: string): Finding => ({ file: '/m/pkg/a.go', line, column: 2, message, category: 'moved', rule: 'unexplained', origin: 'compiler', func });

describe('HTML report page', () => {
  const html = renderReportHtml(buildReportModel({
    packages: [{ dir: '/m/pkg', findings: [finding(3, 'moved to heap: x', 'F'), finding(9, 'moved to heap: <script>alert(1)</script>', 'G')] }],
    set: emptyProfileSet(), root: '/m', messages: ['/m/bad.pprof: not a pprof profile (x & y)'], generatedAt: new Date(0),
  }));

  it('escapes compiler text and messages', () => {
    assert.ok(!html.includes('<script>alert(1)'));
    assert.ok(html.includes('moved to heap: &lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('not a pprof profile (x &amp; y)'));
  });

  it('refers to nothing outside the page', () => {
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    assert.doesNotMatch(html, /\s(src|href)=/);
    assert.doesNotMatch(html, /url\(|@import|https?:\/\//);
  });

  it('charts finding counts by function without a profile', () => {
    assert.match(html, /<h2>Heap findings by function<\/h2><svg id="chart"/);
    assert.equal((html.match(/<g class="bar">/g) ?? []).length, 2);
  });
});

describe('profile words', () => {
  const CASES: [number, string][] = [[0.14, '14%'], [0.014, '1.4%'], [0.0014, '0.14%'], [0.00001, '<0.01%'], [1, '100%'], [0, '0%']];
  for (const [share, text] of CASES) it(`${share} is ${text}`, () => assert.equal(percent(share), text));
  it('writes amounts and per-op figures', () => {
    assert.equal(amount(80016, 'bytes'), '80 kB');
    assert.equal(amount(230_000_000, 'nanoseconds'), '230 ms');
    assert.equal(measuredLabel({ allocsPerOp: 1, bytesPerOp: 16, benchmark: 'B', n: 1 }), '1 alloc/op, 16 B/op');
    assert.equal(measuredLabel({ allocsPerOp: 4.498, bytesPerOp: 247.952, benchmark: 'B', n: 1 }), '4.5 allocs/op, 248 B/op');
  });
});

describe('PGO choice', () => {
  const lookup = { importPath: 'm/lib', mains: [{ dir: '/m/cmd/a', importPath: 'm/cmd/a', profile: '/m/cmd/a/default.pgo' }, { dir: '/m/cmd/b', importPath: 'm/cmd/b', profile: '/m/cmd/b/default.pgo' }] };
  it('takes the first main package that imports the package, and names the others', () => {
    const c = choosePgo('auto', lookup);
    assert.equal(c.pgo, '/m/cmd/a/default.pgo');
    assert.deepEqual(c.others.map((m) => m.importPath), ['m/cmd/b']);
  });
  it('turns off, takes a file, and leaves a -pgo in the build flags alone', () => {
    assert.equal(choosePgo('off', lookup).pgo, 'off');
    assert.equal(choosePgo('prof.pgo', lookup).pgo, path.resolve('prof.pgo'));
    assert.equal(choosePgo('auto', lookup, ['-tags=x', '-pgo=mine.pgo']).pgo, undefined);
    assert.equal(choosePgo('auto', { mains: [] }).pgo, undefined);
  });
});
