// The frame parser reads every well-formed frame however the bytes are split, skips what it
// cannot use with a log line, and reads on from the next Content-Length header.
import * as assert from 'node:assert/strict';
import { FrameParser } from '../../../server/src/lsp/wire/frameParser';

const frame = (body: string, header = `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n`) => Buffer.from(header + body, 'utf8');

/** The bodies read from `chunks` (as UTF-8), the log lines, and what end() says. */
function parse(chunks: Buffer[], maxFrameBytes?: number): { bodies: string[]; logs: string[]; end: string | undefined } {
  const bodies: string[] = [];
  const logs: string[] = [];
  const p = new FrameParser({ frame: (b) => bodies.push(b.toString('utf8')), log: (m) => logs.push(m) }, maxFrameBytes);
  for (const c of chunks) p.push(c);
  return { bodies, logs, end: p.end() };
}

/** `bytes` cut at each of `cuts`. */
function cut(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [0, ...cuts, bytes.length];
  return at.slice(1).map((end, i) => bytes.subarray(at[i], end));
}

const BODIES = [
  '{"jsonrpc":"2.0","id":1,"method":"textDocument/hover"}',
  '{"text":"é ü 😀 中文 \\u0000"}',
  '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"contentChanges":[{"text":"func f() {\\n\\tx := &T{} // ✓\\n}"}]}}',
];
const STREAM = Buffer.concat(BODIES.map((b) => frame(b)));

describe('frame parser', () => {
  it('reads whole frames in one chunk, including the header in any case and with other fields', () => {
    const extra = frame('{"a":1}', 'content-length:   7  \r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\nX-Other: 1\r\n\r\n');
    assert.deepEqual(parse([Buffer.concat([STREAM, extra])]), { bodies: [...BODIES, '{"a":1}'], logs: [], end: undefined });
  });

  it('reads the same frames however the bytes are cut in two, and byte by byte', () => {
    for (let i = 1; i < STREAM.length; i++) {
      assert.deepEqual(parse(cut(STREAM, [i])).bodies, BODIES, `cut at byte ${i}`);
    }
    const bytes = [...STREAM].map((b) => Buffer.from([b]));
    assert.deepEqual(parse(bytes), { bodies: BODIES, logs: [], end: undefined });
  });

  it('keeps a multi-byte character whole when its bytes come in different chunks', () => {
    const body = '{"s":"😀é"}';
    const bytes = frame(body);
    const start = bytes.indexOf(Buffer.from('😀', 'utf8'));
    for (const k of [1, 2, 3]) assert.deepEqual(parse(cut(bytes, [start + k])).bodies, [body], `cut ${k} bytes into the emoji`);
    assert.deepEqual(parse(cut(bytes, [start + 1, start + 2, start + 3, start + 5])).bodies, [body]);
  });

  // Each bad header block is followed, in the same chunk, by a body of its own and a good frame.
  const BAD: [string, string, RegExp][] = [
    ['no Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n', /no Content-Length header/],
    ['Content-Length not a number', 'Content-Length: NaN\r\n\r\n', /not a number of bytes: "NaN"/],
    ['a negative Content-Length', 'Content-Length: -1\r\n\r\n', /not a number of bytes: "-1"/],
    ['a fractional Content-Length', 'Content-Length: 1.5\r\n\r\n', /not a number of bytes: "1\.5"/],
    ['a header line without a colon', 'this is not a header\r\n\r\n', /without a colon: "this is not a header"/],
    ['a colon-less line after a good one', 'Content-Length: 3\r\njunk\r\n\r\n', /without a colon: "junk"/],
    ['a header name that is not a token', '{"id":1} x: y\r\n\r\n', /not a header name/],
    ['an empty line first', '\r\n\r\n', /without a colon: ""/],
  ];
  for (const [what, header, problem] of BAD) {
    it(`skips a bad header block (${what}) with one log line and reads the frame after it`, () => {
      const bytes = Buffer.concat([Buffer.from(header + '{"skipped":true}', 'utf8'), frame(BODIES[1]), frame(BODIES[0])]);
      const r = parse([bytes]);
      assert.deepEqual(r.bodies, [BODIES[1], BODIES[0]]);
      assert.equal(r.logs.length, 1, r.logs.join('\n'));
      assert.match(r.logs[0], problem);
      assert.match(r.logs[0], /skipped a bad header block .*next Content-Length header/);
      // Split anywhere, the same frames come out.
      for (let i = 1; i < bytes.length; i += 7) assert.deepEqual(parse(cut(bytes, [i])).bodies, [BODIES[1], BODIES[0]], `${what}, cut at ${i}`);
    });
  }

  it('resyncs on the very next Content-Length header, even one inside the bad block', () => {
    // Garbage glued to a frame's header puts that header inside the bad block, so the search
    // starts just after the bad block's first byte; here that reads a frame of the second length.
    const r = parse([Buffer.from('Content-Length: 3\r\nContent-Length: 4\r\n\r\n{"skipped":true}', 'utf8'), frame(BODIES[0])]);
    assert.deepEqual(r.bodies, ['{"sk', BODIES[0]]);
    assert.match(r.logs[0], /two Content-Length headers: 3 and 4/);
  });

  it('reads on when the frame after a bad header comes later, with the header name cut across chunks', () => {
    const next = frame(BODIES[0]);
    const r = parse([Buffer.from('Content-Length: NaN\r\n\r\n{"no":"length"}', 'utf8'), next.subarray(0, 9), next.subarray(9)]);
    assert.deepEqual(r.bodies, [BODIES[0]]);
    assert.equal(r.logs.length, 1);
  });

  it('finds the next frame after garbage with no end of header, in any case of the header name', () => {
    const garbage = Buffer.alloc(20000, 'x');
    const r = parse([garbage, frame(BODIES[0], `CONTENT-LENGTH: ${BODIES[0].length}\r\n\r\n`)]);
    assert.deepEqual(r.bodies, [BODIES[0]]);
    assert.equal(r.logs.length, 1);
    assert.match(r.logs[0], /no end of the header block within 8192 bytes/);
  });

  it('skips frames larger than the limit, without waiting for their bytes, and reads the next frame', () => {
    for (const length of ['1001', String(2 ** 53), '99999999999999999999999']) {
      const r = parse([Buffer.from(`Content-Length: ${length}\r\n\r\n{"huge":true}`, 'utf8'), frame(BODIES[0])], 1000);
      assert.deepEqual(r.bodies, [BODIES[0]], length);
      assert.equal(r.logs.length, 1);
      assert.match(r.logs[0], new RegExp(`a frame of ${length} bytes is larger than the limit of 1000`));
    }
    // At the limit it is read.
    const body = `"${'a'.repeat(998)}"`;
    assert.deepEqual(parse([frame(body)], 1000).bodies, [body]);
  });

  it('waits for the bytes a frame announces, and says so when the input ends first', () => {
    const r = parse([Buffer.from('Content-Length: 100000\r\n\r\n{"short":1}', 'utf8'), frame(BODIES[0])]);
    assert.deepEqual(r.bodies, []);
    assert.equal(r.end, `the input ended inside a frame: ${11 + frame(BODIES[0]).length} of its 100000 bytes arrived`);
    assert.equal(parse([Buffer.from('Content-Len', 'utf8')]).end, 'the input ended inside a header block (11 bytes)');
  });

  it('gives an empty body for Content-Length 0', () => {
    assert.deepEqual(parse([frame(''), frame(BODIES[0])]).bodies, ['', BODIES[0]]);
  });

  it('reads another charset as UTF-8 and says so once', () => {
    const koi = (b: string) => frame(b, `Content-Length: ${Buffer.byteLength(b)}\r\nContent-Type: application/vscode-jsonrpc; charset=koi8-r\r\n\r\n`);
    const r = parse([koi(BODIES[0]), koi(BODIES[1]), frame(BODIES[2], `Content-Length: ${Buffer.byteLength(BODIES[2])}\r\nContent-Type: application/vscode-jsonrpc; charset=utf8\r\n\r\n`)]);
    assert.deepEqual(r.bodies, BODIES);
    assert.deepEqual(r.logs, ['LSP input: charset "koi8-r" is not supported; its messages are read as UTF-8']);
  });
});
