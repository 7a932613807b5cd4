/**
 * Bounds: numeric ranges (`minimum`/`exclusiveMinimum` and the maxima as one effective bound),
 * `multipleOf`, and the count bounds every family has (`minLength`, `maxItems`, `minProperties`, …).
 */
import { finite, has, type JsonObject } from '../json-values.js';
import { boundKind, type BoundKeyword } from '../kinds.js';
import type { SchemaDiffer, Site } from './differ.js';

export function compareNumbers(d: SchemaDiffer, s: Site): void {
  const { o, n, O, N, path } = s;
  compareRange(d, s, 'lower');
  compareRange(d, s, 'upper');
  const a = positive(O.multipleOf);
  const b = positive(N.multipleOf);
  if (a === b) return;
  if (a === undefined) return d.emit('MULTIPLE_OF_ADDED', d.at(n, 'new', 'multipleOf'), path, `multipleOf ${b} added`);
  if (b === undefined) return d.emit('MULTIPLE_OF_REMOVED', d.at(o, 'old', 'multipleOf'), path, `multipleOf ${a} removed`);
  const at = d.at(n, 'new', 'multipleOf');
  if (isMultiple(b, a)) d.emit('MULTIPLE_OF_EXPANDED', at, path, `multipleOf changed from ${a} to ${b}: fewer numbers qualify`);
  else if (isMultiple(a, b)) d.emit('MULTIPLE_OF_REDUCED', at, path, `multipleOf changed from ${a} to ${b}: more numbers qualify`);
  else d.emit('MULTIPLE_OF_CHANGED', at, path, `multipleOf changed from ${a} to ${b}`);
}

/** `minimum`/`exclusiveMinimum` (or the maxima) as one effective bound, so equivalent spellings are not changes. */
function compareRange(d: SchemaDiffer, s: Site, end: 'lower' | 'upper'): void {
  const { o, n, O, N, path } = s;
  const a = bound(O, end);
  const b = bound(N, end);
  if (!a && !b) return;
  const describe = (x: Bound) => `${x.keyword} ${x.value}`;
  const beyond = end === 'lower' ? 'smaller' : 'larger';
  if (!a) return d.emit(boundKind(b!.keyword, 'ADDED'), d.at(n, 'new', b!.keyword), path, `${describe(b!)} added: ${beyond} values, valid before, are now rejected`);
  if (!b) return d.emit(boundKind(a.keyword, 'REMOVED'), d.at(o, 'old', a.keyword), path, `${describe(a)} removed: ${beyond} values are now accepted, which readers of the old schema reject`);
  // Positive when the new bound is tighter: a larger minimum (smaller maximum), or exclusive on a tie.
  const tighter = (end === 'lower' ? b.value - a.value : a.value - b.value) || Number(b.exclusive) - Number(a.exclusive);
  if (tighter === 0) return;
  const suffix = (end === 'lower') === tighter > 0 ? 'INCREASED' : 'DECREASED';
  const text = a.keyword === b.keyword && a.value !== b.value ? `${b.keyword} ${b.value > a.value ? 'raised' : 'lowered'} from ${a.value} to ${b.value}` : `${end} bound changed from ${describe(a)} to ${describe(b)}`;
  const effect = tighter > 0 ? 'values valid before are now rejected' : 'values rejected before are now accepted, which readers of the old schema reject';
  d.emit(boundKind(b.keyword, suffix), d.at(n, 'new', b.keyword), path, `${text}: ${effect}`);
}

/** A count bound (`minLength`, `maxItems`, …) with its default (0 or 1 for minima, none for maxima). */
export function compareCount(d: SchemaDiffer, s: Site, keyword: BoundKeyword, end: 'lower' | 'upper', fallback = end === 'lower' ? 0 : Infinity): void {
  const { o, n, O, N, path } = s;
  const a = finite(O[keyword]);
  const b = finite(N[keyword]);
  const before = a ?? fallback;
  const after = b ?? fallback;
  if (before === after) return;
  const beyond = end === 'lower' ? 'below' : 'above';
  if (a === undefined || !has(O, keyword)) return d.emit(boundKind(keyword, 'ADDED'), d.at(n, 'new', keyword), path, `${keyword} ${after} added: values ${beyond} it, valid before, are now rejected`);
  if (b === undefined || !has(N, keyword)) return d.emit(boundKind(keyword, 'REMOVED'), d.at(o, 'old', keyword), path, `${keyword} ${before} removed: values ${beyond} it are now accepted, which readers of the old schema reject`);
  const up = after > before;
  const tighter = end === 'lower' ? up : !up;
  d.emit(boundKind(keyword, up ? 'INCREASED' : 'DECREASED'), d.at(n, 'new', keyword), path, `${keyword} ${up ? 'raised' : 'lowered'} from ${before} to ${after}: ${tighter ? 'values valid before are now rejected' : 'values rejected before are now accepted, which readers of the old schema reject'}`);
}

interface Bound {
  value: number;
  exclusive: boolean;
  keyword: 'minimum' | 'maximum' | 'exclusiveMinimum' | 'exclusiveMaximum';
}

export function bound(schema: JsonObject, end: 'lower' | 'upper'): Bound | undefined {
  const inclusive = finite(schema[end === 'lower' ? 'minimum' : 'maximum']);
  const exclusive = finite(schema[end === 'lower' ? 'exclusiveMinimum' : 'exclusiveMaximum']);
  const candidates: Bound[] = [];
  if (inclusive !== undefined) candidates.push({ value: inclusive, exclusive: false, keyword: end === 'lower' ? 'minimum' : 'maximum' });
  if (exclusive !== undefined) candidates.push({ value: exclusive, exclusive: true, keyword: end === 'lower' ? 'exclusiveMinimum' : 'exclusiveMaximum' });
  if (!candidates.length) return undefined;
  // The tighter of the two decides: the larger minimum (the smaller maximum), exclusive on a tie.
  return candidates.reduce((x, y) => {
    const diff = end === 'lower' ? y.value - x.value : x.value - y.value;
    return diff > 0 || (diff === 0 && y.exclusive) ? y : x;
  });
}

export function positive(v: unknown): number | undefined {
  const x = finite(v);
  return x !== undefined && x > 0 ? x : undefined;
}

/** `a` is an integer multiple of `b` (tolerating floating-point noise such as 0.3 / 0.1). */
export function isMultiple(a: number, b: number): boolean {
  const q = a / b;
  return Math.abs(q - Math.round(q)) < 1e-9 && Math.round(q) >= 1;
}
