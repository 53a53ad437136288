// commentMap.ts replays go/ast.NewCommentMap on tree-sitter; gcassert decides what a directive is
// about through that map. The Go tool in test/fixtures/assert/commentmap prints go/ast's own
// associations: both must agree on every comment group of code nobody here wrote (modules from
// the Go module proxy, the standard library) and of this repository's assertion fixtures.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { commentMapLines } from '../../helpers/commentMapLines';
import { useGoParser } from '../../helpers/goParser';
import { goFilesUnder, moduleCacheDir } from '../../helpers/proxyModule';
import { FIXTURES, hasGo } from '../../helpers/tempModule';

const TOOL = path.join(FIXTURES, 'assert', 'commentmap');

function goAst(files: string[]): string[] {
  const out = execFileSync('go', ['run', '.', ...files], { cwd: TOOL, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' } });
  return out.trim().split('\n').filter(Boolean).sort();
}

describe('comment groups are associated as go/ast does', function () {
  this.timeout(600000);
  const s = useGoParser();
  before(function () {
    if (!hasGo()) this.skip();
  });

  const goroot = () => execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  const corpora: [string, () => string[]][] = [
    ['the assertion fixtures', () => goFilesUnder(path.join(FIXTURES, 'assert'))],
    ['gcassert', () => goFilesUnder(moduleCacheDir('github.com/jordanlewis/gcassert@v0.0.0-20250430164644-389ef753e22e'))],
    ['gin', () => goFilesUnder(moduleCacheDir('github.com/gin-gonic/gin@v1.12.0'), { skipTestdata: true })],
    ['zap', () => goFilesUnder(moduleCacheDir('go.uber.org/zap@v1.28.0'), { skipTestdata: true })],
    ['go/types and net/http', () => ['go/types', 'net/http'].flatMap((p) => goFilesUnder(path.join(goroot(), 'src', p), { skipTestdata: true }))],
  ];
  for (const [name, files] of corpora) {
    it(name, function () {
      const list = files();
      const expected = goAst(list);
      assert.ok(expected.length > 0);
      const actual = list.flatMap((f) => commentMapLines(s.parser, f)).sort();
      const [want, got] = [new Set(expected), new Set(actual)];
      const missing = expected.filter((l) => !got.has(l));
      const extra = actual.filter((l) => !want.has(l));
      assert.deepEqual({ missing: missing.slice(0, 20), extra: extra.slice(0, 20) }, { missing: [], extra: [] }, `${expected.length} groups in ${list.length} files`);
    });
  }
});
