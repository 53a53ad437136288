// Unsaved buffers reach the go command through `-overlay`: each dirty file is written to a
// private temporary directory and mapped over its real path. The directory is removed when the
// run ends, whatever happens.
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Overlay {
  /** Path of the overlay JSON to pass as `-overlay=...`, or undefined when nothing is dirty. */
  configPath?: string;
  /** Replacement file path to real path, for output that names replacements (go1.19). */
  reverse: Map<string, string>;
  dispose(): Promise<void>;
}

const PREFIX = 'go-escape-';

/** Overlay directories not yet removed; an exit in the middle of a run removes them too. */
const live = new Set<string>();
let exitHookInstalled = false;

function track(dir: string): void {
  live.add(dir);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const d of live) fs.rmSync(d, { recursive: true, force: true });
  });
}

/** Writes `files` (real absolute path to buffer text) into a fresh private directory. */
export async function createOverlay(files: ReadonlyMap<string, string>): Promise<Overlay> {
  const reverse = new Map<string, string>();
  if (files.size === 0) return { reverse, dispose: async () => {} };
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), PREFIX));
  track(dir);
  const dispose = () => fsp.rm(dir, { recursive: true, force: true }).then(() => {
    live.delete(dir);
  });
  try {
    await fsp.chmod(dir, 0o700);
    const replace: Record<string, string> = {};
    let i = 0;
    for (const [real, text] of files) {
      const repl = path.join(dir, `${i++}-${path.basename(real)}`);
      await fsp.writeFile(repl, text, { mode: 0o600 });
      replace[real] = repl;
      reverse.set(repl, real);
    }
    const configPath = path.join(dir, 'overlay.json');
    await fsp.writeFile(configPath, JSON.stringify({ Replace: replace }), { mode: 0o600 });
    return { configPath, reverse, dispose };
  } catch (e) {
    await dispose();
    throw e;
  }
}

/**
 * `text` (the go command's output) with every replacement file named by its real path:
 * everything that reads the output (findings, errors, what the predictor learns about
 * parameters, the log, the status) must see the user's files. go1.19 names replacements in all
 * output; later releases still do in type-check and syntax errors, relative to `cwd`, the
 * directory the go command ran in (`../../tmp/go-escape-x/0-main.go:3:2: ...`).
 */
export function withOriginalPaths(text: string, reverse: ReadonlyMap<string, string>, cwd?: string): string {
  let out = text;
  for (const [repl, real] of reverse) {
    // The relative form ends with the absolute one, so it goes first.
    const rel = cwd === undefined ? undefined : path.relative(cwd, repl);
    if (rel && out.includes(rel)) out = out.split(rel).join(real);
    if (out.includes(repl)) out = out.split(repl).join(real);
  }
  return out;
}
