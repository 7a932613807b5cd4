/** Validation keywords the walk does not analyse: any change to them is reported conservatively. */
import { deepEqual, has } from '../json-values.js';
import { dialectOfNode, isAnnotationKeyword } from '../schema-node.js';
import type { SchemaDiffer, Site } from './differ.js';

const UNANALYSED = ['unevaluatedItems', 'unevaluatedProperties', '$dynamicRef'];

export function compareUnanalysed(d: SchemaDiffer, s: Site): void {
  const { o, n, O, N, path } = s;
  const od = dialectOfNode(o);
  const nd = dialectOfNode(n);
  for (const k of UNANALYSED) {
    const before = has(O, k) && !isAnnotationKeyword(k, od) ? O[k] : undefined;
    const after = has(N, k) && !isAnnotationKeyword(k, nd) ? N[k] : undefined;
    if (deepEqual(before, after)) continue;
    const at = after !== undefined ? d.at(n, 'new', k) : d.at(o, 'old', k);
    d.emit('KEYWORD_CHANGED', at, path, `${k} changed; its effect is not analysed, so it counts as incompatible`);
  }
}
