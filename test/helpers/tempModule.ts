// Temporary Go modules for tests: a private directory with files, removed afterwards.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';

export function makeModule(files: Record<string, string>, modulePath = 'example.com/m'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-test-')));
  const all = { 'go.mod': `module ${modulePath}\n\ngo 1.21\n`, ...files };
  for (const [name, text] of Object.entries(all)) {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  return dir;
}

export function copyFixture(fixtureDir: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-test-')));
  fs.cpSync(fixtureDir, dir, { recursive: true });
  return dir;
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** True when a go toolchain can be run; tests that need one skip with a message otherwise. */
export function hasGo(): boolean {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures');
