// Keeps fixed files gofmt-formatted. Edits are planned as small token changes, but a changed
// line length can break gofmt's alignment of trailing comments and struct fields nearby. So
// the fixed text is run through gofmt and the result is turned back into minimal edits.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { runGoCommand } from '../compiler/goCommand';
import { goCommandEnv } from '../compiler/goEnv';
import { applyEdits, editsByFile, type FileEdit } from './edits';
import type { VerifySettings } from './verify';

/** The gofmt next to the configured go binary, or the one on PATH. */
export function gofmtBinary(goBinary: string): string {
  return goBinary.includes(path.sep) ? path.join(path.dirname(goBinary), 'gofmt') : 'gofmt';
}

/**
 * The edits with gofmt's layout applied to every edited file that was gofmt-clean before.
 * Files that were not formatted before keep the raw edits, so that the fix never reformats
 * code it did not touch; when gofmt cannot run the raw edits are returned too.
 */
export async function formatEdits(sources: ReadonlyMap<string, string>, edits: readonly FileEdit[], settings: VerifySettings, signal?: AbortSignal): Promise<FileEdit[]> {
  const byFile = editsByFile(edits);
  const inputs: string[] = [];
  for (const [file, list] of byFile) inputs.push(sources.get(file) ?? '', applyEdits(sources.get(file) ?? '', list));
  const formatted = await gofmtTexts(inputs, settings, signal);
  if (!formatted) return [...edits];
  const out: FileEdit[] = [];
  let i = 0;
  for (const [file, list] of byFile) {
    const original = sources.get(file) ?? '';
    const [fmtOriginal, fmtEdited] = [formatted[i], formatted[i + 1]];
    i += 2;
    if (fmtOriginal !== original || fmtEdited === undefined) out.push(...list);
    else out.push(...diffToEdits(file, original, fmtEdited));
  }
  return out;
}

/** Formats texts with one gofmt run; undefined when gofmt is unavailable or fails. */
async function gofmtTexts(texts: string[], settings: VerifySettings, signal?: AbortSignal): Promise<(string | undefined)[] | undefined> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'go-escape-fmt-'));
  try {
    const files = texts.map((_, i) => path.join(dir, `${i}.go`));
    await Promise.all(texts.map((t, i) => fs.writeFile(files[i], t, { mode: 0o600 })));
    // -w rewrites the copies in place; a file that does not parse is left as it is and reported.
    const r = await runGoCommand({ goBinary: gofmtBinary(settings.goBinary), args: ['-w', ...files], cwd: dir, env: goCommandEnv(settings), signal, timeoutMs: settings.timeoutMs });
    if (r.outcome !== 'exited') return undefined;
    const failed = new Set(files.filter((f) => r.stderr.includes(f)));
    return Promise.all(files.map(async (f) => (failed.has(f) ? undefined : fs.readFile(f, 'utf8'))));
  } finally {
    await fs.rm(dir, { recursive: true, force: true }).catch(() => {});
  }
}

/**
 * Minimal edits that turn `a` into `b`. When both have the same number of lines (what token
 * edits and alignment changes produce), each changed line gets one edit trimmed to the part
 * that differs; otherwise one edit spans from the first to the last difference.
 */
export function diffToEdits(file: string, a: string, b: string): FileEdit[] {
  const la = a.split('\n');
  const lb = b.split('\n');
  if (la.length !== lb.length) return [trimmedEdit(file, a, b, 0)];
  const out: FileEdit[] = [];
  let offset = 0;
  for (let i = 0; i < la.length; i++) {
    if (la[i] !== lb[i]) out.push(trimmedEdit(file, la[i], lb[i], offset));
    offset += la[i].length + 1;
  }
  return out;
}

function trimmedEdit(file: string, a: string, b: string, base: number): FileEdit {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return { file, startOffset: base + start, endOffset: base + endA, newText: b.slice(start, endB) };
}
