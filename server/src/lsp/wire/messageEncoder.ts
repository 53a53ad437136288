// Encodes outgoing LSP messages as JSON bytes. Each keystroke in a large file republishes all of
// its diagnostics, and nearly all of them are the same as the time before, so a publish is
// assembled from kept bytes: each diagnostic body (all but the range) is serialized once, and
// only ranges are written per publish. A new line moves every diagnostic below it, which then
// costs one short ASCII range each rather than a full serialization.
import type { ContentTypeEncoder, Message, Range } from 'vscode-languageserver/node';

const PUBLISH = 'textDocument/publishDiagnostics';

/** Bytes of shared bodies, without their opening brace. Bodies are never mutated. */
const bodies = new WeakMap<object, Buffer>();
/** The shared body of a diagnostic made by `diagnosticAt`. */
const bodyOf = new WeakMap<object, object>();
/** The text before the body of a diagnostic made by `diagnosticAt`, once encoded. */
const prefixes = new WeakMap<object, string>();

/**
 * `{ range, ...body }`, registered so that its encoding reuses the bytes of `body` for every range
 * it is placed at. `body` must never change, and must not have a `range`.
 */
export function diagnosticAt<B extends object>(range: Range, body: B): { range: Range } & B {
  const r = {
    start: { line: range.start.line, character: range.start.character },
    end: { line: range.end.line, character: range.end.character },
  };
  const d = { range: r, ...body };
  bodyOf.set(d, body);
  return d;
}

interface PublishParams {
  uri: string;
  version?: number;
  diagnostics: object[];
}

function isPublish(msg: Message): msg is Message & { method: string; params: PublishParams } {
  const m = msg as { method?: unknown; params?: { diagnostics?: unknown } };
  return m.method === PUBLISH && Array.isArray(m.params?.diagnostics);
}

function bodyBytes(body: object): Buffer {
  let b = bodies.get(body);
  if (!b) {
    b = Buffer.from(JSON.stringify(body), 'utf8').subarray(1);
    bodies.set(body, b);
  }
  return b;
}

/** `{"range":...` up to the body: the same text JSON.stringify gives for diagnosticAt's range. */
function rangePrefix(r: Range, emptyBody: boolean): string {
  const s = r.start;
  const e = r.end;
  return `{"range":{"start":{"line":${s.line},"character":${s.character}},"end":{"line":${e.line},"character":${e.character}}}${emptyBody ? '' : ','}`;
}

/** The message as UTF-8 JSON, equal to `JSON.stringify(msg)`. */
export function encodeMessage(msg: Message): Buffer {
  if (!isPublish(msg)) return Buffer.from(JSON.stringify(msg), 'utf8');
  const { diagnostics, ...rest } = msg.params;
  const { params: _p, ...envelope } = msg;
  // The envelope and the other parameters are small; the diagnostics are spliced in.
  const head = JSON.stringify({ ...envelope, params: rest });
  const open = Buffer.from(`${head.slice(0, -2)}${Object.keys(rest).length > 0 ? ',' : ''}"diagnostics":[`, 'utf8');
  // ASCII text (separators, ranges) and kept bytes, in order; then one buffer is filled.
  const parts: (string | Buffer)[] = [open];
  let length = open.length + 3;
  diagnostics.forEach((d, i) => {
    const body = bodyOf.get(d);
    let bytes: Buffer;
    let text = i > 0 ? ',' : '';
    if (body) {
      bytes = bodyBytes(body);
      let prefix = prefixes.get(d);
      if (prefix === undefined) prefixes.set(d, (prefix = rangePrefix((d as { range: Range }).range, bytes.length === 1)));
      text += prefix;
    } else {
      // Not made by diagnosticAt (the server makes none such): encoded in full.
      bytes = Buffer.from(JSON.stringify(d), 'utf8');
    }
    if (text) {
      parts.push(text);
      length += text.length;
    }
    parts.push(bytes);
    length += bytes.length;
  });
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const p of parts) at += typeof p === 'string' ? out.write(p, at, 'latin1') : p.copy(out, at);
  out.write(']}}', at, 'latin1');
  return out;
}

export const messageEncoder: ContentTypeEncoder = {
  name: 'application/json',
  encode(msg: Message): Promise<Uint8Array> {
    try {
      return Promise.resolve(encodeMessage(msg));
    } catch (e) {
      return Promise.reject(e);
    }
  },
};
