// Hovers over LSP for every rule fixture: each diagnostic a fixture expects (unguarded
// `// ERROR "..." rule:<id>` clauses) arrives with its rule as the code, and its hover holds the
// rule's title, the chain ("Why"), and links (the rule section and the chain's positions). The
// server also marks verdicts that allocate nothing at run time (category noalloc): a clause whose
// phrases say so arrives as no-allocation, under the noalloc category this test includes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ruleEntry } from '../../server/src/core/catalogue/catalogue';
import { hasInternalNames } from '../../server/src/core/explain/sourceText';
import { parseExpectations } from '../integration/rules/expectations';
import { Diagnostic, LspClient } from '../helpers/lspClient';
import { FIXTURES, hasGo, makeModule, removeDir } from '../helpers/tempModule';

const RULES_DIR = path.join(FIXTURES, 'rules');

describe('LSP: hovers on the rule fixtures', function () {
  this.timeout(300000);
  let dir: string;
  let client: LspClient;

  before(async function () {
    if (!hasGo()) this.skip();
    const files: Record<string, string> = {};
    for (const f of fs.readdirSync(RULES_DIR)) if (f.endsWith('.go')) files[f] = fs.readFileSync(path.join(RULES_DIR, f), 'utf8');
    dir = makeModule(files, 'example.com/rules');
    client = await LspClient.start({ rootDir: dir, settings: { debounceMs: 50, include: ['moved', 'escapes', 'leak', 'noescape', 'noalloc'] } });
  });

  after(async () => {
    await client?.stop();
    if (dir) removeDir(dir);
  });

  for (const name of fs.readdirSync(RULES_DIR).filter((f) => f.endsWith('.go')).sort()) {
    const expected = parseExpectations(name, fs.readFileSync(path.join(RULES_DIR, name), 'utf8'))
      .flatMap((l) => l.clauses)
      .filter((c) => c.guards.length === 0 && c.rule);
    if (expected.length === 0) continue;
    it(name, async () => {
      const file = path.join(dir, name);
      client.open(file, fs.readFileSync(file, 'utf8'));
      const ruleOf = (c: (typeof expected)[number]) => (c.phrases.some((p) => /nothing is allocated/.test(p)) ? 'no-allocation' : c.rule);
      const matches = (ds: Diagnostic[], c: (typeof expected)[number]) =>
        ds.find((d) => d.range.start.line === c.line - 1 && d.data?.origin === 'compiler' && d.code === ruleOf(c) && new RegExp(c.message).test(d.message));
      const ds = await client.waitForDiagnostics(file, (d) => expected.every((c) => matches(d, c)), 120000);
      let positionLinks = 0;
      for (const c of expected) {
        const d = matches(ds, c)!;
        const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: client.uri(file) }, position: d.range.start });
        assert.ok(hover, `${name}:${c.line}: no hover`);
        const md = hover!.contents.value;
        const rule = ruleOf(c)!;
        const entry = ruleEntry(rule)!;
        assert.ok(md.includes(entry.title), `${name}:${c.line}: hover lacks the title "${entry.title}":\n${md}`);
        assert.ok(md.includes(`RULES.md#${rule}`), `${name}:${c.line}: hover lacks the rule link:\n${md}`);
        // A message naming compiler temporaries (`~r0`) is shown with them as source or words instead.
        assert.ok(md.includes(d.message) || hasInternalNames(d.message), `${name}:${c.line}: hover lacks the compiler's message`);
        if (d.data?.category === 'moved' || d.data?.category === 'escapes') {
          assert.match(md, /\*\*Why\*\*/, `${name}:${c.line}: hover lacks the chain:\n${md}`);
        }
        if (/\]\(file:[^)]*#L\d+,\d+\)/.test(md)) positionLinks++;
      }
      if (expected.some((c) => !/does not escape|leaking param/.test(c.message))) {
        assert.ok(positionLinks > 0, `${name}: no hover links a chain step to its position`);
      }
      client.close(file);
    });
  }
});
