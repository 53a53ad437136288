// Stable rule ids. They are the diagnostic `code`, anchors in RULES.md and keys of the
// catalogue (catalogue.ts holds the text); the classifier and every predictor rule use these.
export const RuleId = {
  /** The address of a local is returned or stored where it outlives the function. */
  ReturnedAddress: 'returned-address',
  /** A value is converted to an interface (including `...any` arguments) and the interface escapes. */
  InterfaceConversion: 'interface-conversion',
  /** `make` or `new` with a size the compiler cannot know. */
  NonConstantSize: 'non-constant-size',
  /** Too large for a stack frame. */
  TooLarge: 'too-large',
  /** `make` of a slice whose element type has size zero (`[]struct{}`); the compiler sends it to the heap. */
  ZeroSizedElement: 'zero-sized-element',
  /** Captured by a closure that outlives the frame (goroutine, defer, stored or returned func). */
  ClosureCapture: 'closure-capture',
  /** Sent on a channel. */
  ChannelSend: 'channel-send',
  /** Stored in a global, or into something already on the heap (field, map, slice element). */
  HeapStore: 'heap-store',
  /** Passed to a parameter that leaks (the callee keeps it). */
  LeakingCall: 'leaking-call',
  /** A parameter of this function leaks (`leaking param: p`). */
  LeakingParam: 'leaking-param',
  /** The compiler proved it stays on the stack (`does not escape`). */
  NoEscape: 'no-escape',
  /** Reported as escaping, but nothing is allocated at run time (constants, single bytes, zero-size values in interfaces, ...). */
  NoAllocation: 'no-allocation',
  /** The compiler gave no explanation we could classify. */
  Unexplained: 'unexplained',
  /** Advice: pass small structs by value. */
  PassByValue: 'pass-by-value',
  /** Advice: watch interfaces in hot paths. */
  HotPathInterfaces: 'hot-path-interfaces',
  /** Advice: pre-allocate slices whose final size is known. */
  PreallocateSlices: 'preallocate-slices',
  /** Advice: look at runtime.mallocgc in a CPU profile before optimising. */
  ProfileFirst: 'profile-mallocgc',
  /** Decision: a call the compiler inlined (`inlining call to f`). */
  InlinedCall: 'inlined-call',
  /** Decision: a function the compiler cannot inline, with its reason (`cannot inline f: ...`). */
  NotInlined: 'not-inlined',
  /** Decision: a bounds check left in (`Found IsInBounds`, `Found IsSliceInBounds`). */
  BoundsCheck: 'bounds-check',
  /** Decision: an explicit nil check left in (`generated nil check`). */
  NilCheck: 'nil-check',
  /** Assertion: `//gcassert:noescape` failed. */
  AssertNoEscape: 'assert-noescape',
  /** Assertion: `//gcassert:inline` failed. */
  AssertInline: 'assert-inline',
  /** Assertion: `//gcassert:bce` failed. */
  AssertBce: 'assert-bce',
  /** Assertion: `//go-escape:noheap` failed. */
  AssertNoHeap: 'assert-noheap',
  /** Assertion: a directive that is not known or not where it can apply. */
  AssertDirective: 'assert-directive',
} as const;

export type RuleIdValue = (typeof RuleId)[keyof typeof RuleId];
