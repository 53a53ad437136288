// Process facts from /proc (Linux): children of a process, memory, and waiting until a server
// has no child process left (its compiler runs are over).
import * as fs from 'node:fs';

/**
 * Pids whose parent is `pid`, leaving out long-lived helpers that are not work (gopls keeps a
 * `gopls ** telemetry **` child for its whole life).
 */
export function childrenOf(pid) {
  const out = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name is in parentheses and may contain spaces: read fields after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== pid || fields[0] === 'Z') continue;
      if (fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('** telemetry **')) continue;
      out.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/** `VmRSS` and `VmHWM` of a process, in MiB. */
export function memoryOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 };
}

/** Resolves once `pid` has had no child process for `quietMs` (or after `timeoutMs`). */
export async function waitNoChildren(pid, quietMs = 300, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  let since = Date.now();
  while (Date.now() < deadline) {
    if (childrenOf(pid).length > 0) since = Date.now();
    else if (Date.now() - since >= quietMs) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  console.error(`  (pid ${pid} still had child processes after ${timeoutMs} ms: ${childrenOf(pid).join(' ')})`);
  return false;
}
