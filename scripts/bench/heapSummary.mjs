// Counts the objects of a V8 heap snapshot (.heapsnapshot) by constructor name, and compares two
// such counts: what grew between two points of a session. Names are only telling for a server
// built without minification (GO_ESCAPE_MINIFY=0 npm run build).
import * as fs from 'node:fs';

/** Map of "type name" to { count, bytes } (self sizes) for every node of the snapshot. */
export function summarize(file) {
  const snap = JSON.parse(fs.readFileSync(file, 'utf8'));
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const out = new Map();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + iType]];
    if (type !== 'object' && type !== 'closure' && type !== 'array' && type !== 'string' && type !== 'native') continue;
    const name = type === 'string' ? '(string)' : type === 'array' ? `(array) ${snap.strings[snap.nodes[i + iName]]}` : snap.strings[snap.nodes[i + iName]];
    const key = `${type} ${name}`.slice(0, 120);
    const e = out.get(key) ?? { count: 0, bytes: 0 };
    e.count++;
    e.bytes += snap.nodes[i + iSize];
    out.set(key, e);
  }
  return out;
}

/** The `top` entries that grew most in bytes from `a` to `b`, as printable lines. */
export function growth(a, b, top = 15) {
  const rows = [...b.entries()].map(([k, v]) => {
    const was = a.get(k) ?? { count: 0, bytes: 0 };
    return { k, dCount: v.count - was.count, dBytes: v.bytes - was.bytes, count: v.count };
  });
  return rows
    .sort((x, y) => y.dBytes - x.dBytes)
    .slice(0, top)
    .map((r) => `${(r.dBytes / 1024).toFixed(0).padStart(7)} KiB ${String(r.dCount).padStart(7)} more (now ${r.count})  ${r.k}`);
}
