// The lines of a text, one at a time. Compiler output of a large package is megabytes; splitting
// it into an array at once held the event loop for as long, where a caller that works in steps
// wants each line as it goes.

/** The lines of `text` as `split('\n')` gives them, each without a trailing carriage return. */
export function* linesOf(text: string): Generator<string, void, void> {
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    yield end > start && text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    start = end + 1;
  }
}
