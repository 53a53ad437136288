// Parameter facts for the most used standard-library functions, as go1.26 reports them, so
// that predictions without any toolchain (untrusted workspace, no Go installed) still follow
// `fmt.Println(x)` and friends. Knowledge learned from the installed compiler takes precedence.
import type { FunctionFacts, ParamFacts } from './knowledge';

const content: ParamFacts = { heap: 1, results: [] };
const leaks: ParamFacts = { heap: 0, results: [] };

function facts(kinds: string[], variadic: boolean, params: [number, ParamFacts][], results?: string[]): FunctionFacts {
  return { params: new Map(params), paramKinds: kinds, variadic, results };
}

const printAny = facts(['iface'], true, [[0, content]]);
const printfAny = facts(['other', 'iface'], true, [[1, content]]);
const fprintAny = facts(['iface', 'iface'], true, [[0, leaks], [1, content]], ['int', 'error']);
const fprintfAny = facts(['iface', 'other', 'iface'], true, [[0, leaks], [2, content]], ['int', 'error']);

export const STD_FACTS: ReadonlyMap<string, FunctionFacts> = new Map<string, FunctionFacts>([
  ['fmt.Print', { ...printAny, results: ['int', 'error'] }],
  ['fmt.Println', { ...printAny, results: ['int', 'error'] }],
  ['fmt.Printf', { ...printfAny, results: ['int', 'error'] }],
  ['fmt.Sprint', { ...printAny, results: ['string'] }],
  ['fmt.Sprintln', { ...printAny, results: ['string'] }],
  ['fmt.Sprintf', { ...printfAny, results: ['string'] }],
  ['fmt.Errorf', { ...printfAny, results: ['error'] }],
  ['fmt.Fprint', fprintAny],
  ['fmt.Fprintln', fprintAny],
  ['fmt.Fprintf', fprintfAny],
  ['log.Print', printAny],
  ['log.Println', printAny],
  ['log.Printf', printfAny],
  ['log.Fatal', printAny],
  ['log.Fatalln', printAny],
  ['log.Fatalf', printfAny],
  ['log.Panic', printAny],
  ['log.Panicln', printAny],
  ['log.Panicf', printfAny],
]);
