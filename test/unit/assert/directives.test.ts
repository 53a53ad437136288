// What scanDirectives finds in small sources: which line each directive covers, where its word
// is written (byte columns), function directives, and unknown or misplaced ones.
import * as assert from 'node:assert/strict';
import { scanDirectives } from '../../../server/src/core/assert/directives';
import { useGoParser } from '../../helpers/goParser';

/** A one-line summary per directive: `kind covered-line:column @word-line:column-endColumn`. */
function summary(parser: ReturnType<typeof useGoParser>['parser'], text: string): string[] {
  const tree = parser.parse(text)!;
  try {
    const d = scanDirectives('/m/a.go', text, tree);
    const at = (a: { line: number; column: number; endColumn: number }) => `@${a.line}:${a.column}-${a.endColumn}`;
    return [
      ...d.lines.map((l) => `${l.kind} ${l.line}:${l.column} ${at(l.at)}`),
      ...d.functions.map((f) => `${f.kind} func ${f.name} ${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${at(f.at)}`),
      ...d.bad.map((b) => `${b.directive} "${b.message}" ${at(b.at)} covers ${b.covered?.line}`),
    ];
  } finally {
    tree.delete();
  }
}

describe('directives', function () {
  const s = useGoParser();
  const cases: [string, string, string[]][] = [
    [
      'comma lists above and trailing, each word with its columns',
      'package p\n\nfunc f(s []int) int {\n\t//gcassert:bce,inline\n\tx := g(s[0])\n\ty := s[1] //gcassert:bce\n\treturn x + y\n}\n',
      ['bce 5:2 @4:13-16', 'inline 5:2 @4:17-23', 'bce 6:2 @6:23-26'],
    ],
    [
      'byte columns after non-ASCII text, and the spaced form',
      'package p\n\nfunc f(s []string) string {\n\tv := "«ü»" // gcassert:noescape\n\treturn v\n}\n',
      ['noescape 4:2 @4:28-36'],
    ],
    [
      'a comment group: every comment in it applies to the code after it',
      'package p\n\nfunc f() {\n\t// Hot path.\n\t//gcassert:bce\n\t//gcassert:inline\n\tg()\n}\n',
      ['bce 7:2 @5:13-16', 'inline 7:2 @6:13-19'],
    ],
    [
      'inline on a function is about its calls; noescape on it is about its signature line',
      'package p\n\n//gcassert:inline\nfunc f(a int) int { return a }\n\n//gcassert:noescape\nfunc (t *T) m(\n\t//gcassert:noescape\n\tb int,\n) {}\n',
      ['noescape 7:1 @6:12-20', 'noescape 9:2 @8:13-21', 'inline func f 4:1-4:31 @3:12-18'],
    ],
    [
      'noheap on a function, written as gofmt leaves it in a doc comment',
      'package p\n\n// F does not allocate.\n//\n// go-escape:noheap\nfunc F() {\n}\n',
      ['noheap func F 6:1-7:2 @5:14-20'],
    ],
    [
      'unknown words, an empty word after a trailing comma, and a misplaced noheap',
      'package p\n\n//gcassert:inlined\nfunc f() {}\n\nvar x = 1 //gcassert:bce,\n\nvar y = 2 //go-escape:noheap\n\n//go-escape:noalloc\nfunc g() {}\n',
      ['bce 6:1 @6:22-25', 'unknown "unknown directive "inlined"" @3:12-19 covers 4', 'unknown "unknown directive """ @6:26-26 covers 6', 'noheap "//go-escape:noheap must be on a function declaration" @8:23-29 covers 8', 'unknown "unknown directive "noalloc" (go-escape knows noheap)" @10:13-20 covers 11'],
    ],
    [
      'prose that contains the pattern counts, as in gcassert',
      'package p\n\n// Use //gcassert:inline on small helpers.\nfunc f() {}\n',
      ['inline func f 4:1-4:12 @3:19-25'],
    ],
    [
      'a directive before an empty line belongs to the statement above it (go/ast)',
      'package p\n\nfunc f(s []int) int {\n\ta := s[3]\n\t//gcassert:bce\n\n\tb := s[4]\n\treturn a + b\n}\n',
      ['bce 4:2 @5:13-16'],
    ],
    [
      "a directive trailing the file's last declaration is about that declaration",
      'package p\n\nfunc f(s []int) int { return s[1] } //gcassert:bce\n',
      ['bce 3:1 @3:48-51'],
    ],
    ['no directive, nothing to do', 'package p\n\n// gcassert is a tool.\nfunc f() {}\n', []],
  ];
  for (const [name, text, expected] of cases) {
    it(name, function () {
      assert.deepEqual(summary(s.parser, text), expected);
    });
  }
});
