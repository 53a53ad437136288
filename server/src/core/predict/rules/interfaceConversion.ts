// Converting a non-pointer value to an interface boxes a copy of it: the copy is an allocation
// (`x escapes to heap`) when the interface escapes. Pointer-shaped values are stored directly
// in the interface, so for them only the pointer flows on.
import type { Node } from 'web-tree-sitter';
import { RuleId } from '../../catalogue/ids';
import type { Analyzer } from '../analyzer';
import { unparen } from '../analyzer';
import type { Hole } from '../graph';
import type { PredictRule } from '../rule';
import { GoType, isPointerShaped } from '../types';

export const interfaceConversion: PredictRule = {
  id: RuleId.InterfaceConversion,
  summary: 'A non-pointer value is converted to an interface (including `...any` arguments) that escapes.',
  hooks: {
    convert(a: Analyzer, k: Hole, value: Node, dest: GoType): boolean {
      if (!a.model.isInterface(dest)) return false;
      const v = unparen(value);
      if (v.type === 'nil') return false;
      const u = a.model.underlying(a.typeOf(v));
      if (u.k === 'unknown' || u.k === 'iface' || u.k === 'typeparam' || u.k === 'named' || isPointerShaped(u) || singlePointer(a, u)) return false;
      if (!k.loc) {
        a.expr(k, v);
        return true;
      }
      const box = a.spill({ ...k, tag: RuleId.InterfaceConversion }, a.subjectOf(v), v, 'convert');
      a.expr(box, v);
      return true;
    },
  },
};

/** Structs and arrays made of exactly one pointer-shaped value are stored in the interface directly. */
function singlePointer(a: Analyzer, u: GoType, depth = 0): boolean {
  if (depth > 4) return false;
  if (isPointerShaped(u)) return true;
  if (u.k === 'struct' && u.fields.size === 1) return singlePointer(a, a.model.underlying([...u.fields.values()][0]), depth + 1);
  if (u.k === 'array' && u.len === 1) return singlePointer(a, a.model.underlying(u.elem), depth + 1);
  return false;
}
