// The checkers every `go-escape check` runs, whatever its flags, as factories: each check makes
// its own (they hold per-run state such as syntax trees). The baseline diff is added by the check
// command when a baseline is given.
import { assertionChecker } from '../assert/gateChecker';
import type { CheckerFactory } from './checker';

export const CHECKERS: readonly CheckerFactory[] = [({ parser }) => assertionChecker(parser)];
