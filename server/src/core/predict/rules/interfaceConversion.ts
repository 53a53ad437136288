// Converting a non-pointer value to an interface boxes a copy of it: the copy is an allocation
// (`x escapes to heap`) when the interface escapes. Pointer-shaped values are stored directly
// in the interface, so for them only the pointer flows on.
import type { Node } from 'web-tree-sitter';
import { RuleId } from '../../catalogue/ids';
import { unparen } from '../../treesitter/nodes';
import type { Hole } from '../engine/graph';
import type { PredictRule, RuleContext } from './rule';
import { GoType, isPointerShaped } from '../declarations/types';

export const interfaceConversion: PredictRule = {
  id: RuleId.InterfaceConversion,
  summary: 'A non-pointer value is converted to an interface (including `...any` arguments) that escapes.',
  hooks: {
    convert(c: RuleContext, k: Hole, value: Node, dest: GoType): boolean {
      if (!c.isInterface(dest)) return false;
      const v = unparen(value);
      if (v.type === 'nil') return false;
      const u = c.underlying(c.typeOf(v));
      if (u.k === 'unknown' || u.k === 'iface' || u.k === 'typeparam' || u.k === 'named' || isPointerShaped(u) || singlePointer(c, u)) return false;
      if (!k.loc) {
        c.expr(k, v);
        return true;
      }
      const box = c.spill({ ...k, tag: RuleId.InterfaceConversion }, c.subjectOf(v), v, 'convert');
      c.expr(box, v);
      return true;
    },
  },
};

/** Structs and arrays made of exactly one pointer-shaped value are stored in the interface directly. */
function singlePointer(c: RuleContext, u: GoType, depth = 0): boolean {
  if (depth > 4) return false;
  if (isPointerShaped(u)) return true;
  if (u.k === 'struct' && u.fields.size === 1) return singlePointer(c, c.underlying([...u.fields.values()][0]), depth + 1);
  if (u.k === 'array' && u.len === 1) return singlePointer(c, c.underlying(u.elem), depth + 1);
  return false;
}
