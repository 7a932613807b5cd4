/**
 * References: `$ref`s followed on both sides (src/diff/schema-node.ts `deref`), unresolvable ones
 * compared by their text, and the shortcut that skips a place whose file and everything it
 * reaches are byte-identical on both sides.
 */
import { refsOf, resolveRef } from '../../schema/refs.js';
import { deref, hasRef, type SNode } from '../schema-node.js';
import type { DiffContext, SchemaDiffer } from './differ.js';

/** Handles the place when either side holds a `$ref`; returns false when there is none (compare the structure). */
export function compareReference(d: SchemaDiffer, o: SNode, n: SNode, path: string, depth: number): boolean {
  const oRef = hasRef(o);
  const nRef = hasRef(n);
  if (!oRef && !nRef) return false;
  const od = deref(o);
  const nd = deref(n);
  if ('unresolved' in od || 'unresolved' in nd) {
    const oldRef = 'unresolved' in od ? od.unresolved : undefined;
    const newRef = 'unresolved' in nd ? nd.unresolved : undefined;
    if (oldRef !== undefined && oldRef === newRef) return true; // the same unresolvable reference: nothing known changed
    const why = 'unresolved' in nd ? nd.reason : 'unresolved' in od ? `in the old schema, ${od.reason}` : 'a reference changed';
    d.emit('REF_CHANGED', nRef ? d.at(n, 'new', '$ref') : d.at(n, 'new'), path, `${why}; the change cannot be judged, so it counts as incompatible`);
    return true;
  }
  d.compare(od, nd, path, depth + 1, oRef && nRef);
  return true;
}

/** Same file, same place, and nothing that file reaches changed: skip the walk. */
export function sameUnchangedPlace(ctx: DiffContext, o: SNode, n: SNode): boolean {
  if (o.file !== n.file || o.pointer !== n.pointer || o.keyLoc || n.keyLoc) return false;
  let result = ctx.unchanged.get(o.file);
  if (result === undefined) {
    result = closureUnchanged(ctx, o.file);
    ctx.unchanged.set(o.file, result);
  }
  return result;
}

/**
 * Whether a file and everything it references (transitively) are byte-identical on both sides:
 * then any subschema of it is unchanged and the walk can skip it.
 *
 * Files already answered are not walked again (the shared ID schemas are reached from every
 * payload): a known `true` covers that file's whole closure, a known `false` is reached from here
 * too. When the answer is `true`, it is `true` for every file visited, so they are recorded.
 */
function closureUnchanged(ctx: DiffContext, file: string): boolean {
  const seen = new Set([file]);
  const stack = [file];
  while (stack.length) {
    const current = stack.pop()!;
    const before = ctx.old.model.json.get(current)?.doc;
    const after = ctx.new.model.json.get(current)?.doc;
    if (!before || !after || before.text !== after.text) return false;
    if (!before.ok) continue;
    for (const { ref } of refsOf(before.value)) {
      for (const model of [ctx.old.model, ctx.new.model]) {
        const target = resolveRef(model, current, ref);
        if (target.kind !== 'local' || seen.has(target.file)) continue;
        const known = ctx.unchanged.get(target.file);
        if (known === false) return false;
        seen.add(target.file);
        if (known === undefined) stack.push(target.file);
      }
    }
  }
  for (const visited of seen) ctx.unchanged.set(visited, true);
  return true;
}
