/**
 * Normal form for deciding inclusion: a schema is a union (`anyOf`) of conjunctions, each a flat
 * record of what every type family must satisfy. `allOf` members merge into one conjunction,
 * `anyOf` (and `oneOf`, `if`/`then`/`else` where that is exact or, on the side that only needs an
 * over-approximation, always) distributes, duplicates collapse, `true`/`{}` contribute nothing and
 * `false` empties a conjunction. Subschemas of properties and items stay lazy lists of nodes
 * (their `allOf`), so recursive schemas are normalised one level at a time.
 *
 * Two roles: `sub` (the side that must be included) may be over-approximated (dropping a
 * constraint only makes it larger), `super` (the side that must include it) never is: what it
 * cannot model becomes an opaque constraint, identified by the shape of its subschema, that the
 * other side must carry identically.
 */
import { has, isObject, stableStringify, stringSet, type JsonObject } from '../json-values.js';
import { child, deref, dialectOfNode, isTrivial, type SNode } from '../schema-node.js';
import { shapeKey } from '../schema-shape.js';
import { declaredTypes, typeOfValue, type TypeName } from '../type-set.js';
import { finite } from '../json-values.js';

export type Role = 'sub' | 'super';

export interface Tuple {
  /** `prefixItems` (draft-07: `items` array). */
  prefix: SNode[];
  /** The schema for indexes past the prefix; undefined means any item. */
  rest: SNode | undefined;
}

export interface ObjectPart {
  props: Map<string, SNode>;
  patterns: Map<string, SNode>;
  /** `additionalProperties` (or an `unevaluatedProperties` that behaves like it); undefined means any value. */
  additional: SNode | undefined;
}

export interface Conj {
  types: Set<TypeName>;
  /** `enum`/`const`: the only values allowed (canonical text → value); undefined when any. */
  values: Map<string, unknown> | undefined;
  lower: { value: number; exclusive: boolean } | undefined;
  upper: { value: number; exclusive: boolean } | undefined;
  multipleOf: number[];
  minLength: number;
  maxLength: number;
  patterns: string[];
  formats: string[];
  minItems: number;
  maxItems: number;
  unique: boolean;
  tuples: Tuple[];
  minProperties: number;
  maxProperties: number;
  required: Set<string>;
  objects: ObjectPart[];
  /** Constraints not modelled, by shape; `super` conjunctions need them matched exactly. */
  opaque: Set<string>;
  /** Where the merged schema objects are (`file#pointer`), for linking witnesses to changes. */
  sources: string[];
  /** `contains` subschemas with their minContains (kept for generating instances; decided as opaque). */
  contains: { node: SNode; min: number }[];
}

export interface Normal {
  conjs: Conj[];
  /** The normal form could not be built (too many alternatives, an unresolvable `$ref`): nothing is decided. */
  unknown: boolean;
}

const ALL: TypeName[] = ['null', 'boolean', 'object', 'array', 'string', 'number', 'integer'];
const MAX_CONJS = 64;

function emptyConj(): Conj {
  return {
    types: new Set(ALL),
    values: undefined,
    lower: undefined,
    upper: undefined,
    multipleOf: [],
    minLength: 0,
    maxLength: Infinity,
    patterns: [],
    formats: [],
    minItems: 0,
    maxItems: Infinity,
    unique: false,
    tuples: [],
    minProperties: 0,
    maxProperties: Infinity,
    required: new Set(),
    objects: [],
    opaque: new Set(),
    sources: [],
    contains: [],
  };
}

function copyConj(c: Conj): Conj {
  return {
    ...c,
    types: new Set(c.types),
    values: c.values && new Map(c.values),
    multipleOf: [...c.multipleOf],
    patterns: [...c.patterns],
    formats: [...c.formats],
    tuples: [...c.tuples],
    required: new Set(c.required),
    objects: [...c.objects],
    opaque: new Set(c.opaque),
    sources: [...c.sources],
    contains: [...c.contains],
  };
}

const APPLICATORS = ['allOf', 'anyOf', 'oneOf', 'if', 'then', 'else', 'not', 'dependentSchemas', '$dynamicRef', 'dependencies'];

/** Normalises the conjunction (allOf) of `nodes`. */
export function normalise(nodes: readonly SNode[], role: Role): Normal {
  let conjs: Conj[] = [emptyConj()];
  const state = { unknown: false };
  const seen = new Set<string>();
  const apply = (node: SNode, depth: number): void => {
    if (state.unknown || !conjs.length) return;
    if (depth > 32) return void (state.unknown = true);
    const resolved = deref(node);
    if ('unresolved' in resolved) {
      // An unresolvable reference accepts an unknown set: over-approximate it as anything on the
      // sub side; on the super side it is only matched by the same reference.
      if (role === 'super') for (const c of conjs) c.opaque.add(`$ref:${resolved.unresolved}`);
      return;
    }
    const id = `${resolved.file}#${resolved.pointer}${resolved.keyLoc ? '+' : ''}`;
    // The same subschema applied twice at one place adds nothing (allOf [A, A], a $ref to itself).
    if (seen.has(id)) return;
    seen.add(id);
    const value = resolved.value;
    if (value === false) return void (conjs = []);
    const dialect = dialectOfNode(resolved);
    if (!isObject(value) || isTrivial(value, dialect)) return;
    for (const c of conjs) {
      mergeOwn(c, resolved, value, role);
      c.sources.push(`${resolved.file}#${resolved.pointer}`);
    }
    for (const key of ['allOf'] as const) if (Array.isArray(value[key])) value[key].forEach((_, i) => apply(child(resolved, key, i), depth + 1));
    const distribute = (alternatives: SNode[]) => {
      const next: Conj[] = [];
      for (const c of conjs) {
        for (const alt of alternatives) {
          const saved = conjs;
          conjs = [copyConj(c)];
          const savedSeen = new Set(seen);
          apply(alt, depth + 1);
          next.push(...conjs);
          conjs = saved;
          seen.clear();
          for (const s of savedSeen) seen.add(s);
          if (next.length > MAX_CONJS) return void (state.unknown = true);
        }
      }
      conjs = next;
    };
    if (Array.isArray(value.anyOf)) distribute(value.anyOf.map((_, i) => child(resolved, 'anyOf', i)));
    if (Array.isArray(value.oneOf)) {
      const branches = value.oneOf.map((_, i) => child(resolved, 'oneOf', i));
      const key = `oneOf:${branches.map((b) => shapeKey(b)).join(',')}`;
      for (const c of conjs) c.opaque.add(key);
      // oneOf is at most anyOf: exact when the branches cannot overlap.
      if (role === 'sub' || pairwiseDisjoint(branches)) {
        distribute(branches);
        if (role === 'super') for (const c of conjs) c.opaque.delete(key);
      }
    }
    if (has(value, 'if') && dialect !== undefined) {
      const key = `if:${shapeKey(child(resolved, 'if'))}|${has(value, 'then') ? shapeKey(child(resolved, 'then')) : 'true'}|${has(value, 'else') ? shapeKey(child(resolved, 'else')) : 'true'}`;
      for (const c of conjs) c.opaque.add(key);
      // (if ∧ then) ∨ (¬if ∧ else) lies within then ∨ else: enough for the sub side.
      if (role === 'sub') {
        const branches = ['then', 'else'].map((k) => (has(value, k) ? child(resolved, k) : undefined));
        if (branches.every((b) => b !== undefined)) distribute(branches);
      }
    }
    for (const key of ['not', 'dependentSchemas', 'dependencies', 'dependentRequired', 'propertyNames', 'contains', '$dynamicRef']) {
      if (!has(value, key)) continue;
      if (key === 'propertyNames' && isTrivial(value[key], dialect)) continue;
      const text = opaqueText(resolved, key, value[key]);
      const extra = key === 'contains' ? `|${finite(value.minContains) ?? 1}|${finite(value.maxContains) ?? 'inf'}` : '';
      for (const c of conjs) c.opaque.add(`${key}:${text}${extra}`);
    }
    const hasApplicators = APPLICATORS.some((k) => has(value, k));
    for (const [key, plain] of [['unevaluatedProperties', 'additionalProperties'], ['unevaluatedItems', 'items']] as const) {
      if (!has(value, key) || dialect !== '2020-12' || isTrivial(value[key], dialect)) continue;
      // Without applicators beside it, unevaluated* sees exactly what the object's own keywords evaluate.
      const behavesPlain = !hasApplicators && (key === 'unevaluatedProperties' ? !has(value, plain) : !has(value, 'items'));
      if (!behavesPlain) for (const c of conjs) c.opaque.add(`${key}:${shapeKey(child(resolved, key))}`);
    }
  };
  for (const node of nodes) apply(node, 0);
  if (state.unknown) return { conjs: [], unknown: true };
  return { conjs: conjs.filter((c) => !contradictory(c)), unknown: false };
}

/** The keywords of one schema object that merge into a conjunction. */
function mergeOwn(c: Conj, node: SNode, value: JsonObject, role: Role): void {
  const dialect = dialectOfNode(node);
  if (has(value, 'type')) {
    const declared = declaredTypes(value);
    const allowed = new Set<TypeName>(declared);
    if (declared.has('number')) allowed.add('integer');
    for (const t of [...c.types]) if (!allowed.has(t)) c.types.delete(t);
  }
  const values = has(value, 'const') ? [value.const] : Array.isArray(value.enum) ? value.enum : undefined;
  if (values) {
    const next = new Map(values.map((v) => [stableStringify(v), v]));
    if (c.values) for (const k of [...c.values.keys()]) if (!next.has(k)) c.values.delete(k);
    c.values ??= next;
  }
  const lo = finite(value.minimum);
  const xlo = finite(value.exclusiveMinimum);
  const hi = finite(value.maximum);
  const xhi = finite(value.exclusiveMaximum);
  if (lo !== undefined) c.lower = tighter(c.lower, { value: lo, exclusive: false }, 'lower');
  if (xlo !== undefined) c.lower = tighter(c.lower, { value: xlo, exclusive: true }, 'lower');
  if (hi !== undefined) c.upper = tighter(c.upper, { value: hi, exclusive: false }, 'upper');
  if (xhi !== undefined) c.upper = tighter(c.upper, { value: xhi, exclusive: true }, 'upper');
  const m = finite(value.multipleOf);
  if (m !== undefined && m > 0) c.multipleOf.push(m);
  c.minLength = Math.max(c.minLength, finite(value.minLength) ?? 0);
  c.maxLength = Math.min(c.maxLength, finite(value.maxLength) ?? Infinity);
  if (typeof value.pattern === 'string') c.patterns.push(value.pattern);
  if (typeof value.format === 'string') c.formats.push(value.format);
  c.minItems = Math.max(c.minItems, finite(value.minItems) ?? 0);
  c.maxItems = Math.min(c.maxItems, finite(value.maxItems) ?? Infinity);
  if (value.uniqueItems === true) c.unique = true;
  c.minProperties = Math.max(c.minProperties, finite(value.minProperties) ?? 0);
  c.maxProperties = Math.min(c.maxProperties, finite(value.maxProperties) ?? Infinity);
  for (const name of stringSet(value.required)) c.required.add(name);
  if (has(value, 'contains')) c.contains.push({ node: child(node, 'contains'), min: finite(value.minContains) ?? 1 });

  const hasApplicators = APPLICATORS.some((k) => has(value, k));
  // Arrays: the tuple and the rest, per dialect.
  let tuple: Tuple | undefined;
  if (Array.isArray(value.items)) {
    tuple = { prefix: value.items.map((_, i) => child(node, 'items', i)), rest: dialect === 'draft-07' && has(value, 'additionalItems') ? child(node, 'additionalItems') : undefined };
  } else if (dialect === '2020-12' && (Array.isArray(value.prefixItems) || has(value, 'items') || has(value, 'unevaluatedItems'))) {
    const prefix = Array.isArray(value.prefixItems) ? value.prefixItems.map((_, i) => child(node, 'prefixItems', i)) : [];
    let rest = has(value, 'items') ? child(node, 'items') : undefined;
    if (!rest && has(value, 'unevaluatedItems') && !hasApplicators) rest = child(node, 'unevaluatedItems');
    tuple = { prefix, rest };
  } else if (has(value, 'items') && isObject(value.items) || typeof value.items === 'boolean') {
    tuple = { prefix: [], rest: child(node, 'items') };
  }
  if (tuple && (tuple.prefix.length || tuple.rest)) c.tuples.push(tuple);

  // Objects.
  const props = new Map<string, SNode>();
  const patterns = new Map<string, SNode>();
  if (isObject(value.properties)) for (const name of Object.keys(value.properties)) props.set(name, child(node, 'properties', name));
  if (isObject(value.patternProperties)) for (const p of Object.keys(value.patternProperties)) patterns.set(p, child(node, 'patternProperties', p));
  let additional = has(value, 'additionalProperties') ? child(node, 'additionalProperties') : undefined;
  if (!additional && dialect === '2020-12' && has(value, 'unevaluatedProperties') && !hasApplicators) additional = child(node, 'unevaluatedProperties');
  if (additional && isTrivial(additional.value, dialect)) additional = undefined;
  if (props.size || patterns.size || additional) c.objects.push({ props, patterns, additional });
  void role;
}

function tighter(a: Conj['lower'], b: NonNullable<Conj['lower']>, end: 'lower' | 'upper'): Conj['lower'] {
  if (!a) return b;
  const d = end === 'lower' ? b.value - a.value : a.value - b.value;
  return d > 0 || (d === 0 && b.exclusive) ? b : a;
}

/** Conjunctions nothing can satisfy (no type left, no enum value left of an allowed type). */
function contradictory(c: Conj): boolean {
  if (c.values) {
    for (const [k, v] of [...c.values]) {
      const t = typeOfValue(v);
      if (!c.types.has(t) && !(t === 'integer' && c.types.has('number'))) c.values.delete(k);
    }
    if (!c.values.size) return true;
  }
  return c.types.size === 0;
}

/** Branches no instance can match two of: different `type`s, or different `const`/`enum` values of a required property. */
function pairwiseDisjoint(branches: SNode[]): boolean {
  const sigs = branches.map((b) => {
    const r = deref(b);
    if ('unresolved' in r || !isObject(r.value)) return undefined;
    const v = r.value;
    const types = has(v, 'type') ? declaredTypes(v) : undefined;
    const values = has(v, 'const') ? [v.const] : Array.isArray(v.enum) ? v.enum : undefined;
    return { types, values: values?.map(stableStringify) };
  });
  for (let i = 0; i < sigs.length; i++) {
    for (let j = i + 1; j < sigs.length; j++) {
      const a = sigs[i];
      const b = sigs[j];
      if (!a || !b) return false;
      const typesDisjoint = a.types && b.types && [...a.types].every((t) => !b.types!.has(t) && !(t === 'integer' && b.types!.has('number')) && !(t === 'number' && b.types!.has('integer')));
      const valuesDisjoint = a.values && b.values && a.values.every((x) => !b.values!.includes(x));
      if (!typesDisjoint && !valuesDisjoint) return false;
    }
  }
  return true;
}

// ---- what applies to one item or one property ----------------------------------------------

export function itemNodes(c: Conj, i: number): SNode[] {
  const out: SNode[] = [];
  for (const t of c.tuples) {
    const node = i < t.prefix.length ? t.prefix[i] : t.rest;
    if (node) out.push(node);
  }
  return out;
}

export function restNodes(c: Conj): SNode[] {
  return c.tuples.flatMap((t) => (t.rest ? [t.rest] : []));
}

const regexes = new Map<string, RegExp | null>();

/** A `patternProperties` pattern as a RegExp (property names are short), or null when it does not compile. */
export function nameRegex(pattern: string): RegExp | null {
  let regex = regexes.get(pattern);
  if (regex === undefined) {
    try {
      regex = new RegExp(pattern, 'u');
    } catch {
      regex = null;
    }
    if (regexes.size > 10_000) regexes.clear();
    regexes.set(pattern, regex);
  }
  return regex;
}

/** Every subschema that applies to property `name`; undefined when a pattern cannot be evaluated. */
export function propNodes(c: Conj, name: string): SNode[] | undefined {
  const out: SNode[] = [];
  for (const part of c.objects) {
    let matched = false;
    const own = part.props.get(name);
    if (own) {
      out.push(own);
      matched = true;
    }
    for (const [pattern, node] of part.patterns) {
      const regex = nameRegex(pattern);
      if (!regex) return undefined;
      if (regex.test(name)) {
        out.push(node);
        matched = true;
      }
    }
    if (!matched && part.additional) out.push(part.additional);
  }
  return out;
}

/** A canonical text for a keyword the normal form does not model, so equal constraints match. */
function opaqueText(node: SNode, key: string, v: unknown): string {
  if (key === 'dependentSchemas' || key === 'dependencies' || key === 'dependentRequired') {
    if (!isObject(v)) return stableStringify(v);
    return `{${Object.keys(v)
      .sort()
      .map((name) => `${JSON.stringify(name)}:${Array.isArray(v[name]) ? stableStringify(stringSet(v[name]).sort()) : shapeKey(child(node, key, name))}`)
      .join(',')}}`;
  }
  return isObject(v) || typeof v === 'boolean' ? shapeKey(child(node, key)) : stableStringify(v);
}
