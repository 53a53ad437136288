// The checkers every `go-escape check` runs, whatever its flags. Assertion checkers add
// themselves here; the baseline diff is added by the check command when a baseline is given.
import type { Checker } from './checker';

export const CHECKERS: Checker[] = [];
