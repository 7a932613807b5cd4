/**
 * What an array or object says about the members it does not list: `items` (beyond the tuple)
 * and `additionalProperties` share one logic: absent/true/{} (open) → a schema narrows, → false
 * narrows further, and the reverse widens; two schemas are compared.
 */
import { has } from '../json-values.js';
import { child, dialectOfNode, isTrivial } from '../schema-node.js';
import type { SchemaDiffer, Site } from './differ.js';

export function compareOpenness(d: SchemaDiffer, s: Site, oKey: string | undefined, nKey: string | undefined, prefix: 'ITEMS' | 'ADDITIONAL_PROPERTIES', childPath: string): void {
  const { o, n, O, N, path, depth } = s;
  const od = dialectOfNode(o);
  const nd = dialectOfNode(n);
  const state = (obj: typeof O, key: string | undefined, dialect: typeof od) => {
    if (key === undefined || !has(obj, key)) return 'open';
    const v = obj[key];
    if (v === false) return 'false';
    return isTrivial(v, dialect) ? 'open' : 'schema';
  };
  const a = state(O, oKey, od);
  const b = state(N, nKey, nd);
  if (a === b && a !== 'schema') return;
  const keyword = prefix === 'ITEMS' ? (nKey ?? oKey ?? 'items') : 'additionalProperties';
  const newAt = nKey !== undefined && has(N, nKey) ? d.at(n, 'new', nKey) : undefined;
  const oldAt = oKey !== undefined && has(O, oKey) ? d.at(o, 'old', oKey) : undefined;
  const what = prefix === 'ITEMS' ? 'array items' : 'undeclared properties';
  if (a === 'schema' && b === 'schema') return d.compare(child(o, oKey!), child(n, nKey!), childPath, depth + 1);
  if (a === 'open' && b === 'schema') return d.emit(`${prefix}_ADDED`, newAt!, path, `${keyword} schema added: ${what} must now match it`);
  if (a === 'schema' && b === 'open') return d.emit(`${prefix}_REMOVED`, newAt ?? oldAt!, path, `${keyword} schema removed: ${what} are no longer checked`);
  if (b === 'false') return d.emit(`${prefix}_NARROWED`, newAt!, path, `${keyword} became false: ${what} are now rejected`);
  d.emit(`${prefix}_EXTENDED`, newAt ?? oldAt!, path, `${keyword} is no longer false: ${what} are now accepted`);
}
