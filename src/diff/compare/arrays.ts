/** Arrays: tuple positions, the schema for the rest, `contains`, counts and `uniqueItems`. */
import { has, type JsonObject } from '../json-values.js';
import { child, dialectOfNode, trueAt, type SNode } from '../schema-node.js';
import { compareCount } from './bounds.js';
import { arrayOf, describeJudgement, type SchemaDiffer, type Site } from './differ.js';
import { compareOpenness } from './openness.js';

export function compareArrays(d: SchemaDiffer, s: Site): void {
  const { o, n, O, N, path, depth } = s;
  const a = arrayView(o, O);
  const b = arrayView(n, N);
  const count = Math.max(a.prefix, b.prefix);
  for (let i = 0; i < count; i++) {
    const p = `${path}[${i}]`;
    if (i < a.prefix && i < b.prefix) d.compare(child(o, a.prefixKey, i), child(n, b.prefixKey, i), p, depth + 1);
    else if (i < b.prefix) {
      const before = restAt(o, O, a.restKey);
      const flags = d.judge(before, child(n, b.prefixKey, i), p, depth);
      d.emit('PREFIX_ITEM_ADDED', d.at(n, 'new', b.prefixKey, i), path, `tuple position ${i} now has its own schema (${describeJudgement(flags)})`, flags);
    } else {
      const after = restAt(n, N, b.restKey);
      const flags = d.judge(child(o, a.prefixKey, i), after, p, depth);
      d.emit('PREFIX_ITEM_REMOVED', d.at(o, 'old', a.prefixKey, i), path, `tuple position ${i} lost its own schema (${describeJudgement(flags)})`, flags);
    }
  }
  compareOpenness(d, s, a.restKey, b.restKey, 'ITEMS', `${path}[]`);
  const oc = has(O, 'contains');
  const nc = has(N, 'contains');
  if (oc && nc) {
    d.compare(child(o, 'contains'), child(n, 'contains'), `${path}[]`, depth + 1);
    if (dialectOfNode(o) === '2020-12' || dialectOfNode(n) === '2020-12') {
      compareCount(d, s, 'minContains', 'lower', 1);
      compareCount(d, s, 'maxContains', 'upper');
    }
  } else if (nc) d.emit('CONTAINS_ADDED', d.at(n, 'new', 'contains'), path, 'contains added: the array must now hold a matching item');
  else if (oc) d.emit('CONTAINS_REMOVED', d.at(o, 'old', 'contains'), path, 'contains removed: no matching item is required any more');
  compareCount(d, s, 'minItems', 'lower');
  compareCount(d, s, 'maxItems', 'upper');
  const u = O.uniqueItems === true;
  const v = N.uniqueItems === true;
  if (!u && v) d.emit('UNIQUE_ITEMS_ADDED', d.at(n, 'new', 'uniqueItems'), path, 'uniqueItems added: arrays with duplicates are now rejected');
  if (u && !v) d.emit('UNIQUE_ITEMS_REMOVED', has(N, 'uniqueItems') ? d.at(n, 'new', 'uniqueItems') : d.at(o, 'old', 'uniqueItems'), path, 'uniqueItems removed: duplicates are now accepted');
}

/**
 * The schema an index past the tuple gets: `items` (draft-07 `additionalItems`), else a 2020-12
 * `unevaluatedItems` when nothing beside it evaluates items (then it sees exactly the tuple), else any.
 */
function restAt(node: SNode, schema: JsonObject, restKey: string | undefined): SNode {
  if (restKey !== undefined && has(schema, restKey)) return child(node, restKey);
  const plain = !['allOf', 'anyOf', 'oneOf', 'if', 'not', '$ref', '$dynamicRef', 'contains'].some((k) => has(schema, k));
  if (dialectOfNode(node) === '2020-12' && has(schema, 'unevaluatedItems') && plain) return child(node, 'unevaluatedItems');
  return trueAt(node, restKey ?? 'items');
}

/** Tuple positions and the schema for the rest, per dialect: 2020-12 `prefixItems`/`items`, draft-07 `items` array/`additionalItems`. */
export function arrayView(node: SNode, schema: JsonObject): { prefix: number; prefixKey: string; restKey: string | undefined } {
  if (Array.isArray(schema.items)) return { prefix: schema.items.length, prefixKey: 'items', restKey: dialectOfNode(node) === 'draft-07' ? 'additionalItems' : undefined };
  if (dialectOfNode(node) === '2020-12') return { prefix: arrayOf(schema.prefixItems).length, prefixKey: 'prefixItems', restKey: 'items' };
  return { prefix: 0, prefixKey: 'items', restKey: 'items' };
}
