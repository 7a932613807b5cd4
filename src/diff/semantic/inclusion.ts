/**
 * Set inclusion between two schemas: `includes(a, b)` is true only when it is *proven* that
 * every instance valid under `a` is valid under `b` (sound, not complete: false means "not
 * proven", never "disproven"). The differ uses it to clear changes whose keywords moved but
 * whose accepted values did not (`anyOf` widening, `allOf [A] → [A, A]`, a `false` property
 * dropped from a closed object, a `maxLength` a pattern already implies), and the witness
 * search (./witness.ts) disproves what it cannot prove.
 *
 * Both sides are normalised (./normalise.ts); `a` is a union of conjunctions, and each of them,
 * one type family at a time, must fit in one conjunction of `b`. Properties and items recurse;
 * a pair already being checked higher up is assumed to hold (it describes a strictly smaller
 * part of the instance, so the induction is on instance size).
 */
import { safeRegExp } from '../../core/safe-regexp.js';
import { stableStringify } from '../json-values.js';
import { comparePatterns } from '../pattern-compare.js';
import type { SNode } from '../schema-node.js';
import { isTrivial, dialectOfNode } from '../schema-node.js';
import { typeOfValue } from '../type-set.js';
import { isMultiple } from '../compare/bounds.js';
import { supersetsOf } from '../compare/strings.js';
import { itemNodes, normalise, propNodes, restNodes, type Conj } from './normalise.js';
import { patternLength } from './pattern-length.js';

type Family = 'null' | 'boolean' | 'string' | 'array' | 'object' | 'number' | 'integer';

const MAX_DEPTH = 40;
const EMPTY: ReadonlySet<string> = new Set();
/** Inclusion checks per diff before everything further counts as not proven (bounded cost). */
const MAX_CHECKS = 200_000;

export class Inclusion {
  private readonly memo = new Map<string, boolean>();
  private readonly active = new Set<string>();
  private checks = 0;

  /** Every instance valid under all of `a` is valid under all of `b` (proven). */
  includes(a: readonly SNode[], b: readonly SNode[], depth = 0): boolean {
    if (!b.length || b.every((n) => isTrivial(n.value, dialectOfNode(n)))) return true;
    const key = `${keyOf(a)}\u0001${keyOf(b)}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    if (this.active.has(key)) return true;
    if (depth > MAX_DEPTH || ++this.checks > MAX_CHECKS) return false;
    this.active.add(key);
    let result = false;
    try {
      result = this.decide(a, b, depth);
    } finally {
      this.active.delete(key);
    }
    this.memo.set(key, result);
    return result;
  }

  private decide(a: readonly SNode[], b: readonly SNode[], depth: number): boolean {
    const A = normalise(a, 'sub');
    if (A.unknown) return false;
    if (!A.conjs.length) return true;
    const B = normalise(b, 'super');
    if (B.unknown || !B.conjs.length) return false;
    for (const ca of A.conjs) {
      for (const family of families(ca)) {
        if (!B.conjs.some((cb) => this.fits(ca, cb, family, depth))) return false;
      }
    }
    return true;
  }

  /** The part of `ca` of one type family lies within `cb`. */
  private fits(ca: Conj, cb: Conj, family: Family, depth: number): boolean {
    if (ca.values || family === 'null' || family === 'boolean') {
      const values = ca.values ? [...ca.values.values()].filter((v) => inFamily(v, family)) : family === 'null' ? [null] : [true, false];
      return values.every((v) => this.accepts(cb, v, depth, ca.opaque));
    }
    for (const k of cb.opaque) if (!ca.opaque.has(k)) return false;
    if (cb.values) return false;
    if (family === 'integer' && !cb.types.has('integer')) return false;
    // Numbers that are all multiples of an integer fit an integer-only `b`.
    if (family === 'number' && !cb.types.has('number') && !(cb.types.has('integer') && ca.multipleOf.some((k) => isMultiple(k, 1)))) return false;
    if (family !== 'number' && family !== 'integer' && !cb.types.has(family)) return false;
    switch (family) {
      case 'number':
      case 'integer':
        return numberFits(ca, cb, family === 'integer');
      case 'string':
        return stringFits(ca, cb);
      case 'array':
        return this.arrayFits(ca, cb, depth);
      case 'object':
        return this.objectFits(ca, cb, depth);
    }
  }

  private arrayFits(ca: Conj, cb: Conj, depth: number): boolean {
    let max = ca.maxItems;
    const longest = Math.max(0, ...ca.tuples.map((t) => t.prefix.length), ...cb.tuples.map((t) => t.prefix.length));
    for (let i = 0; i < Math.min(max, longest + 1); i++) {
      if (itemNodes(ca, i).some((n) => n.value === false)) {
        max = i;
        break;
      }
    }
    if (ca.minItems > max) return true;
    if (cb.minItems > ca.minItems || cb.maxItems < max) return false;
    if (cb.unique && !ca.unique && max > 1) return false;
    for (let i = 0; i < Math.min(longest, max); i++) {
      const bn = itemNodes(cb, i);
      if (bn.length && !this.includes(itemNodes(ca, i), bn, depth + 1)) return false;
    }
    if (max > longest) {
      const bn = restNodes(cb);
      if (bn.length && !this.includes(restNodes(ca), bn, depth + 1)) return false;
    }
    return true;
  }

  private objectFits(ca: Conj, cb: Conj, depth: number): boolean {
    for (const name of cb.required) if (!ca.required.has(name)) return false;
    if (cb.minProperties > Math.max(ca.minProperties, ca.required.size)) return false;
    if (cb.maxProperties < ca.maxProperties) return false;
    const names = new Set<string>();
    for (const part of [...ca.objects, ...cb.objects]) for (const name of part.props.keys()) names.add(name);
    for (const name of ca.required) names.add(name);
    for (const name of cb.required) names.add(name);
    for (const name of names) {
      const bn = propNodes(cb, name);
      const an = propNodes(ca, name);
      if (!bn || !an) return false;
      if (!bn.length) continue;
      if (!this.includes(an, bn, depth + 1)) return false;
    }
    // Names declared nowhere: what each side's patterns and additionalProperties give them.
    const ys = cb.objects.flatMap((part) => [...part.patterns.values(), ...(part.additional ? [part.additional] : [])]);
    if (!ys.length) return true;
    const pa = ca.objects.length === 1 ? ca.objects[0] : undefined;
    const pb = cb.objects.length === 1 ? cb.objects[0] : undefined;
    if (pa && pb && sameKeys(pa.patterns, pb.patterns)) {
      for (const [p, node] of pb.patterns) if (!this.includes([pa.patterns.get(p)!], [node], depth + 1)) return false;
      return !pb.additional || this.includes(pa.additional ? [pa.additional] : [], [pb.additional], depth + 1);
    }
    const candidates = ca.objects.length ? ca.objects : [{ props: new Map(), patterns: new Map(), additional: undefined }];
    return candidates.some((part) => {
      const xs: SNode[][] = [(part.additional ? [part.additional] : []), ...[...part.patterns.values()].map((n) => [n])];
      return xs.every((x) => ys.every((y) => this.includes(x, [y], depth + 1)));
    });
  }

  /** A concrete value is (provably) valid under a conjunction. */
  private accepts(c: Conj, v: unknown, depth: number, known: ReadonlySet<string> = EMPTY): boolean {
    for (const k of c.opaque) if (!known.has(k)) return false;
    const t = typeOfValue(v);
    if (!c.types.has(t) && !(t === 'integer' && c.types.has('number'))) return false;
    if (c.values && !c.values.has(stableStringify(v))) return false;
    if (typeof v === 'number') {
      if (c.lower && (v < c.lower.value || (c.lower.exclusive && v === c.lower.value))) return false;
      if (c.upper && (v > c.upper.value || (c.upper.exclusive && v === c.upper.value))) return false;
      if (c.multipleOf.some((m) => v !== 0 && !isMultiple(Math.abs(v), m))) return false;
    } else if (typeof v === 'string') {
      const length = [...v].length;
      if (length < c.minLength || length > c.maxLength) return false;
      if (c.formats.length) return false;
      for (const p of c.patterns) {
        try {
          if (!safeRegExp(p, 'u').test(v)) return false;
        } catch {
          return false;
        }
      }
    } else if (Array.isArray(v)) {
      if (v.length < c.minItems || v.length > c.maxItems) return false;
      if (c.unique && new Set(v.map(stableStringify)).size !== v.length) return false;
      for (let i = 0; i < v.length; i++) if (!this.acceptsAll(itemNodes(c, i), v[i], depth)) return false;
    } else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length < c.minProperties || keys.length > c.maxProperties) return false;
      for (const name of c.required) if (!Object.hasOwn(o, name)) return false;
      for (const name of keys) {
        const nodes = propNodes(c, name);
        if (!nodes || !this.acceptsAll(nodes, o[name], depth)) return false;
      }
    }
    return true;
  }

  private acceptsAll(nodes: SNode[], v: unknown, depth: number): boolean {
    if (!nodes.length) return true;
    if (depth > MAX_DEPTH) return false;
    const N = normalise(nodes, 'super');
    if (N.unknown) return false;
    return N.conjs.some((c) => this.accepts(c, v, depth + 1));
  }
}

function keyOf(nodes: readonly SNode[]): string {
  return nodes.map((n) => `${sideTag(n)}:${n.file}#${n.pointer}${n.keyLoc ? '+' : ''}${n.value === true ? '=t' : ''}`).join('&');
}

/** Old and new may hold the same file and pointer with different content: tell the sides apart. */
const tags = new WeakMap<object, number>();
let nextTag = 0;
function sideTag(n: SNode): number {
  let t = tags.get(n.side);
  if (t === undefined) {
    t = nextTag++;
    tags.set(n.side, t);
  }
  return t;
}

function families(c: Conj): Family[] {
  const out: Family[] = [];
  for (const t of ['null', 'boolean', 'string', 'array', 'object'] as const) if (c.types.has(t)) out.push(t);
  if (c.types.has('number')) out.push('number');
  else if (c.types.has('integer')) out.push('integer');
  return out;
}

function inFamily(v: unknown, family: Family): boolean {
  const t = typeOfValue(v);
  if (family === 'number') return t === 'number' || t === 'integer';
  return t === family;
}

function numberFits(ca: Conj, cb: Conj, integersOnly: boolean): boolean {
  if (cb.lower) {
    if (!ca.lower) return false;
    if (ca.lower.value < cb.lower.value || (ca.lower.value === cb.lower.value && cb.lower.exclusive && !ca.lower.exclusive)) return false;
  }
  if (cb.upper) {
    if (!ca.upper) return false;
    if (ca.upper.value > cb.upper.value || (ca.upper.value === cb.upper.value && cb.upper.exclusive && !ca.upper.exclusive)) return false;
  }
  const steps = integersOnly ? [...ca.multipleOf, 1] : ca.multipleOf;
  for (const m of cb.multipleOf) if (!steps.some((k) => isMultiple(k, m))) return false;
  return true;
}

function stringFits(ca: Conj, cb: Conj): boolean {
  let min = ca.minLength;
  let max = ca.maxLength;
  for (const range of [...ca.patterns.map(patternLength), ...ca.formats.map(formatLength)]) {
    if (!range) continue;
    min = Math.max(min, range.min);
    max = Math.min(max, range.max);
  }
  if (min > max) return true;
  if (cb.minLength > min || cb.maxLength < max) return false;
  for (const p of cb.patterns) {
    if (!ca.patterns.some((q) => q === p || ['equivalent', 'widened'].includes(comparePatterns(q, p)))) return false;
  }
  for (const f of cb.formats) if (!ca.formats.some((g) => g === f || supersetsOf(f)?.includes(g))) return false;
  return true;
}

function sameKeys(a: Map<string, unknown>, b: Map<string, unknown>): boolean {
  return a.size === b.size && [...a.keys()].every((k) => b.has(k));
}

/** Lengths the formats ajv-formats checks imply (a uuid is 36 code points, a date 10). */
const FORMAT_LENGTHS: Record<string, { min: number; max: number }> = {
  uuid: { min: 36, max: 36 },
  date: { min: 10, max: 10 },
  'date-time': { min: 20, max: Infinity },
  time: { min: 9, max: Infinity },
  email: { min: 3, max: Infinity },
  ipv4: { min: 7, max: 15 },
};

function formatLength(format: string): { min: number; max: number } | undefined {
  return Object.hasOwn(FORMAT_LENGTHS, format) ? FORMAT_LENGTHS[format] : undefined;
}
