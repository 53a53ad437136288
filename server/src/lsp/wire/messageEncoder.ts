// Encodes outgoing LSP messages as JSON bytes. Each keystroke in a large file republishes all of
// its diagnostics, and nearly all of them are the very objects sent the time before (toProto
// reuses a diagnostic while its finding and range stay the same), so the bytes of each diagnostic
// object are kept and only new objects are serialized. A new line moves every diagnostic below
// it; those share their body (all but the range) with the previous object, and only the range
// is serialized again.
import type { ContentTypeEncoder, Message, Range } from 'vscode-languageserver/node';

const PUBLISH = 'textDocument/publishDiagnostics';

/** Bytes of diagnostic objects already encoded. Published diagnostics are never mutated. */
const encoded = new WeakMap<object, Buffer[]>();
/** Bytes of shared bodies, without their opening brace. */
const bodies = new WeakMap<object, Buffer>();
const BODY = Symbol('diagnostic body');

/**
 * `{ range, ...body }`, marked so that its encoding reuses the bytes of `body` for every range it
 * is placed at. `body` must never change, and must not have a `range`.
 */
export function diagnosticAt<B extends object>(range: Range, body: B): { range: Range } & B {
  const d = { range, ...body };
  Object.defineProperty(d, BODY, { value: body, enumerable: false });
  return d;
}

const COMMA = Buffer.from(',');
const TAIL = Buffer.from(']}}');

interface PublishParams {
  uri: string;
  version?: number;
  diagnostics: object[];
}

function isPublish(msg: Message): msg is Message & { method: string; params: PublishParams } {
  const m = msg as { method?: unknown; params?: { diagnostics?: unknown } };
  return m.method === PUBLISH && Array.isArray(m.params?.diagnostics);
}

function diagnosticBytes(d: object): Buffer[] {
  let b = encoded.get(d);
  if (b) return b;
  const body = (d as { [BODY]?: object })[BODY];
  if (body) {
    let rest = bodies.get(body);
    if (!rest) {
      rest = Buffer.from(JSON.stringify(body), 'utf8').subarray(1);
      bodies.set(body, rest);
    }
    // `rest` is `}` for an empty body, else `"key":...}`.
    const range = JSON.stringify((d as { range: Range }).range);
    b = [Buffer.from(`{"range":${range}${rest.length > 1 ? ',' : ''}`, 'latin1'), rest];
  } else {
    b = [Buffer.from(JSON.stringify(d), 'utf8')];
  }
  encoded.set(d, b);
  return b;
}

/** The message as UTF-8 JSON, equal to `JSON.stringify(msg)`. */
export function encodeMessage(msg: Message): Buffer {
  if (!isPublish(msg)) return Buffer.from(JSON.stringify(msg), 'utf8');
  const { diagnostics, ...rest } = msg.params;
  const { params: _p, ...envelope } = msg;
  // The envelope and the other parameters are small; only the diagnostics are spliced in.
  const head = JSON.stringify({ ...envelope, params: rest });
  const parts: Buffer[] = [Buffer.from(`${head.slice(0, -2)}${Object.keys(rest).length > 0 ? ',' : ''}"diagnostics":[`, 'utf8')];
  diagnostics.forEach((d, i) => {
    if (i > 0) parts.push(COMMA);
    for (const b of diagnosticBytes(d)) parts.push(b);
  });
  parts.push(TAIL);
  return Buffer.concat(parts);
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
