// Hovers on a real module: gin v1.12.0, fetched from the module proxy into a temporary directory
// at test time. Its root package and render/ are analysed with `-m=2` and annotated as the
// server does; every hover (one per finding, and one per line with several) must show no
// compiler temporary and no path, and the cases the issue names must read as it asks.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_ANALYZE_SETTINGS, analyzePackage } from '../../../server/src/core/compiler/analyze';
import { subjectOf } from '../../../server/src/core/compiler/parseText';
import { isConstantValue } from '../../../server/src/core/explain/noAlloc';
import { annotateFindings } from '../../../server/src/core/explain/annotate';
import { explainFindings } from '../../../server/src/core/explain/classify';
import { GoDependencyReader } from '../../../server/src/core/explain/dependencySources';
import { hoverGroupMarkdown } from '../../../server/src/core/explain/hoverGroup';
import { HoverOptions, hoverMarkdown } from '../../../server/src/core/explain/hoverText';
import { PackageSyntax, parsePackage } from '../../../server/src/core/explain/packageSyntax';
import { buildReasonContext } from '../../../server/src/core/explain/reason';
import { TypeWorld } from '../../../server/src/core/explain/typeWorld';
import { Finding, messageCategory } from '../../../server/src/core/findings';
import { planFixes } from '../../../server/src/core/fixes/actions';
import { GoWorkspace } from '../../../server/src/core/fixes/goWorkspace';
import { moduleSources } from '../../../server/src/core/fixes/sources';
import { PROXY_ENV, fetchModule } from '../../helpers/proxyModule';
import { hasGo, removeDir } from '../../helpers/tempModule';
import { leakedInternals } from './hoverLeaks';

const MODULE = 'github.com/gin-gonic/gin';
const SETTINGS = { ...DEFAULT_ANALYZE_SETTINGS, env: PROXY_ENV };

interface Analysed {
  findings: Finding[];
  opts: HoverOptions;
  pkg: PackageSyntax & { dispose(): void };
}

describe('hovers on gin v1.12.0', function () {
  this.timeout(600_000);
  let root: string | undefined;
  let ws: GoWorkspace | undefined;
  const world = new TypeWorld(new GoDependencyReader(SETTINGS));
  const analysed = new Map<string, Analysed>();

  before(async function () {
    if (!hasGo()) this.skip();
    const fetched = await fetchModule(MODULE, 'v1.12.0');
    if ('error' in fetched) {
      // eslint-disable-next-line no-console
      console.log(`    skipped: ${fetched.error}`);
      this.skip();
    }
    root = fetched.dir;
    ws = await GoWorkspace.create(await moduleSources(path.join(root, 'gin.go'), new Map()));
    // The root package with its tests (context_test.go has thousands of findings), and render/.
    for (const rel of ['.', 'render']) {
      const dir = path.join(root, rel);
      const tests = rel === '.';
      const r = await analyzePackage({ dir, explain: true, tests, settings: SETTINGS });
      assert.equal(r.status, 'ok', r.summary);
      const context = buildReasonContext(r.findings);
      const findings = explainFindings(r.findings, r.goVersion, context);
      const own = (n: string) => n.endsWith('.go') && (tests ? !/^package \w+_test\b/m.test(fs.readFileSync(path.join(dir, n), 'utf8')) : !n.endsWith('_test.go'));
      const texts = new Map(fs.readdirSync(dir).filter(own).map((n) => [path.join(dir, n), fs.readFileSync(path.join(dir, n), 'utf8')]));
      const pkg = await parsePackage(texts);
      await annotateFindings(findings, { pkg, world, compilerOutput: r.stderr, cwd: dir });
      analysed.set(rel, { findings, pkg, opts: { goVersion: r.goVersion, context, pkg, modulePath: MODULE } });
    }
  });
  after(() => {
    for (const a of analysed.values()) a.pkg.dispose();
    ws?.dispose();
    world.dispose();
    if (root) removeDir(root);
  });

  const refused = (f: Finding) => ({ refused: planFixes(ws!, f).refused });
  const inFile = (rel: string, name: string) => analysed.get(rel)!.findings.filter((f) => path.basename(f.file) === name);
  const lineOf = (rel: string, name: string, text: string) => {
    const i = fs.readFileSync(path.join(root!, rel, name), 'utf8').split('\n').findIndex((l) => l.includes(text));
    assert.ok(i >= 0, `${name}: no line with ${text}`);
    return i + 1;
  };

  it('shows no compiler temporary and no path in any hover', function () {
    const bad: string[] = [];
    let hovers = 0;
    for (const [rel, a] of analysed) {
      const byLine = new Map<string, Finding[]>();
      for (const f of a.findings) {
        const md = hoverMarkdown(f, { ...a.opts, ...refused(f) });
        hovers++;
        const leak = leakedInternals(md, [root!]);
        if (leak) bad.push(`${rel}/${path.basename(f.file)}:${f.line} ${f.message}: ${leak}`);
        const k = `${f.file}:${f.line}`;
        byLine.set(k, [...(byLine.get(k) ?? []), f]);
      }
      for (const [k, list] of byLine) {
        if (list.length < 2) continue;
        const leak = leakedInternals(hoverGroupMarkdown(list, a.opts, refused), [root!]);
        hovers++;
        if (leak) bad.push(`${path.basename(k)} (grouped): ${leak}`);
      }
    }
    assert.ok(hovers > 500, `only ${hovers} hovers`);
    assert.deepEqual(bad, []);
  });

  it('says where an inlined callee allocates, in one short hover for the line', function () {
    const line = lineOf('.', 'gin.go', 'return engine.allocateContext(engine.maxParams)');
    const here = inFile('.', 'gin.go').filter((f) => f.line === line && ['moved', 'escapes'].includes(messageCategory(f)));
    assert.ok(here.length >= 5, here.map((f) => f.message).join(', '));
    const md = hoverGroupMarkdown(here, analysed.get('.')!.opts, refused);
    const decl = lineOf('.', 'gin.go', 'v := make(Params, 0, maxParams)');
    assert.ok(md.includes(`In the inlined call to \`allocateContext\` (gin.go:${decl}): \`v\` is moved to the heap`), md);
    assert.ok(md.split('\n').length < 40, `${md.split('\n').length} lines:\n${md}`);
  });

  it('says why no quick fix is offered for a value that holds a lock', function () {
    const line = lineOf('.', 'context.go', 'cp := Context{');
    const cp = inFile('.', 'context.go').find((f) => f.line === line && f.message === 'moved to heap: cp');
    assert.ok(cp, 'no moved to heap: cp');
    const md = hoverMarkdown(cp, { ...analysed.get('.')!.opts, ...refused(cp) });
    assert.ok(md.includes('_Quick fix not offered: Context holds a sync.RWMutex, which must not be copied._'), md);
  });

  it('tells the caller of a standard-library function what it can do', function () {
    const line = lineOf('.', 'context.go', 'var parsedError *Error');
    const f = inFile('.', 'context.go').find((x) => x.line === line && x.message === 'moved to heap: parsedError');
    assert.ok(f, 'no moved to heap: parsedError');
    const md = hoverMarkdown(f, { ...analysed.get('.')!.opts, ...refused(f) });
    assert.ok(md.includes('`errors.As` is in the standard library, so only this call can change'), md);
    assert.ok(!/Change (the callee|`errors\.As`)/.test(md), md);
  });

  it('reads constants and zero-size values in interfaces as no allocation, and labels initialisation', function () {
    const findings = inFile('.', 'context.go');
    const noalloc = findings.filter((f) => f.category === 'noalloc');
    assert.ok(noalloc.length >= 15, `${noalloc.length} noalloc findings`);
    const constants = findings.filter((f) => messageCategory(f) === 'escapes' && isConstantValue(subjectOf(f.message) ?? ''));
    assert.ok(constants.length >= 10, `${constants.length} constants`);
    assert.deepEqual(constants.filter((f) => f.category !== 'noalloc').map((f) => f.message), []);
    const background = findings.filter((f) => f.message === 'context.backgroundCtx{} escapes to heap');
    assert.ok(background.length >= 4 && background.every((f) => f.noAlloc?.kind === 'zero-size'), background.map((f) => f.category).join(', '));
    for (const f of noalloc) {
      const md = hoverMarkdown(f, analysed.get('.')!.opts);
      assert.match(md.split('\n')[0], /no allocation/i, md);
      assert.ok(!/copied to the heap|is allocated on the heap/.test(md), md);
    }
    // context_test.go passes constants ("bar", 200) to assertions all the time.
    const inTests = inFile('.', 'context_test.go').filter((f) => messageCategory(f) === 'escapes' && isConstantValue(subjectOf(f.message) ?? ''));
    assert.ok(inTests.length > 100, `${inTests.length} constants in context_test.go`);
    assert.deepEqual(inTests.filter((f) => f.category !== 'noalloc').map((f) => f.message), []);
    const init = lineOf('.', 'context.go', 'var quoteEscaper = strings.NewReplacer(');
    const once = findings.filter((f) => f.line === init && ['moved', 'escapes'].includes(messageCategory(f)));
    assert.ok(once.length >= 3 && once.every((f) => f.packageInit), 'quoteEscaper findings not labelled as package initialisation');
  });
});
