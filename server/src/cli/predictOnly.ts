// `go-escape --predict`: the tree-sitter predictor alone, for machines without a Go toolchain.
// Predicts every non-test .go file of each package (or the named files) with the same output
// format as compiler findings.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Finding, compareFindings } from '../core/findings';
import { buildContext } from '../core/compiler/buildConstraints';
import { PackageModel } from '../core/predict/declarations/packageModel';
import { declaredPackage, packageFilesOnDisk } from '../core/predict/declarations/packageSources';
import { dependencyFacts } from '../core/predict/facts/dependencyFacts';
import { PredictionCache, predictFile } from '../core/predict/predictor';
import { importedPackages } from '../core/treesitter/declarations';
import { createGoParser } from '../core/treesitter/parser';
import { userCacheDir } from '../core/util/cacheDir';

export async function predictPackages(targets: { dir: string; files?: string[]; tests: boolean }[], goVersion?: string): Promise<Finding[]> {
  const parser = await createGoParser();
  const out: Finding[] = [];
  try {
    for (const t of targets) {
      const files = t.files ?? fs.readdirSync(t.dir)
        .filter((f) => f.endsWith('.go') && (t.tests || !f.endsWith('_test.go')))
        .map((f) => path.join(t.dir, f));
      // The package's other files, so that what they declare is known (tests see the package too).
      const pkg = new PackageModel(parser);
      try {
        for (const file of files) {
          const text = fs.readFileSync(file, 'utf8');
          const tree = parser.parse(text);
          if (!tree) continue;
          try {
            pkg.update(packageFilesOnDisk(t.dir, { build: buildContext(process.env, []), packageName: declaredPackage(text) }));
            const knowledge = dependencyFacts(parser, t.dir, importedPackages(tree.rootNode).map((i) => i.path), { goVersion, cacheDir: userCacheDir('facts') });
            out.push(...predictFile(tree, file, text, { goVersion, cache: new PredictionCache(), package: pkg, knowledge }));
          } finally {
            tree.delete();
          }
        }
      } finally {
        pkg.dispose();
      }
    }
  } finally {
    parser.delete();
  }
  return out.sort(compareFindings);
}
