// Values that must not be copied: a struct holding a sync.Mutex (or another type that go vet's
// copylocks check knows) may not be returned by value, even freshly made, without vet
// complaining at every copy. Fixes that turn pointers into values check for them first.
import type { Node } from 'web-tree-sitter';
import type { GoWorkspace } from './goWorkspace';
import { descendantsOfType, named } from '../treesitter/nodes';

const LOCKS = new Set([
  'sync.Mutex', 'sync.RWMutex', 'sync.WaitGroup', 'sync.Once', 'sync.Cond', 'sync.Map', 'sync.Pool',
  'atomic.Bool', 'atomic.Int32', 'atomic.Int64', 'atomic.Uint32', 'atomic.Uint64', 'atomic.Uintptr', 'atomic.Value', 'atomic.Pointer',
]);

/**
 * The lock-like field found in a type declared in `file`'s package (looking through struct
 * fields of other types of that package), e.g. `mu sync.Mutex`; undefined when none is seen.
 */
export function lockInside(ws: GoWorkspace, file: string, type: Node, depth = 0): string | undefined {
  if (depth > 4) return undefined;
  if (type.type === 'qualified_type') {
    const name = `${type.childForFieldName('package')?.text}.${type.childForFieldName('name')?.text}`;
    return LOCKS.has(name) ? name : undefined;
  }
  if (type.type === 'generic_type') return lockInside(ws, file, type.childForFieldName('type') ?? type, depth);
  if (type.type === 'array_type') {
    const elem = type.childForFieldName('element');
    return elem ? lockInside(ws, file, elem, depth + 1) : undefined;
  }
  if (type.type === 'struct_type') {
    for (const field of descendantsOfType(type, 'field_declaration')) {
      if (field.parent?.parent?.id !== type.id) continue;
      // An embedded pointer (`*sync.Mutex`) shares the lock instead of copying it.
      if (field.children.some((c) => c?.type === '*')) continue;
      const t = field.childForFieldName('type');
      if (!t) continue;
      if (t.text === 'noCopy') return 'noCopy';
      const found = lockInside(ws, file, t, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (type.type === 'type_identifier') {
    const decl = typeDeclaration(ws, file, type.text);
    return decl ? lockInside(ws, file, decl, depth + 1) : undefined;
  }
  return undefined;
}

/** The type expression a package-level `type Name ...` declares, in `file`'s package. */
function typeDeclaration(ws: GoWorkspace, file: string, name: string): Node | undefined {
  for (const f of ws.packageFiles(file)) {
    const root = ws.rootMentioning(f, name);
    if (!root) continue;
    for (const decl of named(root).filter((n) => n.type === 'type_declaration')) {
      for (const spec of named(decl)) {
        if (spec.type === 'type_spec' && spec.childForFieldName('name')?.text === name) return spec.childForFieldName('type') ?? undefined;
      }
    }
  }
  return undefined;
}
