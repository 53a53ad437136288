// `node scripts/bench-assert.mjs [--rounds N]` (after `npm run build`): what `go-escape check`
// costs on a real module, gin v1.12.0 from the Go module proxy copied into a temporary directory
// with a file of assertions added to its root package (a function under `//gcassert:inline`,
// `//gcassert:bce`, `//gcassert:noescape` that fails, `//go-escape:noheap`). Each round makes the
// same kind of change (a new constant in the root package), then runs, alternating which goes
// first: `go-escape check ./...`, a bare `go build -gcflags=-m ./...`, and the check on the same
// module without its assertion file. Prints medians and the median of paired ratios.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median } from './bench/stats.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const i = process.argv.indexOf('--rounds');
const ROUNDS = i >= 0 ? Number(process.argv[i + 1]) : 7;
const MODULE = 'github.com/gin-gonic/gin@v1.12.0';
const env = { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: process.env.GOPROXY || 'https://proxy.golang.org', GOTOOLCHAIN: 'local' };

const ASSERTIONS = `package gin

//gcassert:inline
func benchSmall(n int) int { return n + 1 }

func benchUse(s []int) *int {
	//gcassert:bce
	x := benchSmall(s[0])
	//gcassert:noescape
	y := x
	return &y
}

// go-escape:noheap
func benchNoHeap(s []int) int {
	t := 0
	for i := range s {
		t += benchSmall(s[i])
	}
	return t
}
`;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-bench-assert-'));
try {
  const src = JSON.parse(execFileSync('go', ['mod', 'download', '-json', MODULE], { cwd: work, env, encoding: 'utf8' })).Dir;
  const dir = path.join(work, 'gin');
  fs.cpSync(src, dir, { recursive: true });
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) fs.chmodSync(path.join(e.parentPath, e.name), e.isDirectory() ? 0o755 : 0o644);
  execFileSync('go', ['mod', 'download'], { cwd: dir, env });
  const assertFile = path.join(dir, 'zz_assertions.go');
  const editFile = path.join(dir, 'zz_edit.go');
  let edit = 0;
  const change = () => fs.writeFileSync(editFile, `package gin\n\nconst benchEdit${++edit} = ${edit}\n`);
  const time = (cmd, args, ok) => {
    change();
    const t = performance.now();
    const r = spawnSync(cmd, args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 30 });
    const d = performance.now() - t;
    if (!ok(r.status)) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n${r.stderr.slice(0, 2000)}`);
    return d;
  };
  const check = () => time(process.execPath, [CLI, 'check', './...'], (s) => s === 1);
  const bare = () => time('go', ['build', '-gcflags=-m', './...'], (s) => s === 0);
  const checkNone = () => {
    fs.rmSync(assertFile, { force: true });
    try {
      return time(process.execPath, [CLI, 'check', './...'], (s) => s === 0);
    } finally {
      fs.writeFileSync(assertFile, ASSERTIONS);
    }
  };
  fs.writeFileSync(assertFile, ASSERTIONS);
  // Warm the cache for every flag set once.
  check(); bare(); checkNone();
  const rows = { check: [], bare: [], none: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? ['check', 'bare', 'none'] : ['none', 'bare', 'check'];
    for (const k of order) rows[k].push(k === 'check' ? check() : k === 'bare' ? bare() : checkNone());
  }
  const ratios = rows.check.map((c, j) => c / rows.bare[j]);
  const fmt = (xs) => `median ${Math.round(median(xs))} ms (range ${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))})`;
  console.log(`gin v1.12.0, ${ROUNDS} rounds, go ${execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim()}`);
  console.log(`go-escape check ./... (assertions, one fails):  ${fmt(rows.check)}`);
  console.log(`go build -gcflags=-m ./...:                     ${fmt(rows.bare)}`);
  console.log(`go-escape check ./... without assertions:       ${fmt(rows.none)}`);
  console.log(`check / bare, median of paired ratios:          ${median(ratios).toFixed(2)}x`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
