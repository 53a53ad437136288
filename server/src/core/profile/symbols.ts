// How a profile names code, and how that meets the files on this machine. A profile's file
// names come from the machine that built the binary (absolute paths there) or from a -trimpath
// build (`example.com/m/pkg/a.go`), so files are matched by package import path and base
// name, which Go symbol names carry: `example.com/m/pkg.(*T).M` is in package `example.com/m/pkg`.

/**
 * The import path of the package a Go function symbol belongs to, or undefined for names that
 * are not Go symbols. Dots in the last path element are escaped as %2e in symbols
 * (`gopkg.in/yaml%2ev3.Marshal`); type arguments may contain slashes (`F[example.com/x.T]`).
 */
export function packageOfSymbol(name: string): string | undefined {
  const bracket = name.indexOf('[');
  const head = bracket >= 0 ? name.slice(0, bracket) : name;
  const slash = head.lastIndexOf('/');
  const dot = head.indexOf('.', slash + 1);
  if (dot <= 0) return undefined;
  return head.slice(0, dot).replace(/%2e/gi, '.');
}

/** A function symbol without its package path: `(*T).M`, `Hot.func1`, `Box[...].Get`. */
export function shortSymbol(name: string): string {
  const pkg = packageOfSymbol(name);
  if (!pkg) return name;
  const bracket = name.indexOf('[');
  const head = bracket >= 0 ? name.slice(0, bracket) : name;
  const slash = head.lastIndexOf('/');
  return name.slice(head.indexOf('.', slash + 1) + 1);
}

/**
 * The key under which a profile's function is filed: `importPath/base.go`. An external test
 * package (`pkg_test`) lives in its package's directory, so it shares the key; `main` packages
 * have no import path in their symbols and are matched by file path instead (undefined here).
 */
export function fileKey(symbol: string, filename: string): string | undefined {
  let pkg = packageOfSymbol(symbol);
  if (!pkg || pkg === 'main') return undefined;
  if (pkg.endsWith('_test')) pkg = pkg.slice(0, -'_test'.length);
  return `${pkg}/${baseName(filename)}`;
}

export function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** A file name with forward slashes, as the key and suffix comparisons expect. */
export function slashed(file: string): string {
  return file.replace(/\\/g, '/');
}
