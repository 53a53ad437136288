// Go's convention for generated files (https://go.dev/s/generatedcode): a comment line
// `// Code generated ... DO NOT EDIT.` before the package clause.
const GENERATED = /^\/\/ Code generated .* DO NOT EDIT\.$/m;

/** True when a Go file's text says it is generated. */
export function isGenerated(text: string): boolean {
  const pkg = /^package\s/m.exec(text);
  const head = pkg ? text.slice(0, pkg.index) : text.slice(0, 4096);
  return GENERATED.test(head);
}
