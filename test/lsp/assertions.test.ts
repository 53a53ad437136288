// Assertions live in the editor: the directives of the open package's files are checked by its
// explained run, and every failure is an error at its directive, with the compiler's reason in
// the hover. The fixture's `fails` comments are the same expectations `go-escape check` meets.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ASSERTION_RULES } from '../../server/src/core/assert';
import { Diagnostic, LspClient } from '../helpers/lspClient';
import { expectedFailures } from '../helpers/assertFixture';
import { useModuleSession } from '../helpers/moduleSession';
import { FIXTURES, copyFixture } from '../helpers/tempModule';

const errorsOf = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 1 && String(d.code).startsWith('assert-'));

describe('LSP: assertions at their directives', function () {
  this.timeout(300_000);
  const s = useModuleSession();

  it('shows every failure of the package at its directive, and nothing where assertions hold', async () => {
    s.dir = copyFixture(path.join(FIXTURES, 'assert', 'directives'));
    // The editor checks the directives of the analysed package; those of other packages (sub/)
    // are the CLI's to check.
    const wants = expectedFailures(s.dir).filter((w) => path.dirname(w.file) === s.dir && !/ sub\./.test(w.message));
    assert.ok(wants.length >= 10, `${wants.length} expected failures`);
    s.client = await LspClient.start({ rootDir: s.dir, settings: { debounceMs: 50 } });
    const files = [...new Set(wants.map((w) => w.file))];
    for (const f of files) s.client.open(f, fs.readFileSync(f, 'utf8'));
    for (const f of files) {
      const mine = wants.filter((w) => w.file === f);
      const ds = await s.client.waitForDiagnostics(f, (d) => errorsOf(d).length >= mine.length, 180_000);
      const errors = errorsOf(ds);
      assert.equal(errors.length, mine.length, `${path.basename(f)}: ${errors.map((e) => `${e.range.start.line + 1}: ${e.message}`).join('; ')}`);
      for (const w of mine) {
        const at = errors.find((e) => e.code === ASSERTION_RULES[w.kind as keyof typeof ASSERTION_RULES] && e.message.includes(w.message) && (e.range.start.line + 1 === w.line || e.message.includes(`line ${w.line}`)));
        assert.ok(at, `${path.basename(f)}:${w.line}: an error for ${w.kind} "${w.message}" among ${errors.map((e) => `${e.range.start.line + 1}: ${e.code} ${e.message}`).join('; ')}`);
        const line = fs.readFileSync(f, 'utf8').split('\n')[at!.range.start.line];
        assert.match(line.slice(at!.range.start.character, at!.range.end.character), /^(noescape|inline|bce|noheap|frobnicate|nohaep)$/, 'the range is the directive word');
      }
    }
    // The hover of a failed noescape has the compiler's reason.
    const lines = path.join(s.dir, 'lines.go');
    const ds = errorsOf(s.client.diagnostics.get(s.client.uri(lines))!.diagnostics);
    const moved = ds.find((d) => d.message.startsWith('moved to heap: t'))!;
    const hover = await s.client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: s.client.uri(lines) }, position: moved.range.start });
    assert.match(hover.contents.value, /\/\/gcassert:noescape failed/);
    assert.match(hover.contents.value, /The compiler's reason/);
  });

  it('clears a failure once the code is changed so that the assertion holds', async () => {
    s.dir = copyFixture(path.join(FIXTURES, 'assert', 'directives'));
    const heap = path.join(s.dir, 'heap.go');
    const text = fs.readFileSync(heap, 'utf8');
    s.client = await LspClient.start({ rootDir: s.dir, settings: { debounceMs: 50 } });
    s.client.open(heap, text);
    const before = errorsOf(await s.client.waitForDiagnostics(heap, (d) => errorsOf(d).some((e) => e.message.includes('moved to heap: u')), 180_000));
    // Remove every directive: nothing is asserted any more.
    const version = s.client.change(heap, undefined, text.replace(/\/\/\s*go-escape:noheap/g, '// (no directive)').replace(/\/\/gcassert:\w+/g, '// (no directive)'));
    await s.client.waitForDiagnostics(heap, (d) => s.client!.diagnostics.get(s.client!.uri(heap))?.version === version && d.some((x) => x.data?.origin === 'compiler') && errorsOf(d).length === 0, 180_000);
    assert.ok(before.length > 0);
  });

  it('shows the compiler\'s other decisions when include names them, and only then', async () => {
    s.dir = copyFixture(path.join(FIXTURES, 'assert', 'directives'));
    const lines = path.join(s.dir, 'lines.go');
    s.client = await LspClient.start({ rootDir: s.dir, settings: { debounceMs: 50, include: ['moved', 'escapes', 'bounds', 'inline'] } });
    s.client.open(lines, fs.readFileSync(lines, 'utf8'));
    const ds = await s.client.waitForDiagnostics(lines, (d) => d.some((x) => x.data?.category === 'bounds') && d.some((x) => x.data?.category === 'inline'), 180_000);
    assert.ok(ds.some((d) => d.data?.category === 'bounds' && /Found IsInBounds/.test(d.message)));
    await s.client.stop();
    s.client = await LspClient.start({ rootDir: s.dir, settings: { debounceMs: 50 } });
    s.client.open(lines, fs.readFileSync(lines, 'utf8'));
    const plain = await s.client.waitForDiagnostics(lines, (d) => d.some((x) => x.data?.origin === 'compiler' && x.code !== 'unexplained'), 180_000);
    assert.deepEqual(plain.filter((d) => d.data?.category === 'bounds' || d.data?.category === 'inline'), []);
  });
});
