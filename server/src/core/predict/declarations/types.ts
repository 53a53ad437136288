// A small syntactic model of Go types, enough for escape prediction: whether a value is a
// pointer, an interface, an array that can be sliced in place, and how large it is. Types
// come from declarations in the file and from knowledge about imported packages; anything
// else is `unknown`, and rules treat unknown conservatively (no prediction).
import type { Node } from 'web-tree-sitter';

export type GoType =
  | { k: 'basic'; name: string }
  | { k: 'named'; pkg: string; name: string }
  | { k: 'ptr'; elem: GoType }
  | { k: 'slice'; elem: GoType }
  | { k: 'array'; elem: GoType; len: number | undefined }
  | { k: 'map'; key: GoType; elem: GoType }
  | { k: 'chan'; elem: GoType }
  | { k: 'func'; node?: Node }
  | { k: 'iface' }
  | { k: 'struct'; fields: Map<string, GoType>; embedded: Set<string>; node: Node }
  | { k: 'typeparam' }
  | { k: 'unknown' };

export const UNKNOWN: GoType = { k: 'unknown' };
export const STRING: GoType = { k: 'basic', name: 'string' };
export const INT: GoType = { k: 'basic', name: 'int' };
export const BOOL: GoType = { k: 'basic', name: 'bool' };

const BASIC_SIZES: Record<string, number> = {
  bool: 1, int8: 1, uint8: 1, byte: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, rune: 4, float32: 4,
  int: 8, uint: 8, int64: 8, uint64: 8, uintptr: 8, float64: 8, complex64: 8, complex128: 16,
  string: 16, 'unsafe.Pointer': 8,
};

export const BASIC_NAMES = new Set([...Object.keys(BASIC_SIZES)]);

/** Interfaces of the standard library that code names most often, for when no knowledge is loaded. */
const WELL_KNOWN_INTERFACES = new Set([
  'io.Reader', 'io.Writer', 'io.Closer', 'io.ReadWriter', 'io.ReadCloser', 'io.WriteCloser', 'io.ReadWriteCloser',
  'io.ReaderAt', 'io.WriterAt', 'io.WriterTo', 'io.ReaderFrom', 'io.ByteReader', 'io.ByteWriter', 'io.ByteScanner',
  'io.RuneReader', 'io.RuneScanner', 'io.StringWriter', 'io.Seeker', 'io.ReadSeeker', 'io.ReadSeekCloser',
  'fmt.Stringer', 'fmt.State', 'fmt.Formatter', 'context.Context', 'net.Conn', 'net.Listener', 'net.Addr',
  'net/http.Handler', 'net/http.ResponseWriter', 'sort.Interface', 'hash.Hash', 'hash.Hash32', 'hash.Hash64',
  'reflect.Type', 'io/fs.FS', 'io/fs.File', 'io/fs.FileInfo', 'io/fs.DirEntry', 'error', 'any',
  'go/ast.Node', 'go/ast.Expr', 'go/ast.Stmt', 'go/ast.Decl', 'go/ast.Spec', 'crypto.Signer', 'crypto.PublicKey',
  'crypto.PrivateKey', 'cipher.Block', 'crypto/cipher.Block', 'crypto/cipher.AEAD', 'crypto/cipher.Stream',
  'image.Image', 'image/color.Color', 'encoding.TextMarshaler', 'encoding.TextUnmarshaler',
  'encoding.BinaryMarshaler', 'encoding.BinaryUnmarshaler', 'database/sql/driver.Conn', 'database/sql/driver.Value',
  'text/template/parse.Node', 'net/http.RoundTripper', 'net/http.FileSystem', 'net/http.File', 'flag.Value',
  'math/rand.Source', 'sync.Locker', 'os.Signal', 'os.FileInfo', 'io.StringReader',
]);

export function isWellKnownInterface(qualified: string): boolean {
  return WELL_KNOWN_INTERFACES.has(qualified);
}

export function typeKey(t: GoType): string {
  switch (t.k) {
    case 'basic':
      return t.name;
    case 'named':
      return t.pkg ? `${t.pkg}.${t.name}` : t.name;
    case 'ptr':
      return `*${typeKey(t.elem)}`;
    case 'slice':
      return `[]${typeKey(t.elem)}`;
    case 'array':
      return `[${t.len ?? '?'}]${typeKey(t.elem)}`;
    case 'map':
      return `map[${typeKey(t.key)}]${typeKey(t.elem)}`;
    case 'chan':
      return `chan ${typeKey(t.elem)}`;
    default:
      return t.k;
  }
}

/** True for types whose values are a single pointer word: stored directly in an interface. */
export function isPointerShaped(t: GoType): boolean {
  return t.k === 'ptr' || t.k === 'map' || t.k === 'chan' || t.k === 'func' || (t.k === 'basic' && t.name === 'unsafe.Pointer');
}

/** Size in bytes on amd64, when it can be known from the syntax. */
export function sizeOf(t: GoType, underlying: (t: GoType) => GoType, depth = 0): number | undefined {
  if (depth > 8) return undefined;
  switch (t.k) {
    case 'basic':
      return BASIC_SIZES[t.name];
    case 'ptr':
    case 'map':
    case 'chan':
    case 'func':
      return 8;
    case 'slice':
      return 24;
    case 'iface':
      return 16;
    case 'array': {
      if (t.len === undefined) return undefined;
      const e = sizeOf(t.elem, underlying, depth + 1);
      return e === undefined ? undefined : e * t.len;
    }
    case 'struct': {
      let n = 0;
      for (const f of t.fields.values()) {
        const s = sizeOf(f, underlying, depth + 1);
        if (s === undefined) return undefined;
        n += s;
      }
      return n;
    }
    case 'named': {
      const u = underlying(t);
      return u === t ? undefined : sizeOf(u, underlying, depth + 1);
    }
    default:
      return undefined;
  }
}

/** A parameter kind from facts (`iface`, `ptr`, `other`) as a type. */
export function kindType(kind: string): GoType {
  switch (kind) {
    case 'iface':
      return { k: 'iface' };
    case 'ptr':
      return { k: 'ptr', elem: UNKNOWN };
    default:
      return UNKNOWN;
  }
}

/** Parses a qualified type string from knowledge (`*bytes.Buffer`, `[]string`, `error`). */
export function parseTypeString(s: string, pkgPath: string): GoType {
  s = s.trim();
  if (s.startsWith('*')) return { k: 'ptr', elem: parseTypeString(s.slice(1), pkgPath) };
  if (s.startsWith('[]')) return { k: 'slice', elem: parseTypeString(s.slice(2), pkgPath) };
  if (s === 'error' || s === 'any' || s.startsWith('interface')) return { k: 'iface' };
  if (s.startsWith('map[') || s.startsWith('chan ') || s.startsWith('func')) return s.startsWith('func') ? { k: 'func' } : s.startsWith('map[') ? { k: 'map', key: UNKNOWN, elem: UNKNOWN } : { k: 'chan', elem: UNKNOWN };
  const m = /^([\w./-]+)\.(\w+)$/.exec(s);
  if (m) return { k: 'named', pkg: m[1], name: m[2] };
  if (/^\w+$/.test(s)) {
    if (['string', 'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr', 'byte', 'rune', 'float32', 'float64', 'bool', 'complex64', 'complex128'].includes(s)) return { k: 'basic', name: s === 'byte' ? 'uint8' : s === 'rune' ? 'int32' : s };
    return { k: 'named', pkg: pkgPath, name: s };
  }
  return UNKNOWN;
}
