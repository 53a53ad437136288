// The rule catalogue: one entry per rule id, as data. Hovers, diagnostics (`code`,
// `codeDescription.href`) and RULES.md (scripts/gen-rules-doc.mjs) are all rendered from it, so
// a rule's text lives here and nowhere else. Every claim below was checked against the compiler
// on the project's machine (go1.26.8, linux/amd64); version-dependent claims say which versions,
// and test/fixtures/rules checks them against recorded go1.24.0 and go1.25.0 output too.
import { RuleId } from './ids';
import { DECISION_RULES } from './decisionRules';
import type { RuleEntry, RuleLink } from './ruleEntry';

export type { QuickFixKind, RuleEntry, RuleKind, RuleLink } from './ruleEntry';

/** The document the catalogue is rendered into; shipped in the .vsix next to README.md. */
export const RULES_DOCUMENT = 'RULES.md';

const FAQ: RuleLink = { title: 'Go FAQ: stack or heap?', href: 'https://go.dev/doc/faq#stack_or_heap' };
const GC_GUIDE: RuleLink = { title: 'A Guide to the Go Garbage Collector', href: 'https://go.dev/doc/gc-guide' };
const GC_GUIDE_ESCAPE: RuleLink = { title: 'GC guide: eliminating heap allocations', href: 'https://go.dev/doc/gc-guide#Eliminating_heap_allocations' };
const DIAGNOSTICS: RuleLink = { title: 'Go diagnostics: profiling', href: 'https://go.dev/doc/diagnostics#profiling' };

export const CATALOGUE: readonly RuleEntry[] = [
  {
    id: RuleId.ReturnedAddress,
    kind: 'cause',
    title: 'The address of a local outlives the function',
    summary:
      "A pointer to the value leaves the function: it is returned, assigned to a result, or written through a pointer the caller passed in (`*out = &u`). The caller can use it after the function's stack frame is gone, so the compiler allocates the value on the heap instead.",
    compilerPrints: [
      'moved to heap: u',
      'flow: ~r0 ← &u',
      'from &u (address-of)',
      'from return &u (return)',
      'flow: {heap} ← &u ... from *out = &u (assign)',
      '&User{...} escapes to heap',
    ],
    avoid:
      "Return the value itself (`func newUser() User`): the result is copied into the caller's frame and nothing is allocated. When the caller needs a pointer, let it own the memory and pass it in (`func fill(u *User)`): a pointer parameter the callee only reads or writes through does not move anything to the heap.",
    hoverFix: 'Return the value itself (`func newUser() User`), or let the caller own the memory and pass in a pointer to fill (`func fill(u *User)`).',
    notWorthIt:
      'When the value must be shared or live long (a cache entry, a server, a node in a graph), when it is created once at start-up, or when it is large and copied often. The heap is where long-lived shared data belongs.',
    articleSection: 'Seeing It In Action (createUserV1 vs createUserV2)',
    links: [FAQ, GC_GUIDE_ESCAPE],
    fix: 'return-by-value',
    seeAlso: [RuleId.PassByValue, RuleId.ProfileFirst],
  },
  {
    id: RuleId.InterfaceConversion,
    kind: 'cause',
    title: 'Converted to an interface',
    summary:
      "An interface value holds a type and one pointer-sized word. A value that is not pointer-shaped (an `int`, a `string`, a struct) is copied into separate memory the interface points to. When the interface value outlives the function, or is passed to a parameter the compiler cannot see through, that copy is allocated on the heap. Arguments to `fmt.Println`, `fmt.Printf`, `log.Printf` and other `...any` parameters are converted this way: one copy for each argument that is not pointer-shaped.",
    compilerPrints: [
      'n escapes to heap',
      'from n (spill)',
      'from ... argument (slice-literal-element)',
      'from fmt.Fprintln(os.Stdout, fmt.a...) (call parameter)',
      'from u (interface-converted)',
    ],
    avoid:
      'Keep concrete types in hot code: write a typed helper (`strconv.AppendInt(buf, n, 10)` instead of `fmt.Sprint(n)`), check that a log level is enabled before building arguments (arguments are converted before the call, even when the logger then drops the message), and when the value already lives on the heap, put a pointer to it in the interface: a pointer needs no copy (a pointer to a local would move the local instead).',
    hoverFix: 'In hot code keep the concrete type: a typed helper (`strconv.AppendInt(buf, n, 10)` instead of `fmt.Sprint(n)`), a log-level check before building arguments, or a pointer to a value that is already on the heap.',
    notWorthIt:
      'Outside loops and hot paths: error messages, start-up, occasional logging. Also when the compiler reports `escapes to heap` for a constant or a small integer: measured on go1.26.8, converting the constant `1000` or an `int` holding a value from 0 to 255 to `any` allocates nothing (the runtime points at static memory), while an `int` holding 1000 or a two-field struct allocates once. Findings that never allocate are in the `noalloc` category (see no-allocation).',
    articleSection: 'Hidden Escape Routes: 1. Interfaces (Dynamic Dispatch)',
    links: [FAQ, GC_GUIDE_ESCAPE],
    seeAlso: [RuleId.HotPathInterfaces, RuleId.ProfileFirst],
  },
  {
    id: RuleId.NonConstantSize,
    kind: 'cause',
    title: 'Size not known at compile time',
    summary:
      'A stack frame has a fixed size, so a `make` whose length or capacity is only known at run time cannot simply be placed in it. Go 1.24 and earlier always allocate such a slice on the heap. Go 1.25 and later reserve a small buffer in the frame (32 bytes by default) and use it when the requested size fits at run time; larger requests still go to the heap through `runtime.makeslice`.',
    compilerPrints: ['make([]byte, n) escapes to heap', 'from make([]byte, n) (non-constant size)', 'make([]byte, n) does not escape (Go 1.25 and later)'],
    avoid:
      'Give the compiler a constant bound: `var buf [64]byte; s := buf[:n]` or `make([]byte, n, 64)` stay on the stack when nothing else makes them escape (the second panics if `n` exceeds 64). Or reuse one buffer across calls.',
    hoverFix: 'Give the compiler a constant bound (`var buf [64]byte; s := buf[:n]`), or reuse one buffer across calls.',
    notWorthIt:
      'When the size is large or unbounded (the heap is the right place), or when the function runs rarely. On Go 1.25 and later, sizes of at most 32 bytes already avoid the heap.',
    versionNote:
      'Go 1.24 and earlier print `make([]byte, n) escapes to heap` with the step `(non-constant size)`. Go 1.25 and later print `does not escape` for the same code, because of the stack buffer; measured on go1.26.8, `make([]byte, n)` allocated nothing for n = 32 and allocated once for n = 33. So on new toolchains `does not escape` for a variable-size `make` means "no heap allocation while it fits in 32 bytes". The threshold is the compiler setting `-gcflags=-d=variablemakethreshold=N`.',
    articleSection: 'Hidden Escape Routes: 2. Slices with Dynamic Size',
    links: [FAQ, { title: 'golang/go#73253', href: 'https://github.com/golang/go/issues/73253' }],
    seeAlso: [RuleId.PreallocateSlices],
  },
  {
    id: RuleId.TooLarge,
    kind: 'cause',
    title: 'Too large for the stack',
    summary:
      'The compiler keeps stack frames below fixed limits and puts anything bigger on the heap, even when it never leaves the function. Measured on go1.26.8: a declared variable (`var a [N]byte`, `x := ...`) may be up to 128 KB; memory made by `new`, `&T{...}`, `make` with a constant size or a literal may be up to 64 KB.',
    compilerPrints: ['moved to heap: a', 'from a (too large for stack)', 'make([]byte, 70000) escapes to heap', 'from make([]byte, 70000) (too large for stack)'],
    avoid:
      'Allocate the buffer once and reuse it (a field of a long-lived struct, or a `sync.Pool`), or work in chunks that fit under the limit.',
    hoverFix: 'Allocate the buffer once and reuse it (a field of a long-lived struct, or a `sync.Pool`), or work in chunks under the limit.',
    notWorthIt:
      'Usually: one heap allocation of 64 KB or more costs little next to the work done on that much memory. Worry only when such buffers are made per request or per loop iteration.',
    versionNote:
      'Limits read from the installed compiler (cmd/compile/internal/ir/cfg.go, the same in go1.24.0, go1.25.0 and go1.26.8; the fixtures confirm both limits): 128 KB explicit, 64 KB implicit. Building with `-gcflags=-smallframes` lowers them to 64 KB and 16 KB.',
    articleSection: 'The Heap: The Shared Chaos',
    links: [FAQ, GC_GUIDE],
  },
  {
    id: RuleId.ZeroSizedElement,
    kind: 'cause',
    title: 'Slice of a zero-sized type',
    summary:
      'The compiler does not place `make` of a slice whose element type has no size (`[]struct{}`) on the stack, so it reports it as escaping. The runtime hands out one shared address for zero-byte allocations, so no memory is actually allocated.',
    compilerPrints: ['make([]struct {}, n) escapes to heap', 'from make([]struct {}, n) (zero-sized element)'],
    avoid: 'Nothing to avoid: the report is a compiler limitation (golang/go#65685), not a cost.',
    hoverFix: 'Nothing to do: no memory is allocated.',
    notWorthIt: 'Always. Leave the code as it is.',
    versionNote:
      'Go 1.25 and later name this reason (`zero-sized element`); Go 1.24 reports the same `make([]struct{}, n)` as a non-constant size. Measured on go1.26.8: no allocation at run time.',
    articleSection: 'Escape Analysis: The Compiler’s Decision',
    links: [{ title: 'golang/go#65685', href: 'https://github.com/golang/go/issues/65685' }],
  },
  {
    id: RuleId.ClosureCapture,
    kind: 'cause',
    title: 'Captured by a closure that outlives the function',
    summary:
      'A function literal that is returned, stored, started with `go`, or deferred inside a loop lives on the heap. Variables it captures by reference move to the heap with it. The compiler captures a variable by value instead (a private copy, nothing moved) when it is at most 128 bytes, its address is never taken, and it is not assigned after the closure is made. A `go f(&x)` statement counts too: the compiler wraps the call in a function literal.',
    compilerPrints: ['moved to heap: x', 'from x (captured by a closure)', 'func literal escapes to heap', 'from func literal (spill)'],
    avoid:
      'Pass what the closure needs as an argument (`go func(x int) { ... }(x)`), so the closure gets its own copy, or stop assigning to the captured variable after the closure is made so that it is captured by value. A `defer` at the top level of a function does not escape; the same `defer` inside a loop does.',
    hoverFix: 'Pass what the closure needs as an argument (`go func(x int) { ... }(x)`), or stop assigning to the variable after the closure is made, so that it is captured by value.',
    notWorthIt:
      'When the closure must share the variable with the function that made it (a counter, a result it fills in), or when the goroutine is started once.',
    articleSection: 'Hidden Escape Routes: 3. Closure Capture',
    links: [FAQ],
    fix: 'closure-capture',
  },
  {
    id: RuleId.ChannelSend,
    kind: 'cause',
    title: 'Sent on a channel',
    summary:
      'The compiler does not follow values through channels: whatever is sent may be received by another goroutine at any later time. A pointer sent on a channel therefore moves its target to the heap, even when the channel is local.',
    compilerPrints: ['moved to heap: u', 'from ch <- &u (send)'],
    avoid: 'Send small values instead of pointers to them (`chan User` rather than `chan *User`); the value is copied into the channel buffer.',
    hoverFix: 'Send the value instead of a pointer to it (`chan User` rather than `chan *User`).',
    notWorthIt: 'When the sender hands over ownership of a large object, or when copying the value would cost more than one allocation.',
    articleSection: 'Escape Analysis: The Compiler’s Decision (its list of escape routes)',
    links: [FAQ],
  },
  {
    id: RuleId.HeapStore,
    kind: 'cause',
    title: 'Stored in a global or in heap memory',
    summary:
      'The value (or its address) is written somewhere the compiler must assume is on the heap: a package-level variable, a map, a slice element, an element added with `append`, a field reached through a pointer, or a field of another value that itself escapes. Anything reachable from the heap must be on the heap too.',
    compilerPrints: [
      'moved to heap: u',
      'flow: {heap} ← &u ... from global = &u (assign)',
      'from m[&u] (key of map put)',
      'from map[string]*User{...} (map literal value)',
      'from append(s, &u) (call parameter)',
      'from User{...} (struct literal element)',
    ],
    avoid: 'Store values rather than pointers (`[]User`, `map[string]User`), or keep the container local so that it does not escape either.',
    hoverFix: 'Store values rather than pointers (`[]User`, `map[string]User`), or keep the container local so that it does not escape either.',
    notWorthIt: 'When the container is long-lived by design (a registry, a cache) or entries must be shared and mutated in place.',
    articleSection: 'Escape Analysis: The Compiler’s Decision (its list of escape routes)',
    links: [FAQ, GC_GUIDE],
    seeAlso: [RuleId.PreallocateSlices],
  },
  {
    id: RuleId.LeakingCall,
    kind: 'cause',
    title: 'Passed to a function that keeps it',
    summary:
      'The value is passed to a function whose parameter leaks: the compiler concluded, from that function body, that it may keep the argument somewhere that outlives the call. Calls through an interface method or a function value are treated the same way, because the compiler cannot see which function runs.',
    compilerPrints: ['moved to heap: u', 'from keep(&u) (call parameter)', 'leaking param: p (on the callee)'],
    avoid:
      "Change the callee so that it does not keep the pointer (copy what it needs), call a concrete type instead of an interface method in hot code, or pass a value instead of a pointer. `//go:noinline` alone changes nothing: a callee that does not keep its pointer parameter lets the caller's value stay on the stack whether or not it is inlined.",
    hoverFix: 'Change the callee so that it does not keep the pointer (copy what it needs), or pass a value instead of a pointer.',
    notWorthIt: 'When the callee keeps the value on purpose (it registers or caches it), or when it is in a package you do not control.',
    articleSection: 'Benchmarking the Cost (by pointer vs by value)',
    links: [FAQ],
    seeAlso: [RuleId.PassByValue, RuleId.HotPathInterfaces],
  },
  {
    id: RuleId.LeakingParam,
    kind: 'verdict',
    title: 'A parameter leaks',
    summary:
      "Not an allocation by itself: a summary of this function that callers inherit. `leaking param: p` means the function may keep `p` beyond the call, so arguments that callers pass for it (or the values they point to) move to the heap at the call site. `leaking param content: p` means only what `p` points to leaks. `leaking param: p to result ...` means it only leaks if the caller's result does (the compiler names an unnamed result by its position).",
    compilerPrints: ['leaking param: p', 'leaking param content: p', 'leaking param: p to result ~r0 level=0'],
    avoid: 'Keep copies of what the function needs instead of the pointer itself, or return values instead of storing them.',
    notWorthIt: 'Most of the time: a leak to a result is free when the caller keeps the result local, and many functions must keep their arguments.',
    articleSection: 'Escape Analysis: The Compiler’s Decision',
    links: [FAQ],
  },
  {
    id: RuleId.NoEscape,
    kind: 'verdict',
    title: 'Stays on the stack',
    summary:
      'The compiler proved that the value does not outlive the function, so it lives in the stack frame and costs nothing to free. A variable with no heap message at all also stays on the stack.',
    compilerPrints: ['p does not escape', 'make([]byte, 64) does not escape', 'func literal does not escape'],
    avoid: 'Nothing to avoid.',
    notWorthIt: 'Not applicable.',
    versionNote:
      'On Go 1.25 and later, `make([]T, n) does not escape` with a variable `n` still allocates on the heap at run time when the slice needs more than 32 bytes (see non-constant-size).',
    articleSection: 'The Stack: The Fast Lane',
    links: [FAQ],
  },
  {
    id: RuleId.NoAllocation,
    kind: 'verdict',
    title: 'Reported as escaping, but nothing is allocated',
    summary:
      "Escape analysis decides where a value would need heap memory; later the compiler, or the runtime, avoids the allocation for some of these values, and `-m` still prints the verdict. Measured on go1.26.8 with `testing.AllocsPerRun`, each of these allocates nothing: a constant converted to an interface (`\"err is nil\" escapes to heap`, `200 escapes to heap`: the interface points at read-only data); a `bool` or one-byte integer converted to an interface (the runtime keeps a table of the 256 byte values); a value of a type whose size is zero (`struct{}{}`, a struct of zero-size fields such as `context.backgroundCtx{}`, `&T{}` or `new(T)` of one, `make([]struct{}, n)`: every zero-byte allocation gets the same address); a struct or array literal of constants converted to an interface (laid out in read-only data); a function literal that captures no variable (a static function value); a slice made with capacity zero (`make([]int, 0)`, `[]int{}`). These findings are in the `noalloc` category, which is not shown by default.",
    compilerPrints: [
      '"err is nil" escapes to heap',
      '200 escapes to heap',
      'b escapes to heap (b is a bool)',
      'context.backgroundCtx{} escapes to heap',
      '&empty{} escapes to heap (empty is struct{})',
      'Point{...} escapes to heap (for Point{1, 2})',
      'func literal escapes to heap (capturing nothing)',
      'make([]int, 0) escapes to heap',
    ],
    avoid: 'Nothing to avoid: no memory is allocated. Add `noalloc` to `goEscape.include` to see these findings (as hints).',
    notWorthIt: 'Always: there is no cost to remove.',
    versionNote:
      'Checked against the installed compiler, go1.26.8 (cmd/compile/internal/walk: `dataWord` in convert.go for interface conversions, `addrTemp` in order.go for constants and literals of constants, closure.go for function literals without captured variables); test/fixtures/noalloc measures every case. The same conversions of values that are not constants do allocate: a `string` variable, an `int` variable (unless it holds 0 to 255 at run time), a struct with a variable field, a struct of two `bool`s, a closure that captures a variable, an empty map literal.',
    articleSection: 'Hidden Escape Routes: 1. Interfaces (Dynamic Dispatch)',
    links: [FAQ, { title: 'cmd/compile/internal/walk/convert.go', href: 'https://go.dev/src/cmd/compile/internal/walk/convert.go' }],
  },
  {
    id: RuleId.Unexplained,
    kind: 'verdict',
    title: 'No explanation from the compiler',
    summary:
      'The compiler reported the verdict but no reason that this extension can read. Explanations are only printed with `-gcflags=-m=2`. A few verdicts are printed under another name than their explanation (`append escapes to heap` after an explanation of `append(s, x)`); they are paired by position when only one explanation is there, and left unexplained otherwise. The verdict itself is still the compiler’s; only the why is missing, and the hover says so instead of guessing.',
    compilerPrints: ['moved to heap: u (from -gcflags=-m, which prints no reasons)'],
    avoid: 'Run `go build -gcflags=-m=2` in the package to see the compiler’s full reasoning.',
    notWorthIt: 'Not applicable.',
    articleSection: 'Seeing It In Action',
    links: [FAQ],
  },
  {
    id: RuleId.PassByValue,
    kind: 'advice',
    title: 'Pass small structs by value',
    summary:
      "Copying a small struct is cheap, and a value cannot make anything else escape. A pointer parameter does not allocate by itself: measured on go1.26.8, passing `&c` (an 80-byte struct) to a `//go:noinline` function that only reads a field allocated nothing and the compiler reported `c does not escape`. The allocation appears when the pointer is kept: returned, stored, sent, or passed on to something that keeps it. The article's 40x figure assumes that the pointer escaped; in our run of the same two functions neither allocated and the pointer version was not slower. The cost of a pointer is what it lets escape, not the pointer itself.",
    compilerPrints: ['c does not escape', 'leaking param: c'],
    avoid: 'Default to values for small structs that the callee does not need to modify; use pointers for mutation, identity, or large structs.',
    notWorthIt: 'When the struct is large (hundreds of bytes or more) and passed often, copying costs more than it saves.',
    articleSection: 'Benchmarking the Cost; Practical Advice 1 (Default to “Pass by Value”)',
    links: [FAQ, GC_GUIDE_ESCAPE],
  },
  {
    id: RuleId.HotPathInterfaces,
    kind: 'advice',
    title: 'Watch interfaces in hot paths',
    summary:
      'Each conversion of a non-pointer value to an escaping interface is one heap allocation, so `any` arguments in a loop that runs per request or per record add up. Calls through an interface also hide the callee from escape analysis, so pointer arguments to them move to the heap.',
    compilerPrints: ['v escapes to heap', 'from w.Write(buf) (call parameter)'],
    avoid: 'Use concrete types in the hot loop, and convert to an interface once, outside it.',
    notWorthIt: 'Code that is not hot. Measure before reshaping APIs.',
    articleSection: 'Practical Advice 2 (Watch your Interfaces)',
    links: [GC_GUIDE_ESCAPE],
  },
  {
    id: RuleId.PreallocateSlices,
    kind: 'advice',
    title: 'Pre-allocate slices whose final size is known',
    summary:
      '`append` on a full slice allocates a larger backing array and copies into it. Measured on go1.26.8: appending 1,000 `int`s to a nil slice allocated 9 times; with `make([]int, 0, 1000)` first, once. When the final length is known (or has a good upper bound), make the slice with that capacity once: `make([]T, 0, n)`.',
    compilerPrints: ['make([]T, 0, n) escapes to heap', 'append escapes to heap'],
    avoid: 'Pass the expected size to `make` as the capacity, then `append`.',
    notWorthIt: 'When the size is unknown and usually small, or the slice is built once.',
    articleSection: 'Practical Advice 3 (Pre-allocate Slices)',
    links: [{ title: 'Go wiki: SliceTricks', href: 'https://go.dev/wiki/SliceTricks' }],
    fix: 'preallocate',
  },
  {
    id: RuleId.ProfileFirst,
    kind: 'advice',
    title: 'Profile before optimising',
    summary:
      'Escape analysis says where allocations can happen, not how often they run. Look at a CPU profile first: if `runtime.mallocgc` takes a noticeable share (the article suggests 5% as a rule of thumb), find the hot allocation sites in a heap profile (`alloc_objects`) and then use these diagnostics on those lines.',
    compilerPrints: [],
    avoid: '`go test -bench . -cpuprofile cpu.out -memprofile mem.out`, then `go tool pprof -top cpu.out` and `go tool pprof -sample_index=alloc_objects -top mem.out`.',
    notWorthIt: 'Skipping the profile is fine only for code you already know is hot.',
    articleSection: 'Practical Advice 4 (Profile mallocgc)',
    links: [DIAGNOSTICS, GC_GUIDE],
  },
  ...DECISION_RULES,
];

const BY_ID = new Map<string, RuleEntry>(CATALOGUE.map((e) => [e.id, e]));

/** The catalogue entry for a rule id, or undefined for an id the catalogue does not know. */
export function ruleEntry(id: string): RuleEntry | undefined {
  return BY_ID.get(id);
}

/**
 * The link to a rule's section. `base` is where RULES.md is reachable for the client: a relative
 * path, a file URI of the installed extension, or a web URL; the anchor is always the rule id.
 */
export function ruleHref(id: string, base: string = RULES_DOCUMENT): string {
  return `${base}#${id}`;
}
