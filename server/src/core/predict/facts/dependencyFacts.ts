// The facts a prediction without a compiler can have of a file's imports: standard-library ones
// ship with the extension (shippedFacts.ts, added by the predictor itself); every other import
// that the module's go.mod resolves to source on disk gets facts derived from that source
// (sourceFacts.ts), memoised for the process and kept on disk by module version.
import type { Parser } from 'web-tree-sitter';
import { isStandardLibrary } from './factsCache';
import { Knowledge, emptyKnowledge, mergeKnowledge } from './knowledge';
import { dependencyLocation, moduleOf } from './moduleSources';
import { derivedPackageFacts } from './sourceFacts';

const derived = new Map<string, Knowledge | null>();

/** Facts of the non-standard imports of a file in `dir`. */
export function dependencyFacts(parser: Parser, dir: string, imports: readonly string[], opts: { goVersion?: string; cacheDir?: string } = {}): Knowledge {
  const k = emptyKnowledge();
  const mod = moduleOf(dir);
  if (!mod) return k;
  for (const importPath of imports) {
    if (importPath === 'C' || isStandardLibrary(importPath)) continue;
    const location = dependencyLocation(mod, importPath);
    if (!location) continue;
    const key = `${location.dir}\0${opts.goVersion ?? ''}`;
    let facts = derived.get(key);
    if (facts === undefined) {
      facts = derivedPackageFacts({ parser, importPath, location, goVersion: opts.goVersion, cacheDir: opts.cacheDir }) ?? null;
      derived.set(key, facts);
    }
    if (facts) mergeKnowledge(k, facts);
  }
  return k;
}
