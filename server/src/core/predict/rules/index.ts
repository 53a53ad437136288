// The predictor's rules, in the order their hooks are consulted. Each entry is one reason for
// a value to leave the stack; rule ids are the stable ones of the rule catalogue.
import type { PredictRule } from './rule';
import { channelSend } from './channelSend';
import { closureCapture } from './closureCapture';
import { heapStore } from './heapStore';
import { interfaceConversion } from './interfaceConversion';
import { leakingCall } from './leakingCall';
import { nonConstantSize } from './nonConstantSize';
import { returnedAddress } from './returnedAddress';
import { tooLarge } from './tooLarge';

export const RULES: readonly PredictRule[] = [
  returnedAddress,
  heapStore,
  interfaceConversion,
  nonConstantSize,
  tooLarge,
  closureCapture,
  channelSend,
  leakingCall,
];
