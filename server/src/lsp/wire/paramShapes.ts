// The parameters of the methods the server handles, as data: each method's shape is checked
// before its handler sees the message, so a wrongly typed request is answered Invalid params
// (-32602) rather than failing inside a handler, and a wrongly typed notification is dropped.
// A shape holds the fields the LSP specification requires and the optional ones the handlers
// read, typed as the specification types them; other optional fields are not checked, so that no
// answerable request is refused over a field nobody reads.

/** What is wrong with `value` at `path`, or undefined when it fits. */
export type Shape = (value: unknown, path: string) => string | undefined;

const INT32_MAX = 2 ** 31 - 1;

function show(v: unknown): string {
  const s = v === undefined ? 'nothing' : JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

const expect = (what: string, test: (v: unknown) => boolean): Shape => (v, path) => (test(v) ? undefined : `${path} must be ${what}, not ${show(v)}`);

const string = expect('a string', (v) => typeof v === 'string');
/** LSP `integer`. */
const integer = expect('an integer', (v) => Number.isInteger(v) && (v as number) >= -INT32_MAX - 1 && (v as number) <= INT32_MAX);
/** LSP `uinteger`. */
const uinteger = expect('an unsigned integer', (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= INT32_MAX);
const number = expect('a number', (v) => typeof v === 'number');
const anything: Shape = () => undefined;

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function optional(shape: Shape): Shape {
  return (v, path) => (v === undefined ? undefined : shape(v, path));
}

function object(fields: Record<string, Shape>): Shape {
  const entries = Object.entries(fields);
  return (v, path) => {
    if (!isObject(v)) return `${path} must be an object, not ${show(v)}`;
    for (const [name, shape] of entries) {
      const problem = shape(v[name], `${path}.${name}`);
      if (problem) return problem;
    }
    return undefined;
  };
}

function array(item: Shape): Shape {
  return (v, path) => {
    if (!Array.isArray(v)) return `${path} must be an array, not ${show(v)}`;
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  };
}

function either(what: string, ...shapes: Shape[]): Shape {
  return (v, path) => (shapes.some((s) => s(v, path) === undefined) ? undefined : `${path} must be ${what}, not ${show(v)}`);
}

const position = object({ line: uinteger, character: uinteger });
const range = object({ start: position, end: position });
const document = object({ uri: string });
// Code actions read a diagnostic's range, message, code, source and data.
const diagnostic = object({
  range,
  message: either('a string or markup content', string, object({ kind: string, value: string })),
  code: optional(either('an integer or a string', integer, string)),
  source: optional(string),
});
const structuredOrNone = expect('an object, an array or null', (v) => v === undefined || v === null || typeof v === 'object');

/** The shape of each method's params; methods not here are the library's or unknown. */
export const PARAM_SHAPES: ReadonlyMap<string, Shape> = new Map([
  ['textDocument/didOpen', object({ textDocument: object({ uri: string, languageId: string, version: integer, text: string }) })],
  ['textDocument/didChange', object({
    textDocument: object({ uri: string, version: integer }),
    contentChanges: array(object({ range: optional(range), text: string })),
  })],
  ['textDocument/didSave', object({ textDocument: document })],
  ['textDocument/didClose', object({ textDocument: document })],
  ['textDocument/hover', object({ textDocument: document, position })],
  ['textDocument/codeAction', object({ textDocument: document, range, context: object({ diagnostics: array(diagnostic) }) })],
  ['workspace/executeCommand', object({ command: string, arguments: optional(array(anything)) })],
  ['goEscape/stats', structuredOrNone],
  // Request ids are numbers or strings; the library answers requests whose ids have fractions too.
  ['$/cancelRequest', object({ id: either('a number or a string', number, string) })],
]);

/** What is wrong with the params of a `method` message, or undefined when they fit or the method is not ours. */
export function paramsProblem(method: string, params: unknown): string | undefined {
  return PARAM_SHAPES.get(method)?.(params, 'params');
}
