/** Annotations (title, description, examples, default, `x-…`, deprecated, unknown keywords): metadata-only changes. */
import { byCodeUnit, deepEqual, has, show } from '../json-values.js';
import type { ChangeKind } from '../kinds.js';
import { dialectOfNode, isAnnotationKeyword, type SNode } from '../schema-node.js';
import { mapOf, type SchemaDiffer } from './differ.js';

const METADATA_KINDS: Record<string, ChangeKind> = {
  title: 'TITLE_CHANGED',
  description: 'DESCRIPTION_CHANGED',
  examples: 'EXAMPLES_CHANGED',
  $comment: 'COMMENT_CHANGED',
  default: 'DEFAULT_CHANGED',
};

export function compareAnnotations(d: SchemaDiffer, o: SNode, n: SNode, path: string): void {
  const O = mapOf(o.value);
  const N = mapOf(n.value);
  const od = dialectOfNode(o);
  const nd = dialectOfNode(n);
  const keys = new Set<string>();
  for (const k of Object.keys(O)) if (isAnnotationKeyword(k, od) && (!has(N, k) || isAnnotationKeyword(k, nd))) keys.add(k);
  for (const k of Object.keys(N)) if (isAnnotationKeyword(k, nd) && (!has(O, k) || isAnnotationKeyword(k, od))) keys.add(k);
  for (const k of [...keys].sort(byCodeUnit)) {
    const before = has(O, k) ? O[k] : undefined;
    const after = has(N, k) ? N[k] : undefined;
    if (deepEqual(before, after)) continue;
    const at = has(N, k) ? d.at(n, 'new', k) : d.at(o, 'old', k);
    if (k === 'deprecated' && Boolean(before) !== Boolean(after)) {
      if (after) d.emit('DEPRECATED_ADDED', at, path, 'marked deprecated: consumers should plan to stop relying on it');
      else d.emit('DEPRECATED_REMOVED', at, path, 'no longer marked deprecated');
      continue;
    }
    const kind = (has(METADATA_KINDS, k) ? METADATA_KINDS[k] : undefined) ?? 'METADATA_CHANGED';
    const what = before === undefined ? `${k} added` : after === undefined ? `${k} removed` : `${k} changed`;
    const detail = k === 'description' || k === 'examples' || k === '$comment' ? '' : before === undefined ? `: ${show(after)}` : after === undefined ? `: was ${show(before)}` : ` from ${show(before)} to ${show(after)}`;
    d.emit(kind, at, path, `${what}${detail} (metadata only)`);
  }
}
