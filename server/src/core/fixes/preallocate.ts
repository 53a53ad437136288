import type { Finding } from '../findings';
import type { GoWorkspace } from './goWorkspace';
import { refuse, type PlanResult } from './plan';

export function planPreallocate(_ws: GoWorkspace, _finding: Finding): PlanResult {
  return refuse('not implemented yet');
}
