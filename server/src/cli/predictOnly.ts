// `go-escape --predict`: the tree-sitter predictor alone, for machines without a Go toolchain.
// Predicts every non-test .go file of each matched directory (or the named files) with the same
// output format as compiler findings. Without a go command there is no package loader, so only
// directories (`./...` walks them as the go command does) and files are understood.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Finding, compareFindings } from '../core/findings';
import type { RunGroup } from '../core/compiler/patterns';
import { buildContext } from '../core/compiler/buildConstraints';
import { PackageModel } from '../core/predict/declarations/packageModel';
import { declaredPackage, packageFilesOnDisk } from '../core/predict/declarations/packageSources';
import { dependencyFacts } from '../core/predict/facts/dependencyFacts';
import { PredictionCache, predictFile } from '../core/predict/predictor';
import { importedPackages } from '../core/treesitter/declarations';
import { createGoParser } from '../core/treesitter/parser';
import { userCacheDir } from '../core/util/cacheDir';
import { UsageError } from './flags';

export async function predictTargets(groups: readonly RunGroup[], tests: boolean, goVersion?: string): Promise<Finding[]> {
  const files: string[] = [];
  for (const g of groups) {
    if (g.files) {
      files.push(...g.targets.map((t) => path.resolve(g.cwd, t)));
      continue;
    }
    for (const t of g.targets) {
      if (t !== '.' && !t.startsWith('./')) throw new UsageError(`--predict takes directories and files, not import paths (${t})`);
      const recursive = t.endsWith('/...');
      const dir = path.resolve(g.cwd, recursive ? t.slice(0, -4) : t);
      for (const d of recursive ? walk(dir) : [dir]) files.push(...goFiles(d, tests));
    }
  }
  return predictFiles([...new Set(files)], goVersion);
}

/** Directories below `dir` as `./...` matches them: no testdata, vendor, hidden or _ directories, no nested modules. */
function walk(dir: string): string[] {
  const out = [dir];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || /^[._]/.test(e.name) || e.name === 'testdata' || e.name === 'vendor') continue;
    const sub = path.join(dir, e.name);
    if (!fs.existsSync(path.join(sub, 'go.mod'))) out.push(...walk(sub));
  }
  return out;
}

function goFiles(dir: string, tests: boolean): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.go') && (tests || !f.endsWith('_test.go'))).map((f) => path.join(dir, f));
}

async function predictFiles(files: string[], goVersion?: string): Promise<Finding[]> {
  const parser = await createGoParser();
  const out: Finding[] = [];
  // The package's other files, so that what they declare is known (tests see the package too).
  const packages = new Map<string, PackageModel>();
  try {
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const tree = parser.parse(text);
      if (!tree) continue;
      const dir = path.dirname(file);
      try {
        const pkgKey = `${dir}\0${declaredPackage(text)}`;
        let pkg = packages.get(pkgKey);
        if (!pkg) {
          packages.set(pkgKey, (pkg = new PackageModel(parser)));
          pkg.update(packageFilesOnDisk(dir, { build: buildContext(process.env, []), packageName: declaredPackage(text) }));
        }
        const knowledge = dependencyFacts(parser, dir, importedPackages(tree.rootNode).map((i) => i.path), { goVersion, cacheDir: userCacheDir('facts') });
        out.push(...predictFile(tree, file, text, { goVersion, cache: new PredictionCache(), package: pkg, knowledge }));
      } finally {
        tree.delete();
      }
    }
  } finally {
    for (const p of packages.values()) p.dispose();
    parser.delete();
  }
  return out.sort(compareFindings);
}
