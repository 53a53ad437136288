// Generated Go sources for benchmarks: realistic functions (constructors returning pointers,
// methods, loops, closures, maps, slices) that compile, so the compiler has real work to do.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** One group of declarations (about 75 lines), with names made unique by `s`. */
export function functionGroup(s) {
  return `type Record${s} struct {
	ID    int
	Name  string
	Tags  []string
	Score float64
}

func NewRecord${s}(id int, name string) *Record${s} {
	r := Record${s}{ID: id, Name: name}
	r.Tags = make([]string, 0, 4)
	return &r
}

func (r *Record${s}) Describe() string {
	return fmt.Sprintf("%d:%s (%.2f)", r.ID, r.Name, r.Score)
}

func (r Record${s}) Weight() float64 {
	w := r.Score
	for _, t := range r.Tags {
		w += float64(len(t))
	}
	return w
}

func Sum${s}(values []int) int {
	total := 0
	for _, v := range values {
		if v%2 == 0 {
			total += v
		} else {
			total -= v
		}
	}
	return total
}

func Collect${s}(n int) []*Record${s} {
	out := make([]*Record${s}, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, NewRecord${s}(i, strconv.Itoa(i)))
	}
	return out
}

func Counter${s}() func() int {
	count := 0
	return func() int {
		count++
		return count
	}
}

func Index${s}(rs []*Record${s}) map[string]*Record${s} {
	m := make(map[string]*Record${s}, len(rs))
	for _, r := range rs {
		m[r.Name] = r
	}
	return m
}

func Buffer${s}(n int) []byte {
	buf := make([]byte, n)
	for i := range buf {
		buf[i] = byte(i * ${s.length + 1})
	}
	return buf
}

`;
}

const HEADER = (pkg) => `package ${pkg}

import (
	"fmt"
	"strconv"
)

`;

/** A Go source file of at least `lines` lines in package `pkg`. */
export function bigFile(lines, pkg = 'gen', prefix = 'G') {
  let text = HEADER(pkg);
  for (let i = 0; text.split('\n').length < lines; i++) text += functionGroup(`${prefix}${i}`);
  return text;
}

export function tempDir(label) {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `go-escape-bench-${label}-`)));
}

export function writeModule(dir, modulePath, files) {
  fs.writeFileSync(path.join(dir, 'go.mod'), `module ${modulePath}\n\ngo 1.22\n`);
  for (const [name, text] of Object.entries(files)) {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  return dir;
}

/** A module of `packages` x `filesPerPackage` files, each a few function groups long. */
export function manyFileModule(dir, packages = 10, filesPerPackage = 20, groupsPerFile = 1) {
  const files = {};
  for (let p = 0; p < packages; p++) {
    const pkg = `pkg${String(p).padStart(2, '0')}`;
    for (let f = 0; f < filesPerPackage; f++) {
      let text = HEADER(pkg);
      for (let g = 0; g < groupsPerFile; g++) text += functionGroup(`F${f}x${g}`);
      files[`${pkg}/file${String(f).padStart(2, '0')}.go`] = text;
    }
  }
  return writeModule(dir, 'bench.example/many', files);
}

/**
 * The non-test, non-v2 files of the installed toolchain's encoding/json copied into a module of
 * their own (they import only the public standard library), or undefined when that fails.
 */
export function copyEncodingJson(dir, goroot) {
  const src = path.join(goroot, 'src', 'encoding', 'json');
  const files = {};
  for (const name of fs.readdirSync(src)) {
    if (!name.endsWith('.go') || name.endsWith('_test.go') || name.startsWith('v2_')) continue;
    const text = fs.readFileSync(path.join(src, name), 'utf8');
    if (/"(encoding\/json\/|internal\/)/.test(text)) continue;
    files[name] = text;
  }
  return writeModule(dir, 'bench.example/json', files);
}
