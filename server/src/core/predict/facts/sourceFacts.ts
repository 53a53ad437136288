// Facts of an imported package derived from its source by the predictor itself, for when no
// compiler may run (untrusted workspaces, `go-escape --predict`): each function's summary (which
// parameters leak, whether it is probably inlined, what an inlined call of it allocates) with the
// signatures, interfaces and package name read from the files. A versioned module never changes,
// so its packages' facts are kept on disk, keyed by module@version.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import type { BuildContext } from '../../compiler/buildConstraints';
import { PackageModel, type SourceFile } from '../declarations/packageModel';
import { declaredPackage, packageFilesOnDisk } from '../declarations/packageSources';
import { summarizeFile } from '../predictor';
import { cacheFile, readCachedFacts } from './factsCache';
import type { Knowledge } from './knowledge';
import type { DependencyLocation } from './moduleSources';
import { packageKnowledge, serialiseKnowledge } from './packageFacts';

/** Bumped when the predictor's summaries change, so that facts derived by an older one are not used. */
const DERIVED_FORMAT = 1;

export interface DerivedFactsRequest {
  parser: Parser;
  importPath: string;
  location: DependencyLocation;
  goVersion?: string;
  build?: BuildContext;
  /** Where facts of versioned modules are kept; nothing is kept without it. */
  cacheDir?: string;
  /** Facts of the package's own imports, when the caller has them. */
  knowledge?: Knowledge;
}

/** The facts of one imported package from its source, or undefined when its files cannot be read. */
export function derivedPackageFacts(req: DerivedFactsRequest): Knowledge | undefined {
  const key = `predicted-${DERIVED_FORMAT}-${req.goVersion ?? 'unknown'}`;
  const version = req.location.version;
  if (req.cacheDir && version) {
    const cached = readCachedFacts(req.cacheDir, key, req.importPath, version);
    if (cached) return cached;
  }
  const files = mainPackageFiles(req.location.dir, req.build);
  if (files.length === 0) return undefined;
  const texts = new Map(files.map((f) => [f.path, f.text]));
  const k = packageKnowledge(req.parser, { importPath: req.importPath, files: files.map((f) => f.path) }, [], `${req.importPath}.`, (f) => texts.get(f) ?? '');
  const pkg = new PackageModel(req.parser);
  try {
    pkg.update(files);
    for (const f of files) {
      const tree = req.parser.parse(f.text);
      if (!tree) continue;
      try {
        for (const [name, s] of summarizeFile(tree, f.path, f.text, { goVersion: req.goVersion, knowledge: req.knowledge, package: pkg })) {
          const qualified = `${req.importPath}.${name}`;
          const known = k.functions.get(qualified);
          k.functions.set(qualified, { ...known, ...s, params: s.params });
        }
      } finally {
        tree.delete();
      }
    }
  } finally {
    pkg.dispose();
  }
  if (req.cacheDir && version) writeFacts(cacheFile(req.cacheDir, key, req.importPath, version), k);
  return k;
}

/** The files of the directory's package: the package most non-test files declare. */
function mainPackageFiles(dir: string, build: BuildContext | undefined): SourceFile[] {
  const all = packageFilesOnDisk(dir, { build });
  const count = new Map<string, number>();
  for (const f of all) {
    const name = declaredPackage(f.text);
    if (name) count.set(name, (count.get(name) ?? 0) + 1);
  }
  const name = [...count].sort((a, b) => b[1] - a[1])[0]?.[0];
  return all.filter((f) => declaredPackage(f.text) === name);
}

function writeFacts(file: string, k: Knowledge): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(serialiseKnowledge(k)));
    fs.renameSync(tmp, file);
  } catch {
    // A read-only cache directory only costs a recomputation next time.
  }
}
