// The DependencyReader over the go command and the file system: `go list -deps -test` names
// the packages a package and its tests depend on with the files their build uses (build tags
// and GOOS/GOARCH applied), in GOROOT/src or the module cache; the files are then read from
// disk. The list is asked for once per package directory and only when a finding needs a
// dependency's type.
import * as fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AnalyzeSettings } from '../compiler/analyze';
import { runGoCommand } from '../compiler/goCommand';
import { goCommandEnv } from '../compiler/goEnv';
import type { DependencyPackage, DependencyReader } from './typeWorld';

const FORMAT = '{{.ImportPath}}\t{{.Name}}\t{{.Dir}}\t{{join .GoFiles "\\t"}}';

/** Parses the lines `go list -deps -f FORMAT` prints. */
export function parseDependencyList(stdout: string): DependencyPackage[] {
  const out: DependencyPackage[] = [];
  for (const line of stdout.split('\n')) {
    const [importPath, name, dir, ...files] = line.split('\t');
    // Test variants (`p [p.test]`) repeat a package; the plain entry is the one imports name.
    if (!importPath || !name || !dir || importPath.includes(' ')) continue;
    out.push({ importPath, name, files: files.filter(Boolean).map((f) => path.join(dir, f)) });
  }
  return out;
}

export class GoDependencyReader implements DependencyReader {
  private readonly lists = new Map<string, Promise<DependencyPackage[]>>();

  constructor(private readonly settings: AnalyzeSettings) {}

  dependencies(dir: string, signal?: AbortSignal): Promise<DependencyPackage[]> {
    let list = this.lists.get(dir);
    if (!list) {
      list = this.list(dir, signal);
      this.lists.set(dir, list);
      // A cancelled or failed listing is asked for again next time.
      list.catch(() => this.lists.delete(dir));
    }
    return list;
  }

  private async list(dir: string, signal?: AbortSignal): Promise<DependencyPackage[]> {
    const r = await runGoCommand({
      goBinary: this.settings.goBinary,
      args: ['list', '-deps', '-test', ...this.settings.buildFlags, '-f', FORMAT, '.'],
      cwd: dir,
      env: goCommandEnv(this.settings),
      signal,
      timeoutMs: this.settings.timeoutMs,
    });
    if (r.outcome !== 'exited') throw new Error(`go list -deps: ${r.outcome}${r.error ? `: ${r.error}` : ''}`);
    // With an error in one package go list still lists the others; those are what is used.
    return parseDependencyList(r.stdout);
  }

  async readFile(file: string): Promise<string | undefined> {
    return fs.readFile(file, 'utf8').catch(() => undefined);
  }

  readFileNow(file: string): string | undefined {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  }
}
