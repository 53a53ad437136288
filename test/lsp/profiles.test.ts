// Profiles in the editor, from the real `go test -bench -memprofile` of the hotcold fixture: the
// hot site is a warning that says its share, the cold one a hint, the hover says what the profile
// says, the lens sums the function; a benchmark lens measures allocations per line; and a library
// is analysed under the default.pgo of the main package that imports it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Diagnostic, LspClient, SERVER } from '../helpers/lspClient';
import { slowReaddirs } from '../helpers/readdirRecorder';
import { useModuleSession } from '../helpers/moduleSession';
import { goBench, markedLines } from '../helpers/profileRuns';
import { FIXTURES, copyFixture } from '../helpers/tempModule';

type Lens = { range: { start: { line: number } }; command?: { title: string; command: string; arguments?: unknown[] }; data?: unknown };
const compiler = (ds: Diagnostic[]) => ds.filter((d) => d.data?.origin === 'compiler');

describe('LSP: profiles', function () {
  this.timeout(300_000);
  const s = useModuleSession();

  it('weighs findings by a heap profile: hot is a warning with its share, cold a hint; hover and lens say it', async () => {
    s.dir = copyFixture(path.join(FIXTURES, 'profile', 'hotcold'));
    goBench(s.dir, '^BenchmarkHot$', path.join(s.dir, 'mem.pprof'));
    const hot = path.join(s.dir, 'hot.go');
    const [hotLine] = markedLines(hot, 'profile: hot');
    const [coldLine] = markedLines(hot, 'profile: cold');
    s.client = await LspClient.start({ rootDir: s.dir, settings: { debounceMs: 50, profiles: ['mem.pprof'] } });
    s.client.open(hot, fs.readFileSync(hot, 'utf8'));
    const ds = await s.client.waitForDiagnostics(hot, (d) => compiler(d).some((x) => x.range.start.line === hotLine - 1 && / — \d+(\.\d+)?% of allocated bytes/.test(x.message)), 120_000);
    const h = compiler(ds).find((x) => x.range.start.line === hotLine - 1)!;
    const c = compiler(ds).find((x) => x.range.start.line === coldLine - 1)!;
    assert.equal(h.severity, 2, 'the hot site is a warning');
    assert.equal(c.severity, 4, `the cold site (package initialisation, before the profile rate applied) is a hint: ${c.message}`);
    assert.doesNotMatch(c.message, / — /);
    const hover = await s.client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: s.client.uri(hot) }, position: h.range.start });
    assert.match(hover.contents.value, /\*\*Profile\*\* \(`mem\.pprof`\): [\d.]+ (B|kB|MB) in [\d,]+ objects allocated here, \d+(\.\d+)?% of allocated bytes/);
    const lenses = await s.client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri: s.client.uri(hot) } });
    const resolved = await Promise.all(lenses.map((l) => s.client!.request<Lens>('codeLens/resolve', l)));
    const titles = resolved.map((l) => l.command?.title ?? '');
    assert.ok(titles.some((t) => /^1 heap allocation · \d+(\.\d+)?% of allocated bytes$/.test(t)), `a lens sums NewPoint: ${JSON.stringify(titles)}`);
  });

  it('measures a benchmark from its lens and shows allocs/op at the line it reached', async () => {
    s.dir = copyFixture(path.join(FIXTURES, 'profile', 'hotcold'));
    const hot = path.join(s.dir, 'hot.go');
    const test = path.join(s.dir, 'hot_test.go');
    const [hotLine] = markedLines(hot, 'profile: hot');
    s.client = await LspClient.start({ rootDir: s.dir, settings: { debounceMs: 50 } });
    s.client.open(hot, fs.readFileSync(hot, 'utf8'));
    s.client.open(test, fs.readFileSync(test, 'utf8'));
    await s.client.waitForDiagnostics(hot, (d) => compiler(d).some((x) => x.range.start.line === hotLine - 1), 120_000);
    const lenses = await s.client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri: s.client.uri(test) } });
    const measure = lenses.find((l) => l.command?.title === 'measure allocations' && l.command.arguments?.[1] === 'BenchmarkHot');
    assert.ok(measure, `a lens over BenchmarkHot: ${JSON.stringify(lenses)}`);
    await s.client.request('workspace/executeCommand', { command: measure!.command!.command, arguments: measure!.command!.arguments });
    const ds = await s.client.waitForDiagnostics(hot, (d) => compiler(d).some((x) => x.range.start.line === hotLine - 1 && /1 alloc\/op, 16 B\/op measured/.test(x.message)), 120_000);
    const h = compiler(ds).find((x) => x.range.start.line === hotLine - 1)!;
    const hover = await s.client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: s.client.uri(hot) }, position: h.range.start });
    assert.match(hover.contents.value, /\*\*Measured\*\* by `BenchmarkHot[^`]*` \([\d,]+ iterations, every allocation sampled\): 1 alloc\/op, 16 B\/op at this line\./);
  });

  it('analyses a library under the default.pgo of the main package that imports it', async () => {
    s.dir = copyFixture(path.join(FIXTURES, 'profile', 'pgo'));
    const lib = path.join(s.dir, 'lib', 'lib.go');
    const [inlined] = markedLines(lib, 'pgo: inlined');
    const [either] = markedLines(lib, 'pgo: escapes either way');
    const text = fs.readFileSync(lib, 'utf8');
    const verdict = async (pgo: string) => {
      s.client = await LspClient.start({ rootDir: s.dir!, settings: { debounceMs: 50, pgo, include: ['moved', 'escapes', 'noescape'] } });
      s.client.open(lib, text);
      // The out-of-line NewAcc allocates either way: its verdict says the run's result is in.
      const ds = await s.client.waitForDiagnostics(lib, (d) => compiler(d).some((x) => x.range.start.line === either - 1 && x.code !== 'unexplained'), 120_000);
      const at = compiler(ds).filter((x) => x.range.start.line === inlined - 1 && /&Acc/.test(x.message)).map((x) => x.message);
      const hover = await s.client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: s.client.uri(lib) }, position: compiler(ds).find((x) => x.range.start.line === either - 1)!.range.start });
      await s.client.stop();
      s.client = undefined;
      return { at, hover: hover?.contents.value ?? '' };
    };
    const under = await verdict('auto');
    assert.deepEqual(under.at, ['&Acc{} does not escape']);
    assert.match(under.hover, /Analysed under profile-guided optimization with `[^`]*cmd\/app\/default\.pgo`/);
    // Without it the call is not inlined, and this line has no copy of &Acc{} to judge.
    const without = await verdict('off');
    assert.deepEqual(without.at, []);
    assert.doesNotMatch(without.hover, /profile-guided/);
  });

  it('compiles while the walk for default.pgo files runs, and shows only the verdicts under the profile it finds', async () => {
    s.dir = copyFixture(path.join(FIXTURES, 'profile', 'pgo'));
    const lib = path.join(s.dir, 'lib', 'lib.go');
    const [inlined] = markedLines(lib, 'pgo: inlined');
    const [either] = markedLines(lib, 'pgo: escapes either way');
    // Each directory read answered 1.5 s late: the first compile starts long before the walk ends.
    const server = slowReaddirs(SERVER, path.join(s.dir, '.readdirs'), 1500);
    s.client = await LspClient.start({ rootDir: s.dir, settings: { debounceMs: 20, include: ['moved', 'escapes', 'noescape'] }, ...server });
    s.client.open(lib, fs.readFileSync(lib, 'utf8'));
    const underProfile = (ds: Diagnostic[]) => compiler(ds).some((x) => x.range.start.line === inlined - 1 && x.message === '&Acc{} does not escape');
    await s.client.waitForDiagnostics(lib, underProfile, 120_000);
    const logs = s.client.notifications.filter((n) => n.method === 'window/logMessage').map((n) => (n.params as { message: string }).message);
    assert.ok(logs.some((m) => /compiled before the look-up for default\.pgo ended, which found .*default\.pgo; compiling again/.test(m)), `the first compile did not wait:\n${logs.join('\n')}`);
    // The result compiled without the profile never reached the editor.
    for (const n of s.client.publishes(lib)) {
      const ds = (n.params as { diagnostics: Diagnostic[] }).diagnostics;
      if (compiler(ds).some((x) => x.range.start.line === either - 1)) assert.ok(underProfile(ds), 'a publish carried the verdicts compiled without the profile');
    }
  });
});
