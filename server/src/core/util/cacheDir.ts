// Where go-escape keeps caches between sessions.
import * as os from 'node:os';
import * as path from 'node:path';

/** `$XDG_CACHE_HOME/go-escape/<sub>`, or `~/.cache/go-escape/<sub>`. */
export function userCacheDir(...sub: string[]): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'go-escape', ...sub);
}
