/**
 * Candidate instances of a schema, for witnesses: a minimal value and variations of it (each
 * bound reached, each optional property present, each enum value and `anyOf` branch, an extra
 * undeclared property, longer and shorter arrays). Every variation remembers where in the
 * schema it deviates (`focus`, `file#pointer`s), so a witness can be tied to the change at that
 * place. Nothing here is trusted: witnesses are confirmed by ajv (./witness.ts).
 */
import { safeRegExp } from '../../core/safe-regexp.js';
import { stableStringify } from '../json-values.js';
import type { SNode } from '../schema-node.js';
import { isMultiple } from '../compare/bounds.js';
import { itemNodes, nameRegex, normalise, propNodes, restNodes, type Conj } from './normalise.js';
import { sampleStrings } from './regex-sample.js';

export interface Sample {
  value: unknown;
  /** Schema places where this value differs from the minimal one (empty for the minimal one). */
  focus: string[];
}

/** Valid examples of the formats ajv-formats checks, so a `format` does not block generation. */
const FORMAT_SAMPLES: Record<string, string[]> = {
  'date-time': ['2024-01-02T03:04:05Z', '2024-01-02T03:04:05.678+01:00'],
  date: ['2024-01-02'],
  time: ['03:04:05Z'],
  duration: ['P1D'],
  email: ['a@example.com'],
  'idn-email': ['a@example.com', 'ü@example.com'],
  hostname: ['example.com'],
  'idn-hostname': ['example.com', 'ü.example'],
  ipv4: ['192.0.2.1'],
  ipv6: ['2001:db8::1'],
  uri: ['https://example.com/a'],
  'uri-reference': ['https://example.com/a', '/a'],
  iri: ['https://example.com/a', 'https://ü.example/ü'],
  'iri-reference': ['https://example.com/a', '/a', '/ü'],
  uuid: ['123e4567-e89b-12d3-a456-426614174000'],
  'uri-template': ['https://example.com/{a}'],
  'json-pointer': ['/a/0'],
  'relative-json-pointer': ['0/a'],
  regex: ['^a$'],
};

const PLAIN_STRINGS = ['', 'a', 'abc', 'A', '0', 'a-b', 'a_b', 'a.b', 'a b', 'ü'];
const GENERIC_VALUES: unknown[] = ['x', 1, 1.5, null, true, {}, []];

export class InstanceGenerator {
  private produced = 0;
  /** What both schemas mention (names, numbers, values, patterns), tried as candidates; set per search. */
  hints: Hints = NO_HINTS;
  /**
   * Names an object that says nothing about undeclared properties never gets (the lenient
   * policy: old data never carries a property only the new schema declares); set per search.
   */
  neverSent: ReadonlySet<string> = new Set();
  constructor(
    /** Samples kept per schema place. */
    private readonly width = 8,
    /** Values generated in all, before generation narrows to minimal values only. */
    private readonly budget = 20_000,
  ) {}

  private readonly memo = new Map<string, Sample[]>();

  samples(nodes: readonly SNode[], depth = 0): Sample[] {
    if (depth > 12) return [];
    const key = `${this.hints.id}|${[...this.neverSent].join(',')}|${depth > 6 ? 'n' : 'w'}|${nodes.map((n) => `${sideId(n)}:${n.file}#${n.pointer}${n.keyLoc ? '+' : ''}${n.value === true ? '=t' : ''}`).join('&')}`;
    const known = this.memo.get(key);
    if (known) return known;
    const result = this.generate(nodes, depth);
    this.memo.set(key, result);
    return result;
  }

  private generate(nodes: readonly SNode[], depth: number): Sample[] {
    // Over-approximating is fine here (ajv has the last word): every oneOf and then/else branch is tried.
    const normal = normalise(nodes, 'sub');
    if (normal.unknown) return [];
    const out: Sample[] = [];
    const seen = new Set<string>();
    const push = (s: Sample) => {
      const key = stableStringify(s.value);
      if (seen.has(key)) return;
      seen.add(key);
      out.push(s);
    };
    const narrow = depth > 6 || this.produced > this.budget;
    // Every alternative gets its turn before any gets a second one, so a cap keeps some of each.
    const lists = normal.conjs.slice(0, 16).map((c) => this.ofConj(c, depth, narrow));
    for (const s of roundRobin(lists)) push(s);
    this.produced += out.length;
    // The minimal values first, then the variations; capped.
    out.sort((a, b) => a.focus.length - b.focus.length);
    // The whole value is where variety pays: more candidates at the top, fewer further down.
    return out.slice(0, narrow ? 2 : depth === 0 ? 64 : depth === 1 ? 32 : this.width * 2);
  }

  private ofConj(c: Conj, depth: number, narrow: boolean): Sample[] {
    const out: Sample[] = [];
    const here = c.sources;
    if (c.values) {
      for (const v of c.values.values()) out.push({ value: v, focus: out.length ? here : [] });
      return out;
    }
    const types = [...c.types];
    const families: Sample[][] = [];
    if (types.includes('null')) families.push([{ value: null, focus: [] }]);
    if (types.includes('boolean')) families.push([{ value: true, focus: [] }, { value: false, focus: here }]);
    if (types.includes('string')) families.push(strings(c, this.hints).map((value, i) => ({ value, focus: i ? here : [] })));
    if (types.includes('integer') || types.includes('number')) families.push(numbers(c, !types.includes('number'), this.hints).map((value, i) => ({ value, focus: i ? here : [] })));
    if (types.includes('object')) families.push(this.objects(c, depth, narrow));
    if (types.includes('array')) families.push(this.arrays(c, depth, narrow));
    // Round robin over the types, so a cap keeps some of each; the first value of each type but one is a variation.
    for (const s of roundRobin(families)) out.push(out.length && !s.focus.length ? { ...s, focus: here } : s);
    return out;
  }

  private arrays(c: Conj, depth: number, narrow: boolean): Sample[] {
    const here = c.sources;
    const maxLen = Math.min(c.maxItems, Math.max(c.minItems, 0) + 3, 12);
    const at = (i: number) => this.samples(itemNodes(c, i), depth + 1);
    const lengths = [...new Set([c.minItems, c.minItems + 1, Math.max(c.minItems, 2), Math.min(maxLen, Math.max(c.minItems, longestPrefix(c) + 1)), ...this.hints.counts])].filter((n) => n >= c.minItems && n <= c.maxItems && n <= 24);
    const out: Sample[] = [];
    const base = (length: number): unknown[] | undefined => {
      const items: unknown[] = [];
      for (let i = 0; i < length; i++) {
        const s = at(i);
        // Unique items: pick a different sample per index where one exists.
        const pick = c.unique ? s[Math.min(i, s.length - 1)] : s[0];
        if (!pick) return undefined;
        items.push(pick.value);
      }
      return items;
    };
    for (const length of lengths) {
      const items = base(length);
      if (items) out.push({ value: items, focus: length === c.minItems ? [] : here });
    }
    if (narrow) return out;
    // Arrays holding k items that match a `contains`, for the counts both schemas mention.
    for (const { node } of c.contains) {
      const [matching] = this.samples([node, ...itemNodes(c, 0)], depth + 1);
      if (!matching) continue;
      for (const k of [...new Set([0, 1, 2, 3, ...this.hints.counts])].filter((n) => n >= c.minItems && n <= c.maxItems && n <= 24)) {
        out.push({ value: Array.from({ length: k }, () => matching.value), focus: here });
      }
    }
    // Each alternative value at each of the first positions.
    const first = base(Math.max(c.minItems, 1));
    if (first) {
      for (let i = 0; i < Math.min(first.length, longestPrefix(c) + 1); i++) {
        for (const s of at(i).slice(1, this.width)) {
          const items = [...first];
          items[i] = s.value;
          out.push({ value: items, focus: s.focus.length ? s.focus : here });
        }
      }
      if (!c.unique && first.length === 1 && c.maxItems >= 2) out.push({ value: [first[0], first[0]], focus: here });
      // Something other than what the item schema generates, where the items are free.
      if (!restNodes(c).length && c.maxItems > longestPrefix(c)) {
        for (const v of GENERIC_VALUES) {
          const items = base(longestPrefix(c));
          if (items) out.push({ value: [...items, v], focus: here });
        }
      }
    }
    return out;
  }

  private objects(c: Conj, depth: number, narrow: boolean): Sample[] {
    const here = c.sources;
    const declared = new Set<string>();
    for (const part of c.objects) for (const name of part.props.keys()) declared.add(name);
    for (const name of c.required) declared.add(name);
    const valuesOf = (name: string): Sample[] | undefined => {
      const nodes = propNodes(c, name);
      if (!nodes) return undefined;
      if (!nodes.length) return GENERIC_VALUES.map((value, i) => ({ value, focus: i ? here : [] }));
      return this.samples(nodes, depth + 1);
    };
    const base: Record<string, unknown> = {};
    for (const name of [...c.required].sort()) {
      const first = valuesOf(name)?.[0];
      if (!first) return [];
      define(base, name, first.value);
    }
    const out: Sample[] = [{ value: base, focus: [] }];
    const optional = [...declared].filter((n) => !c.required.has(n)).sort();
    // All optional properties at once: the fullest minimal value.
    const full = { ...base };
    for (const name of optional) {
      const first = valuesOf(name)?.[0];
      if (first) define(full, name, first.value);
    }
    if (optional.length) out.push({ value: full, focus: here });
    if (narrow) return out.filter((s) => fitsCount(c, s.value));
    for (const name of [...declared].sort()) {
      const samples = valuesOf(name) ?? [];
      const nodeLoc = c.objects.map((p) => p.props.get(name)).filter((n): n is SNode => n !== undefined).map((n) => `${n.file}#${n.pointer}`);
      for (const s of samples.slice(0, this.width)) {
        const value = { ...base };
        define(value, name, s.value);
        out.push({ value, focus: s.focus.length ? s.focus : nodeLoc.length ? nodeLoc : here });
      }
    }
    // Undeclared names: one free name, and one per pattern.
    // Names this object does not declare but either schema mentions (a few), and one free name.
    const extraNames = ['extra', ...this.hints.names.filter((n) => !declared.has(n)).slice(0, 8), ...this.hints.patterns.flatMap((p) => sampleStrings(p).slice(0, 2))];
    for (const part of c.objects) for (const p of part.patterns.keys()) extraNames.push(...sampleStrings(p).slice(0, 2));
    const open = c.objects.every((p) => !p.additional && !p.patterns.size);
    for (const name of extraNames) {
      if (declared.has(name) || (open && this.neverSent.has(name))) continue;
      const nodes = propNodes(c, name);
      const matchedPattern = c.objects.flatMap((p) => [...p.patterns.entries()]).find(([p]) => nameRegex(p)?.test(name));
      const loc = matchedPattern ? [`${matchedPattern[1].file}#${matchedPattern[1].pointer}`] : here;
      const samples = nodes && nodes.length ? this.samples(nodes, depth + 1) : GENERIC_VALUES.map((value) => ({ value, focus: here }));
      for (const s of samples.slice(0, 4)) {
        for (const start of optional.length ? [base, full] : [base]) {
          const value = { ...start };
          define(value, name, s.value);
          out.push({ value, focus: s.focus.length ? s.focus : loc });
        }
      }
    }
    // Every name either schema mentions, and all of them but one (dependencies and conditionals bite there).
    const mentioned = [...new Set([...declared, ...this.hints.names])].filter((n) => declared.has(n) || !open || !this.neverSent.has(n)).sort();
    if (mentioned.length > 1 && mentioned.length <= 10) {
      const generic = (name: string) => (valuesOf(name) ?? [])[0]?.value ?? 'x';
      const all: Record<string, unknown> = {};
      for (const name of mentioned) define(all, name, generic(name));
      out.push({ value: all, focus: here });
      for (const left of mentioned) {
        const value: Record<string, unknown> = {};
        for (const name of mentioned) if (name !== left) define(value, name, generic(name));
        out.push({ value, focus: here });
      }
    }
    // Objects with as many properties as the counts both schemas mention.
    for (const k of this.hints.counts) {
      if (k > 24 || k <= Object.keys(full).length) continue;
      const value = { ...full };
      for (let i = 0; Object.keys(value).length < k && i < 50; i++) if (!declared.has(`p${i}`)) define(value, `p${i}`, 'x');
      out.push({ value, focus: here });
    }
    return out.filter((s) => fitsCount(c, s.value));
  }
}

export interface Hints {
  /** Distinguishes hint sets in the sample cache. */
  readonly id: string;
  readonly names: readonly string[];
  readonly patterns: readonly string[];
  /** Sizes worth trying: every bound either schema mentions, and its neighbours. */
  readonly counts: readonly number[];
  readonly numbers: readonly number[];
  readonly values: readonly unknown[];
}

export const NO_HINTS: Hints = { id: '', names: [], patterns: [], counts: [], numbers: [], values: [] };

const NUMERIC = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minContains', 'maxContains', 'minProperties', 'maxProperties']);

/** Everything both schemas mention that makes a good candidate: property names, bounds, enum and const values. */
export function hintsFrom(values: readonly unknown[]): Hints {
  const names = new Set<string>();
  const patterns = new Set<string>();
  const numbers = new Set<number>();
  const found: unknown[] = [];
  const stack = [...values];
  let steps = 0;
  while (stack.length && steps++ < 5000) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      stack.push(...v);
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const x = o[k];
      if (NUMERIC.has(k) && typeof x === 'number' && Number.isFinite(x)) numbers.add(x);
      if ((k === 'const' || k === 'enum') && found.length < 32) found.push(...(k === 'enum' && Array.isArray(x) ? x : [x]));
      if ((k === 'properties' || k === 'dependentRequired' || k === 'dependentSchemas' || k === 'dependencies') && x !== null && typeof x === 'object' && !Array.isArray(x)) {
        for (const name of Object.keys(x)) {
          names.add(name);
          const list = (x as Record<string, unknown>)[name];
          if (k !== 'properties' && Array.isArray(list)) for (const other of list) if (typeof other === 'string') names.add(other);
        }
      }
      if (k === 'patternProperties' && x !== null && typeof x === 'object') for (const p of Object.keys(x)) patterns.add(p);
      if ((k === 'required' || k === 'dependentRequired') && Array.isArray(x)) for (const name of x) if (typeof name === 'string') names.add(name);
      if (k !== 'const' && k !== 'enum' && k !== 'examples' && k !== 'default') stack.push(x);
    }
  }
  const counts = new Set<number>();
  for (const n of numbers) for (const d of [-1, 0, 1]) if (Number.isInteger(n + d) && n + d >= 0) counts.add(n + d);
  const hints = {
    names: [...names].sort().slice(0, 32),
    patterns: [...patterns].sort().slice(0, 16),
    counts: [...counts].sort((a, b) => a - b).slice(0, 24),
    numbers: [...numbers].sort((a, b) => a - b).slice(0, 24),
    values: found.slice(0, 32),
  };
  return { id: stableStringify(hints), ...hints };
}

const sideIds = new WeakMap<object, number>();
let nextSide = 0;
function sideId(n: SNode): number {
  let id = sideIds.get(n.side);
  if (id === undefined) {
    id = nextSide++;
    sideIds.set(n.side, id);
  }
  return id;
}

function longestPrefix(c: Conj): number {
  return Math.max(0, ...c.tuples.map((t) => t.prefix.length));
}

function fitsCount(c: Conj, value: unknown): boolean {
  const n = Object.keys(value as object).length;
  return n >= c.minProperties && n <= c.maxProperties;
}

/** Sets a property as plain data, even `__proto__`. */
function define(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

/** The first item of every list, then the second of every list, and so on. */
function roundRobin<T extends object>(lists: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) {
    for (const l of lists) {
      const item = l[i];
      if (item) out.push(item);
    }
  }
  return out;
}

function strings(c: Conj, hints: Hints): string[] {
  const min = c.minLength;
  const max = c.maxLength;
  let pool: string[] = [];
  const hinted: string[] = [];
  if (c.formats.length) pool = c.formats.flatMap((f) => (Object.hasOwn(FORMAT_SAMPLES, f) ? FORMAT_SAMPLES[f] : undefined) ?? []);
  else if (c.patterns.length) {
    pool = c.patterns.flatMap((p) => sampleStrings(p, min, max));
    // Longer strings the pattern may accept, at the lengths both schemas mention (the regex filters them below).
    for (const n of hints.counts) if (n <= 1000) for (const ch of ['a', '0', 'A']) hinted.push(ch.repeat(n));
  }
  else {
    pool = [...PLAIN_STRINGS, 'a'.repeat(min), 'a'.repeat(min + 1)];
    if (Number.isFinite(max) && max <= 1000) pool.push('a'.repeat(max), 'a'.repeat(Math.max(0, max - 1)));
    if (min > 0) pool.push('a'.repeat(Math.max(0, min - 1)));
    for (const n of hints.counts) if (n <= 1000) hinted.push('a'.repeat(n));
  }
  for (const v of hints.values) if (typeof v === 'string') hinted.push(v);
  pool.push(...hinted);
  const ok = pool.filter((s) => {
    const length = [...s].length;
    if (length < min || length > max) return false;
    return c.patterns.every((p) => {
      try {
        return safeRegExp(p, 'u').test(s);
      } catch {
        return false;
      }
    });
  });
  // The shortest first, then what the schemas mention (bounds reached, enum values), then the rest.
  const sorted = [...new Set(ok)].sort((a, b) => [...a].length - [...b].length || (a < b ? -1 : a > b ? 1 : 0));
  // The first (the minimal value variations start from) is never a mentioned value: those may fail a format.
  const own = sorted.filter((x) => !hinted.includes(x));
  const mentioned = sorted.filter((x) => hinted.includes(x));
  return [...new Set([...own.slice(0, 1), ...mentioned, ...own, ...sorted])].slice(0, 16);
}

function numbers(c: Conj, integersOnly: boolean, hints: Hints): number[] {
  const pool: number[] = [0, 1, -1, 2, 10, 100, -100, 1_000_000];
  for (const n of hints.numbers) pool.push(n, n + 1, n - 1, n + 0.5, n - 0.5, n * 2, n * 3);
  for (const v of hints.values) if (typeof v === 'number') pool.push(v);
  if (!integersOnly) pool.push(1.5, -0.5, 0.25);
  for (const b of [c.lower, c.upper]) {
    if (!b) continue;
    const step = integersOnly ? 1 : 0.5;
    pool.push(b.value, b.value + step, b.value - step, Math.ceil(b.value), Math.floor(b.value));
  }
  for (const m of c.multipleOf) {
    const from = c.lower ? Math.ceil(c.lower.value / m) : 0;
    for (let k = from; k < from + 3; k++) pool.push(k * m);
  }
  const ok = pool.filter((v) => {
    if (!Number.isFinite(v)) return false;
    if (integersOnly && !Number.isInteger(v)) return false;
    if (c.lower && (v < c.lower.value || (c.lower.exclusive && v === c.lower.value))) return false;
    if (c.upper && (v > c.upper.value || (c.upper.exclusive && v === c.upper.value))) return false;
    return c.multipleOf.every((m) => v === 0 || isMultiple(Math.abs(v), m));
  });
  // Boundaries first after the smallest magnitude: they are where bounds changes bite.
  const unique = [...new Set(ok)];
  const bounds = [c.lower?.value, c.upper?.value].filter((v): v is number => v !== undefined && unique.includes(v));
  const rest = unique.filter((v) => !bounds.includes(v)).sort((a, b) => Math.abs(a) - Math.abs(b) || a - b);
  return [...new Set([...rest.slice(0, 1), ...bounds, ...rest.slice(1)])].slice(0, 16);
}

/** Names declared under `properties` anywhere in a schema value. */
export function declaredNames(value: unknown): Set<string> {
  const names = new Set<string>();
  const stack = [value];
  let steps = 0;
  while (stack.length && steps++ < 5000) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        const x = o[k];
        if (k === 'properties' && x !== null && typeof x === 'object' && !Array.isArray(x)) for (const name of Object.keys(x)) names.add(name);
        if (k !== 'const' && k !== 'enum' && k !== 'examples' && k !== 'default') stack.push(x);
      }
    }
  }
  return names;
}
