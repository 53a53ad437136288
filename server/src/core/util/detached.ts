// Copies of strings cut out of large texts.

/**
 * A copy of `s` that does not point into the text it was cut from. V8 keeps a substring as a
 * view of the whole string, so a callee name or a variable name kept from the compiler's `-m=2`
 * output would keep megabytes of that output alive for as long as it lives.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}

/** A copy of plain data (objects, arrays, Maps, Sets) whose strings are all `detached`. */
export function detachedCopy<T>(x: T): T {
  if (typeof x === 'string') return detached(x) as T;
  if (typeof x !== 'object' || x === null) return x;
  if (Array.isArray(x)) return x.map(detachedCopy) as T;
  if (x instanceof Map) return new Map([...x].map(([k, v]) => [detachedCopy(k), detachedCopy(v)])) as T;
  if (x instanceof Set) return new Set([...x].map(detachedCopy)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) out[k] = detachedCopy(v);
  return out as T;
}
