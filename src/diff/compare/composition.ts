/** Composition: `allOf`/`anyOf`/`oneOf` lists aligned and compared pairwise, `not`, and `if`/`then`/`else`. */
import { has } from '../json-values.js';
import { child, trueAt } from '../schema-node.js';
import { shapeKey } from '../schema-shape.js';
import { arrayOf, describeJudgement, mapOf, type Flags, type SchemaDiffer, type Site } from './differ.js';

const COMPOSITIONS = ['allOf', 'anyOf', 'oneOf'] as const;
type Composition = (typeof COMPOSITIONS)[number];

/** Lists longer than this are aligned by position instead of by best match. */
const MAX_ALIGN = 24;
/** Best-match side walks per diff before alignment falls back to position (pathological nesting). */
const MAX_JUDGES = 20_000;

export function compareCompositions(d: SchemaDiffer, s: Site): void {
  const { n, O, N, path } = s;
  const oHas = COMPOSITIONS.filter((m) => Array.isArray(O[m]));
  const nHas = COMPOSITIONS.filter((m) => Array.isArray(N[m]));
  for (const m of oHas) if (nHas.includes(m)) compareLists(d, s, m, m);
  const oOnly = oHas.filter((m) => !nHas.includes(m));
  const nOnly = nHas.filter((m) => !oHas.includes(m));
  const from = oOnly.length === 1 ? oOnly[0] : undefined;
  const to = nOnly.length === 1 ? nOnly[0] : undefined;
  if (from && to) {
    const single = arrayOf(O[from]).length === 1 && arrayOf(N[to]).length === 1;
    // allOf/anyOf/oneOf of one subschema all mean that subschema: only the subschema can differ.
    if (!single) {
      const flags: Flags = from === 'oneOf' && to === 'anyOf' ? { backward: true, forward: false } : from === 'anyOf' && to === 'oneOf' ? { backward: false, forward: true } : { backward: false, forward: false };
      d.emit('COMPOSITION_METHOD_CHANGED', d.at(n, 'new', to), path, `${from} became ${to} (${describeJudgement(flags)})`, flags);
    }
    compareLists(d, s, from, to);
    return;
  }
  for (const m of oOnly) d.emit('COMPOSITION_REMOVED', d.at(s.o, 'old', m), path, `${m} removed: its subschemas no longer apply`);
  for (const m of nOnly) d.emit('COMPOSITION_ADDED', d.at(n, 'new', m), path, `${m} added: values must now match its subschemas`);
}

/** Aligns two subschema lists (equal shapes first, then best match) and compares the pairs. */
function compareLists(d: SchemaDiffer, s: Site, oKey: Composition, nKey: Composition): void {
  const { o, n, path, depth } = s;
  const oList = arrayOf(mapOf(o.value)[oKey]).map((_, i) => child(o, oKey, i));
  const nList = arrayOf(mapOf(n.value)[nKey]).map((_, i) => child(n, nKey, i));
  const oShapes = oList.map((x) => shapeKey(x));
  const nShapes = nList.map((x) => shapeKey(x));
  const pairs: [number, number][] = [];
  const oFree = new Set(oList.keys());
  const nFree = new Set(nList.keys());
  for (const i of oList.keys()) {
    for (const j of nFree) {
      if (oShapes[i] === nShapes[j]) {
        pairs.push([i, j]);
        oFree.delete(i);
        nFree.delete(j);
        break;
      }
    }
  }
  if (oFree.size === nFree.size || oFree.size * nFree.size > MAX_ALIGN * MAX_ALIGN || d.ctx.work.judges > MAX_JUDGES) {
    const b = [...nFree];
    for (const [k, i] of [...oFree].entries()) {
      const j = b[k];
      if (j === undefined) break;
      pairs.push([i, j]);
      oFree.delete(i);
      nFree.delete(j);
    }
  } else {
    for (const i of [...oFree]) {
      let best: number | undefined;
      let bestCount = Infinity;
      for (const j of nFree) {
        d.ctx.work.judges++;
        const { count } = d.judge(oList[i]!, nList[j]!, path, depth);
        if (count < bestCount) {
          best = j;
          bestCount = count;
        }
      }
      if (best === undefined) break;
      pairs.push([i, best]);
      oFree.delete(i);
      nFree.delete(best);
    }
  }
  // (every pair holds indexes of the two lists)
  for (const [i, j] of pairs.sort((x, y) => x[1] - y[1])) d.compare(oList[i]!, nList[j]!, path, depth + 1);
  for (const j of nFree) {
    if (nKey === 'allOf') d.emit('PRODUCT_TYPE_EXTENDED', d.at(n, 'new', nKey, j), path, 'a subschema was added to allOf: values must now match it too');
    else d.emit('SUM_TYPE_EXTENDED', d.at(n, 'new', nKey, j), path, `an alternative was added to ${nKey}: values matching it are now accepted`);
  }
  for (const i of oFree) {
    if (oKey === 'allOf') d.emit('PRODUCT_TYPE_NARROWED', d.at(o, 'old', oKey, i), path, 'a subschema was removed from allOf: values no longer need to match it');
    else d.emit('SUM_TYPE_NARROWED', d.at(o, 'old', oKey, i), path, `an alternative was removed from ${oKey}: values matching only it are now rejected`);
  }
}

export function compareNot(d: SchemaDiffer, s: Site): void {
  const { o, n, O, N, path, depth } = s;
  const a = has(O, 'not');
  const b = has(N, 'not');
  if (a && b) {
    const inner = d.judge(child(o, 'not'), child(n, 'not'), path, depth);
    if (!inner.count) return;
    // Whatever the subschema gains, `not` loses: the flags swap.
    const flags = { backward: inner.forward, forward: inner.backward };
    d.emit('NOT_CHANGED', d.at(n, 'new', 'not'), path, `the subschema under not changed (${describeJudgement(flags)})`, flags);
  } else if (b) d.emit('NOT_ADDED', d.at(n, 'new', 'not'), path, 'not added: values matching its subschema are now rejected');
  else if (a) d.emit('NOT_REMOVED', d.at(o, 'old', 'not'), path, 'not removed: values it excluded are now accepted');
}

export function compareConditional(d: SchemaDiffer, s: Site): void {
  const { o, n, O, N, path, depth } = s;
  const a = has(O, 'if');
  const b = has(N, 'if');
  if (!a && !b) return;
  if (!b) return d.emit('CONDITIONAL_REMOVED', d.at(o, 'old', 'if'), path, 'the if/then/else conditional was removed');
  if (!a) return d.emit('CONDITIONAL_ADDED', d.at(n, 'new', 'if'), path, 'an if/then/else conditional was added');
  if (shapeKey(child(o, 'if')) !== shapeKey(child(n, 'if'))) return d.emit('CONDITIONAL_CHANGED', d.at(n, 'new', 'if'), path, 'the if condition changed; the values each branch applies to differ');
  for (const key of ['then', 'else']) {
    const before = has(O, key) ? child(o, key) : trueAt(o, key);
    const after = has(N, key) ? child(n, key) : trueAt(n, key);
    d.compare(before, after, path, depth + 1);
  }
}
