// Fake `go` commands for fault tests: small executable shell scripts (the server still starts
// them without a shell; the kernel runs the script's interpreter from its shebang). Each one
// records its arguments and its pid, then misbehaves in one particular way.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type FakeKind =
  /** Records the call, waits 0.2 s and fails, printing nothing useful. */
  | 'record'
  /** Prints bytes that are not compiler output, on both streams, and exits with status 3. */
  | 'garbage'
  /** Answers `go env GOVERSION`; any other command sleeps for ten minutes in a child process. */
  | 'hang'
  /** Answers `go env GOVERSION`; any other command waits two seconds, then runs the real go. */
  | 'slow-real'
  /** Records the call and runs the real go with the same arguments. */
  | 'passthrough';

export interface FakeGo {
  dir: string;
  /** The fake's path, a file named `go`. */
  bin: string;
  /** Argument lists of every call, in order. */
  calls(): string[][];
  /** Every call with the directory it ran in, in order. */
  invocations(): { cwd: string; args: string[] }[];
  /** Pids of every fake process and of the children it started. */
  pids(): number[];
  remove(): void;
}

/**
 * True for a recorded call that is an analysis run of the server: `go list -export` (what the
 * server compiles with), or `go build` / `go test` (fix verification, package facts).
 */
export function isAnalysisCall(args: string[]): boolean {
  return args[0] === 'build' || args[0] === 'test' || (args[0] === 'list' && args.includes('-export'));
}

/** The real go binary, resolved once from PATH. */
export function realGo(): string {
  return execFileSync('sh', ['-c', 'command -v go'], { encoding: 'utf8' }).trim();
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function writeFakeGo(kind: FakeKind): FakeGo {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-fakego-')));
  const bin = path.join(dir, 'go');
  const callLog = path.join(dir, 'calls.log');
  const pidLog = path.join(dir, 'pids.log');
  const invocationLog = path.join(dir, 'invocations.log');
  const version = `if [ "$1" = env ] && [ "$2" = GOVERSION ]; then echo go1.26-fake; exit 0; fi\n`;
  const body: Record<FakeKind, string> = {
    // It lives a moment, as a real go does, so that a sampler of the server's children sees it.
    record: 'sleep 0.2\necho "fake go: not a toolchain" >&2\nexit 1\n',
    garbage: "printf '\\377\\376\\001garbage \\033[31m out\\n::::\\n' \nprintf '\\000\\001 binary\\nnot: a: compiler: message\\n' >&2\nexit 3\n",
    hang: `${version}sleep 600 &\necho $! >> ${q(pidLog)}\nwait\n`,
    'slow-real': `if [ "$1" = env ]; then exec ${q(realGo())} "$@"; fi\nsleep 2\nexec ${q(realGo())} "$@"\n`,
    passthrough: `exec ${q(realGo())} "$@"\n`,
  };
  const script = [
    '#!/bin/sh',
    `echo $$ >> ${q(pidLog)}`,
    // The directory and the arguments, tab-separated, in one write so that concurrent calls do not interleave.
    `line="$(pwd)"; for a in "$@"; do line="$line$(printf '\t')$a"; done; printf '%s\n' "$line" >> ${q(invocationLog)}`,
    // One line per call: the arguments separated by NUL-free tabs, so they can be compared exactly.
    `(for a in "$@"; do printf '%s\\t' "$a"; done; echo) >> ${q(callLog)}`,
    body[kind],
  ].join('\n');
  fs.writeFileSync(bin, script, { mode: 0o755 });
  const lines = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8').split('\n').filter((l) => l !== '') : []);
  return {
    dir,
    bin,
    calls: () => lines(callLog).map((l) => l.replace(/\t$/, '').split('\t')),
    invocations: () => lines(invocationLog).map((l) => {
      const [cwd, ...args] = l.split('\t');
      return { cwd, args };
    }),
    pids: () => lines(pidLog).map(Number),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
