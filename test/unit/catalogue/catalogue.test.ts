// The catalogue is the one source of rule text: every id has exactly one complete entry, the
// classifier only names ids the catalogue has, and RULES.md is exactly what the catalogue renders.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CATALOGUE, ruleEntry, ruleHref } from '../../../server/src/core/catalogue/catalogue';
import { RuleId } from '../../../server/src/core/catalogue/ids';
import { renderRulesDocument } from '../../../server/src/core/catalogue/renderDoc';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');

describe('rule catalogue', function () {
  it('has exactly one entry per rule id and none without an id', function () {
    const ids = Object.values(RuleId) as string[];
    const entries = CATALOGUE.map((e) => e.id as string);
    assert.deepEqual([...entries].sort(), [...ids].sort());
    assert.equal(new Set(entries).size, entries.length, 'duplicate entries');
  });

  it('fills every field an entry is rendered from', function () {
    for (const e of CATALOGUE) {
      for (const field of ['title', 'summary', 'avoid', 'notWorthIt', 'articleSection'] as const) {
        assert.ok(e[field].trim().length > 0, `${e.id}: empty ${field}`);
      }
      assert.ok(e.links.length > 0, `${e.id}: no links`);
      for (const l of e.links) assert.match(l.href, /^https:\/\//, `${e.id}: ${l.href}`);
      for (const id of e.seeAlso ?? []) assert.ok(ruleEntry(id), `${e.id}: seeAlso ${id} is not in the catalogue`);
      if (e.kind === 'cause') assert.ok(e.compilerPrints.length > 0, `${e.id}: a cause shows what the compiler prints`);
    }
  });

  it('links the Go FAQ and the GC guide where the issue asks for them', function () {
    const hrefs = CATALOGUE.flatMap((e) => e.links.map((l) => l.href));
    assert.ok(hrefs.includes('https://go.dev/doc/faq#stack_or_heap'));
    assert.ok(hrefs.some((h) => h.startsWith('https://go.dev/doc/gc-guide')));
  });

  it('builds section links from a configurable base', function () {
    assert.equal(ruleHref('too-large'), 'RULES.md#too-large');
    assert.equal(ruleHref('too-large', 'https://example.invalid/RULES.md'), 'https://example.invalid/RULES.md#too-large');
  });

  it('names only catalogue ids in the classifier and the explanation code', function () {
    const dir = path.join(REPO, 'server', 'src', 'core', 'explain');
    const used = new Set<string>();
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      for (const m of fs.readFileSync(path.join(dir, name), 'utf8').matchAll(/RuleId\.(\w+)/g)) used.add(m[1]);
    }
    assert.ok(used.size >= 10, `found only ${[...used].join(', ')}`);
    for (const key of used) {
      const id = (RuleId as Record<string, string>)[key];
      assert.ok(id, `RuleId.${key} does not exist`);
      assert.ok(ruleEntry(id), `RuleId.${key} (${id}) has no catalogue entry`);
    }
  });

  it('RULES.md is up to date with the catalogue (run `npm run rules-doc`)', function () {
    const current = fs.readFileSync(path.join(REPO, 'RULES.md'), 'utf8');
    assert.equal(current, renderRulesDocument());
  });

  it('RULES.md has one stable anchor per rule', function () {
    const doc = renderRulesDocument();
    for (const e of CATALOGUE) {
      const anchors = doc.split(`<a id="${e.id}"></a>`).length - 1;
      assert.equal(anchors, 1, `${e.id}: ${anchors} anchors`);
    }
  });
});
