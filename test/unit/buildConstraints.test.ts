// Which files the go command compiles for a configuration: `//go:build` expressions and
// _GOOS/_GOARCH name suffixes, as a table.
import * as assert from 'node:assert/strict';
import { BuildContext, evalBuildExpr, exclusionReason } from '../../server/src/core/compiler/buildConstraints';

const linux: BuildContext = { goos: 'linux', goarch: 'amd64', tags: ['integration'], cgo: true, goMinor: 26 };

describe('build constraints', () => {
  const exprs: [string, boolean][] = [
    ['linux', true], ['windows', false], ['!windows', true], ['linux && amd64', true], ['linux && arm64', false],
    ['darwin || linux', true], ['unix', true], ['integration', true], ['!integration', false], ['go1.21', true],
    ['go1.99', false], ['(windows || plan9) && !cgo', false], ['ignore', false], ['cgo && gc', true],
  ];
  for (const [expr, want] of exprs) {
    it(`//go:build ${expr} is ${want} on linux/amd64 with -tags=integration`, () => assert.equal(evalBuildExpr(expr, linux), want));
  }

  const files: [string, string, boolean][] = [
    ['/p/a.go', 'package p\n', false],
    ['/p/a_windows.go', 'package p\n', true],
    ['/p/a_linux_arm64.go', 'package p\n', true],
    ['/p/a_linux_amd64.go', 'package p\n', false],
    ['/p/a_test.go', 'package p\n', false],
    ['/p/_skip.go', 'package p\n', true],
    ['/p/b.go', '// Copyright\n\n//go:build windows\n\npackage p\n', true],
    ['/p/c.go', 'package p\n\n//go:build windows\n', false],
  ];
  for (const [file, text, excluded] of files) {
    it(`${file} ${excluded ? 'is left out' : 'is compiled'}`, () => assert.equal(exclusionReason(file, text, linux) !== undefined, excluded));
  }
});
