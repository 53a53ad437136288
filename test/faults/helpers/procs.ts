// Facts about processes from /proc (Linux): who is whose child, what each one runs, and
// whether a pid is still alive. Fault tests use them to count go runs and find orphans.
import * as fs from 'node:fs';

export interface ProcInfo {
  pid: number;
  ppid: number;
  /** argv, split at NUL bytes. */
  argv: string[];
}

function readProc(pid: number): ProcInfo | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name sits in parentheses and may contain spaces: read fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return undefined; // A zombie has ended; only its exit status is left.
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a, i, all) => a !== '' || i < all.length - 1);
    return { pid, ppid: Number(fields[1]), argv };
  } catch {
    return undefined;
  }
}

export function allProcesses(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const p = readProc(Number(name));
    if (p) out.push(p);
  }
  return out;
}

/** Every live process below `pid` (children, grandchildren, ...). */
export function descendantsOf(pid: number, procs = allProcesses()): ProcInfo[] {
  const byParent = new Map<number, ProcInfo[]>();
  for (const p of procs) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const out: ProcInfo[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const c of byParent.get(queue.shift()!) ?? []) {
      out.push(c);
      queue.push(c.pid);
    }
  }
  return out;
}

/** True for a go command line that compiles (`list -export`, `build`, `test`), not `go env`. */
export function isGoBuild(p: ProcInfo): boolean {
  const exe = p.argv[0] ?? '';
  return /(^|\/)go$/.test(exe) && (p.argv[1] === 'build' || p.argv[1] === 'test' || (p.argv[1] === 'list' && p.argv.includes('-export')));
}

export function isAlive(pid: number): boolean {
  return readProc(pid) !== undefined;
}

/** Polls until `pred` holds; returns false when `timeoutMs` passes first. */
export async function pollUntil(pred: () => boolean, timeoutMs: number, everyMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (pred()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
