// What JSON-RPC 2.0 asks of each message read, before the connection sees it: a request whose
// id or method cannot be used is answered Invalid Request (with id null when no id can be read),
// a request of ours with wrongly typed params Invalid params, and a notification that cannot be
// handled is dropped with a reason. Everything else goes on to the connection as it came.
import { ErrorCodes, Message, ResponseMessage } from 'vscode-languageserver/node';
import { isObject, paramsProblem } from './paramShapes';

export type Verdict =
  /** A message for the connection. */
  | { kind: 'deliver'; message: Message }
  /** An error to answer with; the message goes no further. */
  | { kind: 'answer'; response: ResponseMessage }
  /** A notification that cannot be handled: it goes no further, and no answer is due. */
  | { kind: 'drop'; why: string };

type Id = string | number;

export function errorResponse(id: Id | null, code: number, message: string): ResponseMessage {
  return { jsonrpc: '2.0', id, error: { code, message } };
}

const isId = (v: unknown): v is Id => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
const answer = (id: Id | null, code: number, message: string): Verdict => ({ kind: 'answer', response: errorResponse(id, code, message) });

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** The verdict on a value parsed from one frame's JSON. */
export function checkMessage(value: unknown): Verdict {
  if (Array.isArray(value)) return answer(null, ErrorCodes.InvalidRequest, `Invalid Request: ${value.length === 0 ? 'an empty batch' : 'batches are not part of the Language Server Protocol'}`);
  if (!isObject(value)) return answer(null, ErrorCodes.InvalidRequest, `Invalid Request: a message is a JSON object, not ${typeName(value)}`);
  const hasId = 'id' in value;
  const id = isId(value.id) ? value.id : null;
  if (!('method' in value)) {
    // Responses to the server's own requests: the connection matches them, or logs stray ones.
    if ('result' in value || 'error' in value) return { kind: 'deliver', message: value as unknown as Message };
    return answer(id, ErrorCodes.InvalidRequest, 'Invalid Request: a message needs a method, or a result or an error');
  }
  const method = value.method;
  if (typeof method !== 'string') return answer(id, ErrorCodes.InvalidRequest, `Invalid Request: method must be a string, not ${typeName(method)}`);
  if (hasId && id === null) return answer(null, ErrorCodes.InvalidRequest, `Invalid Request: the id of ${method} must be a number or a string, not ${typeName(value.id)}`);
  const problem = paramsProblem(method, value.params);
  if (problem) {
    const why = `Invalid params of ${method}: ${problem}`;
    return id === null ? { kind: 'drop', why } : answer(id, ErrorCodes.InvalidParams, why);
  }
  return { kind: 'deliver', message: value as unknown as Message };
}
