/**
 * Semantic comparison of two JSON Schemas (2020-12 and draft-07): a structural walk over both
 * at once that reports each difference as a change kind (src/diff/kinds.ts) with the pointer of
 * the keyword, and whether a reader with the new schema still accepts what the old one did
 * (backward) and the other way round (forward).
 *
 * No validator is compiled: the walk costs about as much as reading the schemas once. `$ref`s
 * are followed with src/schema/refs.ts, and each (old, new) pair of subschemas is compared at
 * most once, so recursive schemas terminate. Equivalent spellings are not changes.
 */
import type { ContractSet } from '../model/types.js';
import { refsOf, resolveRef } from '../schema/refs.js';
import { effectFlags, kindInfo } from './kinds.js';
import { byCodeUnit, deepEqual, finite, has, isObject, listOf, show, stableStringify, stringSet, type JsonObject } from './json-values.js';
import {
  child,
  deref,
  dialectOfNode,
  hasRef,
  isAnnotationKeyword,
  isTrivial,
  locOf,
  makeSide,
  trueAt,
  type Loc,
  type Side,
  type SNode,
} from './schema-node.js';
import { comparePatterns } from './pattern-compare.js';
import { shapeKey } from './schema-shape.js';
import { allows, describeTypes, effectiveTypes, isSubset } from './type-set.js';
import type { DiffOptions } from './types.js';

export interface RawChange {
  kind: string;
  backward: boolean;
  forward: boolean;
  file: string;
  pointer: string;
  side: 'old' | 'new';
  message: string;
}

type Flags = { backward: boolean; forward: boolean };
type At = Loc & { side: 'old' | 'new' };

/** State shared by every comparison between the same two contract sets. */
export interface DiffContext {
  readonly options: DiffOptions;
  readonly old: Side;
  readonly new: Side;
  readonly unchanged: Map<string, boolean>;
  readonly regexes: Map<string, RegExp | null>;
  /** Side walks run so far for best-match alignment; past a budget, lists align by position. */
  readonly work: { judges: number };
}

export function createDiffContext(oldModel: ContractSet, newModel: ContractSet, options: DiffOptions): DiffContext {
  return { options, old: makeSide(oldModel, options.dialect), new: makeSide(newModel, options.dialect), unchanged: new Map(), regexes: new Map(), work: { judges: 0 } };
}

/** Subschemas nested deeper than this are compared as plain values (keeps the stack bounded). */
const MAX_DEPTH = 100; // subschema levels; files nest at most MAX_JSON_DEPTH (256) JSON levels, about 128 of these
/** Lists longer than this are aligned by position instead of by best match. */
const MAX_ALIGN = 24;
/** Best-match side walks per diff before alignment falls back to position (pathological nesting). */
const MAX_JUDGES = 20_000;

const METADATA_KINDS: Record<string, string> = {
  title: 'TITLE_CHANGED',
  description: 'DESCRIPTION_CHANGED',
  examples: 'EXAMPLES_CHANGED',
  $comment: 'COMMENT_CHANGED',
  default: 'DEFAULT_CHANGED',
};
/** Validation keywords the walk does not analyse: any change to them is reported conservatively. */
const UNANALYSED = ['unevaluatedItems', 'unevaluatedProperties', '$dynamicRef'];
const COMPOSITIONS = ['allOf', 'anyOf', 'oneOf'] as const;
type Composition = (typeof COMPOSITIONS)[number];

const FORMAT_SUPERSETS: Record<string, readonly string[]> = {
  'idn-email': ['email'],
  'idn-hostname': ['hostname'],
  iri: ['uri'],
  'iri-reference': ['iri', 'uri-reference', 'uri'],
  'uri-reference': ['uri'],
};

export function instancePath(path: string): string {
  return path || '(root)';
}

function propertyPath(path: string, name: string): string {
  const simple = /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(name);
  if (!simple) return `${path}[${JSON.stringify(name)}]`;
  return path ? `${path}.${name}` : name;
}

const mapOf = (v: unknown): JsonObject => (isObject(v) ? v : {});
const arrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export class SchemaDiffer {
  readonly changes: RawChange[] = [];
  private readonly visited = new Set<string>();

  constructor(private readonly ctx: DiffContext) {}

  /** Compares two subschemas; `path` is the instance location they describe, for messages. */
  compare(o: SNode, n: SNode, path = '', depth = 0, annotations = true): void {
    const key = `${o.file}#${o.pointer}${o.keyLoc ? '+' : ''}\0${n.file}#${n.pointer}${n.keyLoc ? '+' : ''}`;
    if (this.visited.has(key)) return;
    this.visited.add(key);
    if (depth > MAX_DEPTH) {
      if (!deepEqual(o.value, n.value)) this.emit('SCHEMA_CHANGED', this.at(n, 'new'), path, 'a subschema nested too deep to analyse changed; treated as incompatible');
      return;
    }
    if (this.sameUnchangedPlace(o, n)) return;
    if (annotations) this.compareAnnotations(o, n, path);
    const oRef = hasRef(o);
    const nRef = hasRef(n);
    if (oRef || nRef) {
      const od = deref(o);
      const nd = deref(n);
      if ('unresolved' in od || 'unresolved' in nd) {
        const oldRef = 'unresolved' in od ? od.unresolved : undefined;
        const newRef = 'unresolved' in nd ? nd.unresolved : undefined;
        if (oldRef !== undefined && oldRef === newRef) return; // the same unresolvable reference: nothing known changed
        const why = 'unresolved' in nd ? nd.reason : 'unresolved' in od ? `in the old schema, ${od.reason}` : 'a reference changed';
        this.emit('REF_CHANGED', nRef ? this.at(n, 'new', '$ref') : this.at(n, 'new'), path, `${why}; the change cannot be judged, so it counts as incompatible`);
        return;
      }
      this.compare(od, nd, path, depth + 1, oRef && nRef);
      return;
    }
    this.compareStructure(o, n, path, depth);
  }

  // ---- reporting -------------------------------------------------------------------------

  private at(node: SNode, side: 'old' | 'new', key?: string | number, ...rest: (string | number)[]): At {
    return { ...locOf(node, key, ...rest), side };
  }

  private make(kind: string, at: At, path: string, message: string, flags?: Flags): RawChange {
    const info = kindInfo(kind);
    const f = flags ?? effectFlags(info.effect, this.ctx.options.policy, kind);
    return { kind, backward: f.backward, forward: f.forward, file: at.file, pointer: at.pointer, side: at.side, message: `${instancePath(path)}: ${message}` };
  }

  private emit(kind: string, at: At, path: string, message: string, flags?: Flags): void {
    this.changes.push(this.make(kind, at, path, message, flags));
  }

  /** Compatibility of replacing `o` by `n`, from a separate walk whose changes are not reported. */
  private judge(o: SNode, n: SNode, path: string, depth: number): Flags & { count: number } {
    const sub = new SchemaDiffer(this.ctx);
    sub.compare(o, n, path, depth + 1);
    const structural = sub.changes.filter((c) => !(c.backward && c.forward));
    return { backward: structural.every((c) => c.backward), forward: structural.every((c) => c.forward), count: structural.length };
  }

  /** Same file, same place, and nothing that file reaches changed: skip the walk. */
  private sameUnchangedPlace(o: SNode, n: SNode): boolean {
    if (o.file !== n.file || o.pointer !== n.pointer || o.keyLoc || n.keyLoc) return false;
    let result = this.ctx.unchanged.get(o.file);
    if (result === undefined) {
      result = closureUnchanged(this.ctx, o.file);
      this.ctx.unchanged.set(o.file, result);
    }
    return result;
  }

  // ---- annotations -----------------------------------------------------------------------

  private compareAnnotations(o: SNode, n: SNode, path: string): void {
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
      const at = has(N, k) ? this.at(n, 'new', k) : this.at(o, 'old', k);
      if (k === 'deprecated' && Boolean(before) !== Boolean(after)) {
        if (after) this.emit('DEPRECATED_ADDED', at, path, 'marked deprecated: consumers should plan to stop relying on it');
        else this.emit('DEPRECATED_REMOVED', at, path, 'no longer marked deprecated');
        continue;
      }
      const kind = (Object.prototype.hasOwnProperty.call(METADATA_KINDS, k) ? METADATA_KINDS[k] : undefined) ?? 'METADATA_CHANGED';
      const what = before === undefined ? `${k} added` : after === undefined ? `${k} removed` : `${k} changed`;
      const detail = k === 'description' || k === 'examples' || k === '$comment' ? '' : before === undefined ? `: ${show(after)}` : after === undefined ? `: was ${show(before)}` : ` from ${show(before)} to ${show(after)}`;
      this.emit(kind, at, path, `${what}${detail} (metadata only)`);
    }
  }

  // ---- structure -------------------------------------------------------------------------

  private compareStructure(o: SNode, n: SNode, path: string, depth: number): void {
    if (o.value === false && n.value === false) return;
    if (n.value === false) return this.emit('FALSE_SCHEMA_ADDED', this.at(n, 'new'), path, 'the schema became false: no value is valid here any more');
    if (o.value === false) return this.emit('FALSE_SCHEMA_REMOVED', this.at(n, 'new'), path, 'the schema was false and now accepts values');
    const O = mapOf(o.value);
    const N = mapOf(n.value);

    const oValues = valuesOf(O);
    const nValues = valuesOf(N);
    const oTypes = effectiveTypes(O, oValues);
    const nTypes = effectiveTypes(N, nValues);
    if (!(oValues && nValues) && (has(O, 'type') || has(N, 'type'))) {
      const before = oTypes;
      const after = nTypes;
      const wider = isSubset(before, after);
      const narrower = isSubset(after, before);
      if (!(wider && narrower)) {
        const at = has(N, 'type') ? this.at(n, 'new', 'type') : this.at(o, 'old', 'type');
        const consequence = wider ? 'readers of the old schema reject values of the added types' : narrower ? 'values of the removed types, valid before, are now rejected' : 'values valid under either schema may be rejected by the other';
        const text = `type ${wider ? 'widened' : narrower ? 'narrowed' : 'changed'} from ${describeTypes(before)} to ${describeTypes(after)}: ${consequence}`;
        this.emit(wider ? 'TYPE_WIDENED' : narrower ? 'TYPE_NARROWED' : 'TYPE_CHANGED', at, path, text);
      }
    }
    this.compareValues(o, n, O, N, oValues, nValues, path);

    const both = (family: 'number' | 'string' | 'array' | 'object') => allows(oTypes, family) && allows(nTypes, family);
    if (both('number')) this.compareNumbers(o, n, O, N, path);
    if (both('string')) this.compareStrings(o, n, O, N, path);
    if (both('array')) this.compareArrays(o, n, O, N, path, depth);
    if (both('object')) this.compareObjects(o, n, O, N, path, depth);
    this.compareCompositions(o, n, O, N, path, depth);
    this.compareNot(o, n, O, N, path, depth);
    this.compareConditional(o, n, O, N, path, depth);

    const od = dialectOfNode(o);
    const nd = dialectOfNode(n);
    for (const k of UNANALYSED) {
      const before = has(O, k) && !isAnnotationKeyword(k, od) ? O[k] : undefined;
      const after = has(N, k) && !isAnnotationKeyword(k, nd) ? N[k] : undefined;
      if (deepEqual(before, after)) continue;
      const at = after !== undefined ? this.at(n, 'new', k) : this.at(o, 'old', k);
      this.emit('KEYWORD_CHANGED', at, path, `${k} changed; its effect is not analysed, so it counts as incompatible`);
    }
  }

  private compareValues(o: SNode, n: SNode, O: JsonObject, N: JsonObject, oValues: unknown[] | undefined, nValues: unknown[] | undefined, path: string): void {
    if (!oValues && !nValues) return;
    const oConst = has(O, 'const');
    const nConst = has(N, 'const');
    if (!oValues) {
      if (nConst) return this.emit('CONST_ADDED', this.at(n, 'new', 'const'), path, `now pinned to const ${show(N.const)}`);
      return this.emit('ENUM_ARRAY_ADDED', this.at(n, 'new', 'enum'), path, `now restricted to enum ${show(N.enum)}`);
    }
    if (!nValues) {
      if (oConst) return this.emit('CONST_REMOVED', this.at(o, 'old', 'const'), path, `const ${show(O.const)} removed: any value of the type is accepted`);
      return this.emit('ENUM_ARRAY_REMOVED', this.at(o, 'old', 'enum'), path, `enum ${show(O.enum)} removed: any value of the type is accepted`);
    }
    const before = new Map(oValues.map((v) => [stableStringify(v), v]));
    const after = new Map(nValues.map((v) => [stableStringify(v), v]));
    const removed = [...before.keys()].filter((k) => !after.has(k));
    const added = [...after.keys()].filter((k) => !before.has(k));
    if (!removed.length && !added.length) return;
    const at = nConst ? this.at(n, 'new', 'const') : this.at(n, 'new', 'enum');
    if (oConst && nConst) return this.emit('CONST_CHANGED', at, path, `const changed from ${show(O.const)} to ${show(N.const)}`);
    if (!removed.length) return this.emit('ENUM_ARRAY_EXTENDED', at, path, `enum now also allows ${listOf(added)}; readers of the old schema reject ${added.length === 1 ? 'it' : 'them'}`);
    if (!added.length) return this.emit('ENUM_ARRAY_NARROWED', at, path, `enum no longer allows ${listOf(removed)}`);
    this.emit('ENUM_ARRAY_CHANGED', at, path, `enum no longer allows ${listOf(removed)} and now allows ${listOf(added)}`);
  }

  // ---- numbers and strings ----------------------------------------------------------------

  private compareNumbers(o: SNode, n: SNode, O: JsonObject, N: JsonObject, path: string): void {
    this.compareRange(o, n, O, N, 'lower', path);
    this.compareRange(o, n, O, N, 'upper', path);
    const a = positive(O.multipleOf);
    const b = positive(N.multipleOf);
    if (a === b) return;
    if (a === undefined) return this.emit('MULTIPLE_OF_ADDED', this.at(n, 'new', 'multipleOf'), path, `multipleOf ${b} added`);
    if (b === undefined) return this.emit('MULTIPLE_OF_REMOVED', this.at(o, 'old', 'multipleOf'), path, `multipleOf ${a} removed`);
    const at = this.at(n, 'new', 'multipleOf');
    if (isMultiple(b, a)) this.emit('MULTIPLE_OF_EXPANDED', at, path, `multipleOf changed from ${a} to ${b}: fewer numbers qualify`);
    else if (isMultiple(a, b)) this.emit('MULTIPLE_OF_REDUCED', at, path, `multipleOf changed from ${a} to ${b}: more numbers qualify`);
    else this.emit('MULTIPLE_OF_CHANGED', at, path, `multipleOf changed from ${a} to ${b}`);
  }

  /** `minimum`/`exclusiveMinimum` (or the maxima) as one effective bound, so equivalent spellings are not changes. */
  private compareRange(o: SNode, n: SNode, O: JsonObject, N: JsonObject, end: 'lower' | 'upper', path: string): void {
    const a = bound(O, end);
    const b = bound(N, end);
    if (!a && !b) return;
    const prefix = (kw: string) => kw.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
    const describe = (x: Bound) => `${x.keyword} ${x.value}`;
    const beyond = end === 'lower' ? 'smaller' : 'larger';
    if (!a) return this.emit(`${prefix(b!.keyword)}_ADDED`, this.at(n, 'new', b!.keyword), path, `${describe(b!)} added: ${beyond} values, valid before, are now rejected`);
    if (!b) return this.emit(`${prefix(a.keyword)}_REMOVED`, this.at(o, 'old', a.keyword), path, `${describe(a)} removed: ${beyond} values are now accepted, which readers of the old schema reject`);
    // Positive when the new bound is tighter: a larger minimum (smaller maximum), or exclusive on a tie.
    const tighter = (end === 'lower' ? b.value - a.value : a.value - b.value) || Number(b.exclusive) - Number(a.exclusive);
    if (tighter === 0) return;
    const suffix = (end === 'lower') === tighter > 0 ? 'INCREASED' : 'DECREASED';
    const text = a.keyword === b.keyword && a.value !== b.value ? `${b.keyword} ${b.value > a.value ? 'raised' : 'lowered'} from ${a.value} to ${b.value}` : `${end} bound changed from ${describe(a)} to ${describe(b)}`;
    const effect = tighter > 0 ? 'values valid before are now rejected' : 'values rejected before are now accepted, which readers of the old schema reject';
    this.emit(`${prefix(b.keyword)}_${suffix}`, this.at(n, 'new', b.keyword), path, `${text}: ${effect}`);
  }

  /** A count bound (`minLength`, `maxItems`, …) with its default (0 or 1 for minima, none for maxima). */
  private compareCount(o: SNode, n: SNode, O: JsonObject, N: JsonObject, keyword: string, end: 'lower' | 'upper', path: string, fallback = end === 'lower' ? 0 : Infinity): void {
    const a = finite(O[keyword]);
    const b = finite(N[keyword]);
    const before = a ?? fallback;
    const after = b ?? fallback;
    if (before === after) return;
    const prefix = keyword.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
    const beyond = end === 'lower' ? 'below' : 'above';
    if (a === undefined || !has(O, keyword)) return this.emit(`${prefix}_ADDED`, this.at(n, 'new', keyword), path, `${keyword} ${after} added: values ${beyond} it, valid before, are now rejected`);
    if (b === undefined || !has(N, keyword)) return this.emit(`${prefix}_REMOVED`, this.at(o, 'old', keyword), path, `${keyword} ${before} removed: values ${beyond} it are now accepted, which readers of the old schema reject`);
    const up = after > before;
    const tighter = end === 'lower' ? up : !up;
    this.emit(`${prefix}_${up ? 'INCREASED' : 'DECREASED'}`, this.at(n, 'new', keyword), path, `${keyword} ${up ? 'raised' : 'lowered'} from ${before} to ${after}: ${tighter ? 'values valid before are now rejected' : 'values rejected before are now accepted, which readers of the old schema reject'}`);
  }

  private compareStrings(o: SNode, n: SNode, O: JsonObject, N: JsonObject, path: string): void {
    this.compareCount(o, n, O, N, 'minLength', 'lower', path);
    this.compareCount(o, n, O, N, 'maxLength', 'upper', path);
    const p = typeof O.pattern === 'string' ? O.pattern : undefined;
    const q = typeof N.pattern === 'string' ? N.pattern : undefined;
    if (p !== q) {
      if (p === undefined) this.emit('PATTERN_ADDED', this.at(n, 'new', 'pattern'), path, `pattern ${show(q, 400)} added`);
      else if (q === undefined) this.emit('PATTERN_REMOVED', this.at(o, 'old', 'pattern'), path, `pattern ${show(p, 400)} removed`);
      else {
        const relation = comparePatterns(p, q);
        const text = `pattern changed from ${show(p, 400)} to ${show(q, 400)}`;
        if (relation === 'widened') this.emit('PATTERN_WIDENED', this.at(n, 'new', 'pattern'), path, `${text}: its character classes only gained characters, so strings rejected before are now accepted (readers of the old schema reject them)`);
        else if (relation === 'narrowed') this.emit('PATTERN_NARROWED', this.at(n, 'new', 'pattern'), path, `${text}: its character classes only lost characters, so strings valid before are now rejected`);
        else if (relation === 'changed') this.emit('PATTERN_CHANGED', this.at(n, 'new', 'pattern'), path, `${text}; neither is known to accept everything the other does`);
      }
    }
    const f = typeof O.format === 'string' ? O.format : undefined;
    const g = typeof N.format === 'string' ? N.format : undefined;
    if (f !== g) {
      if (f === undefined) this.emit('FORMAT_ADDED', this.at(n, 'new', 'format'), path, `format ${show(g)} added`);
      else if (g === undefined) this.emit('FORMAT_REMOVED', this.at(o, 'old', 'format'), path, `format ${show(f)} removed`);
      else if (supersetsOf(g)?.includes(f)) this.emit('FORMAT_WIDENED', this.at(n, 'new', 'format'), path, `format widened from ${show(f)} to ${show(g)}`);
      else if (supersetsOf(f)?.includes(g)) this.emit('FORMAT_NARROWED', this.at(n, 'new', 'format'), path, `format narrowed from ${show(f)} to ${show(g)}`);
      else this.emit('FORMAT_CHANGED', this.at(n, 'new', 'format'), path, `format changed from ${show(f)} to ${show(g)}`);
    }
  }

  // ---- arrays ----------------------------------------------------------------------------

  private compareArrays(o: SNode, n: SNode, O: JsonObject, N: JsonObject, path: string, depth: number): void {
    const a = arrayView(o, O);
    const b = arrayView(n, N);
    const count = Math.max(a.prefix, b.prefix);
    for (let i = 0; i < count; i++) {
      const p = `${path}[${i}]`;
      if (i < a.prefix && i < b.prefix) this.compare(child(o, a.prefixKey, i), child(n, b.prefixKey, i), p, depth + 1);
      else if (i < b.prefix) {
        const before = a.restKey !== undefined && has(O, a.restKey) ? child(o, a.restKey) : trueAt(o, a.restKey ?? 'items');
        const flags = this.judge(before, child(n, b.prefixKey, i), p, depth);
        this.emit('PREFIX_ITEM_ADDED', this.at(n, 'new', b.prefixKey, i), path, `tuple position ${i} now has its own schema (${describeJudgement(flags)})`, flags);
      } else {
        const after = b.restKey !== undefined && has(N, b.restKey) ? child(n, b.restKey) : trueAt(n, b.restKey ?? 'items');
        const flags = this.judge(child(o, a.prefixKey, i), after, p, depth);
        this.emit('PREFIX_ITEM_REMOVED', this.at(o, 'old', a.prefixKey, i), path, `tuple position ${i} lost its own schema (${describeJudgement(flags)})`, flags);
      }
    }
    this.compareOpenness(o, n, O, N, a.restKey, b.restKey, 'ITEMS', `${path}[]`, path, depth);
    const oc = has(O, 'contains');
    const nc = has(N, 'contains');
    if (oc && nc) {
      this.compare(child(o, 'contains'), child(n, 'contains'), `${path}[]`, depth + 1);
      if (dialectOfNode(o) === '2020-12' || dialectOfNode(n) === '2020-12') {
        this.compareCount(o, n, O, N, 'minContains', 'lower', path, 1);
        this.compareCount(o, n, O, N, 'maxContains', 'upper', path);
      }
    } else if (nc) this.emit('CONTAINS_ADDED', this.at(n, 'new', 'contains'), path, 'contains added: the array must now hold a matching item');
    else if (oc) this.emit('CONTAINS_REMOVED', this.at(o, 'old', 'contains'), path, 'contains removed: no matching item is required any more');
    this.compareCount(o, n, O, N, 'minItems', 'lower', path);
    this.compareCount(o, n, O, N, 'maxItems', 'upper', path);
    const u = O.uniqueItems === true;
    const v = N.uniqueItems === true;
    if (!u && v) this.emit('UNIQUE_ITEMS_ADDED', this.at(n, 'new', 'uniqueItems'), path, 'uniqueItems added: arrays with duplicates are now rejected');
    if (u && !v) this.emit('UNIQUE_ITEMS_REMOVED', has(N, 'uniqueItems') ? this.at(n, 'new', 'uniqueItems') : this.at(o, 'old', 'uniqueItems'), path, 'uniqueItems removed: duplicates are now accepted');
  }

  /**
   * `additionalProperties` and `items` share one logic: absent/true/{} (open) → a schema
   * narrows, → false narrows further, and the reverse widens; two schemas are compared.
   */
  private compareOpenness(o: SNode, n: SNode, O: JsonObject, N: JsonObject, oKey: string | undefined, nKey: string | undefined, prefix: 'ITEMS' | 'ADDITIONAL_PROPERTIES', childPath: string, path: string, depth: number): void {
    const od = dialectOfNode(o);
    const nd = dialectOfNode(n);
    const state = (obj: JsonObject, key: string | undefined, dialect: typeof od) => {
      if (key === undefined || !has(obj, key)) return 'open';
      const v = obj[key];
      if (v === false) return 'false';
      return isTrivial(v, dialect) ? 'open' : 'schema';
    };
    const a = state(O, oKey, od);
    const b = state(N, nKey, nd);
    if (a === b && a !== 'schema') return;
    const keyword = prefix === 'ITEMS' ? (nKey ?? oKey ?? 'items') : 'additionalProperties';
    const newAt = nKey !== undefined && has(N, nKey) ? this.at(n, 'new', nKey) : undefined;
    const oldAt = oKey !== undefined && has(O, oKey) ? this.at(o, 'old', oKey) : undefined;
    const what = prefix === 'ITEMS' ? 'array items' : 'undeclared properties';
    if (a === 'schema' && b === 'schema') return this.compare(child(o, oKey!), child(n, nKey!), childPath, depth + 1);
    if (a === 'open' && b === 'schema') return this.emit(`${prefix}_ADDED`, newAt!, path, `${keyword} schema added: ${what} must now match it`);
    if (a === 'schema' && b === 'open') return this.emit(`${prefix}_REMOVED`, newAt ?? oldAt!, path, `${keyword} schema removed: ${what} are no longer checked`);
    if (b === 'false') return this.emit(`${prefix}_NARROWED`, newAt!, path, `${keyword} became false: ${what} are now rejected`);
    this.emit(`${prefix}_EXTENDED`, newAt ?? oldAt!, path, `${keyword} is no longer false: ${what} are now accepted`);
  }

  // ---- objects ---------------------------------------------------------------------------

  private compareObjects(o: SNode, n: SNode, O: JsonObject, N: JsonObject, path: string, depth: number): void {
    const oProps = mapOf(O.properties);
    const nProps = mapOf(N.properties);
    const names = [...new Set([...Object.keys(oProps), ...Object.keys(nProps)])].sort(byCodeUnit);
    const added = new Map<string, RawChange>();
    const removed = new Map<string, RawChange>();
    for (const name of names) {
      const p = propertyPath(path, name);
      const inOld = has(oProps, name);
      const inNew = has(nProps, name);
      if (inOld && inNew) this.compare(child(o, 'properties', name), child(n, 'properties', name), p, depth + 1);
      else if (inNew) added.set(name, this.propertyAdded(o, n, name, p, depth));
      else removed.set(name, this.propertyRemoved(o, n, name, p, depth));
    }

    const oReq = stringSet(O.required);
    const nReq = stringSet(N.required);
    const oReqSet = new Set(oReq);
    const nReqSet = new Set(nReq);
    const reqAdded = new Map<string, RawChange>();
    const reqRemoved = new Map<string, RawChange>();
    for (const name of nReq) {
      if (oReqSet.has(name)) continue;
      const index = arrayOf(N.required).indexOf(name);
      reqAdded.set(name, this.make('REQUIRED_ATTRIBUTE_ADDED', this.at(n, 'new', 'required', index), propertyPath(path, name), 'became required: values without it, valid before, are now rejected'));
    }
    for (const name of oReq) {
      if (nReqSet.has(name)) continue;
      const index = arrayOf(O.required).indexOf(name);
      reqRemoved.set(name, this.make('REQUIRED_ATTRIBUTE_REMOVED', this.at(o, 'old', 'required', index), propertyPath(path, name), 'is no longer required: readers of the old schema reject values without it'));
    }

    // A property removed next to one added with the same schema is most likely a rename.
    if (removed.size && added.size) {
      const oldShapes = new Map([...removed.keys()].map((name) => [name, shapeKey(child(o, 'properties', name))]));
      const newShapes = new Map([...added.keys()].map((name) => [name, shapeKey(child(n, 'properties', name))]));
      for (const [from, shape] of oldShapes) {
        const candidates = [...newShapes].filter(([, s]) => s === shape).map(([name]) => name);
        if (candidates.length !== 1) continue;
        const to = candidates[0];
        if ([...oldShapes].filter(([, s]) => s === newShapes.get(to)).length !== 1) continue;
        const parts = [removed.get(from)!, added.get(to)!, reqRemoved.get(from), reqAdded.get(to)].filter((c): c is RawChange => c !== undefined);
        const flags = { backward: parts.every((c) => c.backward), forward: parts.every((c) => c.forward) };
        const consequence = !flags.backward && !flags.forward ? 'readers of either schema reject the other\'s data' : !flags.backward ? 'old data is rejected by new readers' : !flags.forward ? `readers of the old schema no longer receive "${from}"` : 'readers are unaffected';
        this.emit('PROPERTY_POSSIBLY_RENAMED', this.at(n, 'new', 'properties', to), propertyPath(path, to), `property "${from}" was removed and "${to}" added with the same schema, probably a rename: ${consequence}`, flags);
        removed.delete(from);
        added.delete(to);
        reqRemoved.delete(from);
        reqAdded.delete(to);
      }
    }
    this.changes.push(...removed.values(), ...added.values(), ...reqAdded.values(), ...reqRemoved.values());

    this.compareOpenness(o, n, O, N, 'additionalProperties', 'additionalProperties', 'ADDITIONAL_PROPERTIES', propertyPath(path, '*'), path, depth);
    this.comparePatternProperties(o, n, O, N, path, depth);

    const pn = isTrivial(O.propertyNames, dialectOfNode(o)) ? undefined : O.propertyNames;
    const qn = isTrivial(N.propertyNames, dialectOfNode(n)) ? undefined : N.propertyNames;
    if (pn !== undefined && qn !== undefined) this.compare(child(o, 'propertyNames'), child(n, 'propertyNames'), `${instancePath(path)} (property names)`, depth + 1);
    else if (qn !== undefined) this.emit('PROPERTY_NAMES_ADDED', this.at(n, 'new', 'propertyNames'), path, 'propertyNames added: property names must now match it');
    else if (pn !== undefined) this.emit('PROPERTY_NAMES_REMOVED', has(N, 'propertyNames') ? this.at(n, 'new', 'propertyNames') : this.at(o, 'old', 'propertyNames'), path, 'propertyNames removed: any property name is accepted');

    this.compareCount(o, n, O, N, 'minProperties', 'lower', path);
    this.compareCount(o, n, O, N, 'maxProperties', 'upper', path);
    this.compareDependencies(o, n, O, N, path, depth);
  }

  private propertyAdded(o: SNode, n: SNode, name: string, path: string, depth: number): RawChange {
    const at = this.at(n, 'new', 'properties', name);
    const model = this.contentModel(o, name);
    if (model.kind === 'closed') return this.make('PROPERTY_ADDED_TO_CLOSED_CONTENT_MODEL', at, path, 'property added; readers of the old schema reject it because undeclared properties are not allowed there');
    if (model.kind === 'open') {
      const text = this.ctx.options.policy === 'strict' ? 'property added to an open object; under the strict policy old data may already carry it with another type' : 'property added to an open object';
      return this.make('PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', at, path, text);
    }
    const flags = this.judge(model.node, child(n, 'properties', name), path, depth);
    return this.make('PROPERTY_ADDED_TO_PARTIALLY_OPEN_CONTENT_MODEL', at, path, `property declared where ${model.via} applied before (${describeJudgement(flags)})`, flags);
  }

  private propertyRemoved(o: SNode, n: SNode, name: string, path: string, depth: number): RawChange {
    const at = this.at(o, 'old', 'properties', name);
    const model = this.contentModel(n, name);
    if (model.kind === 'closed') return this.make('PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL', at, path, 'property removed from an object that rejects undeclared properties: data carrying it, valid before, is now rejected');
    if (model.kind === 'open') return this.make('PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL', at, path, 'property declaration removed; it may now arrive with any type (or not at all), which readers of the old schema may reject');
    const flags = this.judge(child(o, 'properties', name), model.node, path, depth);
    return this.make('PROPERTY_REMOVED_FROM_PARTIALLY_OPEN_CONTENT_MODEL', at, path, `property declaration removed; ${model.via} applies to it now (${describeJudgement(flags)})`, flags);
  }

  /** What an object schema says about an undeclared property `name`. */
  private contentModel(node: SNode, name: string): { kind: 'open' } | { kind: 'closed' } | { kind: 'partial'; node: SNode; via: string } {
    const value = mapOf(node.value);
    const patterns = Object.keys(mapOf(value.patternProperties)).sort(byCodeUnit);
    for (const pattern of patterns) {
      const regex = this.regex(pattern);
      if (regex?.test(name)) return { kind: 'partial', node: child(node, 'patternProperties', pattern), via: `patternProperties ${show(pattern)}` };
    }
    const dialect = dialectOfNode(node);
    if (has(value, 'additionalProperties')) {
      const ap = value.additionalProperties;
      if (ap === false) return { kind: 'closed' };
      if (!isTrivial(ap, dialect)) return { kind: 'partial', node: child(node, 'additionalProperties'), via: 'the additionalProperties schema' };
      return { kind: 'open' };
    }
    if (dialect === '2020-12' && value.unevaluatedProperties === false) return { kind: 'closed' };
    return { kind: 'open' };
  }

  private regex(pattern: string): RegExp | null {
    let regex = this.ctx.regexes.get(pattern);
    if (regex === undefined) {
      try {
        regex = new RegExp(pattern, 'u');
      } catch {
        try {
          regex = new RegExp(pattern);
        } catch {
          regex = null;
        }
      }
      this.ctx.regexes.set(pattern, regex);
    }
    return regex;
  }

  private comparePatternProperties(o: SNode, n: SNode, O: JsonObject, N: JsonObject, path: string, depth: number): void {
    const a = mapOf(O.patternProperties);
    const b = mapOf(N.patternProperties);
    const patterns = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(byCodeUnit);
    for (const pattern of patterns) {
      const p = `${instancePath(path)} (properties matching ${show(pattern)})`;
      if (has(a, pattern) && has(b, pattern)) this.compare(child(o, 'patternProperties', pattern), child(n, 'patternProperties', pattern), p, depth + 1);
      else if (has(b, pattern)) {
        const before = has(O, 'additionalProperties') ? child(o, 'additionalProperties') : trueAt(o, 'additionalProperties');
        const flags = this.judge(before, child(n, 'patternProperties', pattern), p, depth);
        this.emit('PATTERN_PROPERTY_ADDED', this.at(n, 'new', 'patternProperties', pattern), path, `patternProperties ${show(pattern)} added (${describeJudgement(flags)})`, flags);
      } else {
        const after = has(N, 'additionalProperties') ? child(n, 'additionalProperties') : trueAt(n, 'additionalProperties');
        const flags = this.judge(child(o, 'patternProperties', pattern), after, p, depth);
        this.emit('PATTERN_PROPERTY_REMOVED', this.at(o, 'old', 'patternProperties', pattern), path, `patternProperties ${show(pattern)} removed (${describeJudgement(flags)})`, flags);
      }
    }
  }

  private compareDependencies(o: SNode, n: SNode, O: JsonObject, N: JsonObject, path: string, depth: number): void {
    const a = dependencyView(o, O);
    const b = dependencyView(n, N);
    for (const name of [...new Set([...a.required.keys(), ...b.required.keys()])].sort(byCodeUnit)) {
      const before = a.required.get(name);
      const after = b.required.get(name);
      if (before && after) {
        const removed = before.list.filter((x) => !after.list.includes(x));
        const added = after.list.filter((x) => !before.list.includes(x));
        if (!removed.length && !added.length) continue;
        const at = this.at(n, 'new', after.key, name);
        if (!removed.length) this.emit('DEPENDENCY_ARRAY_EXTENDED', at, path, `when "${name}" is present, ${listOf(added.map((x) => `"${x}"`))} must now be present too`);
        else if (!added.length) this.emit('DEPENDENCY_ARRAY_NARROWED', at, path, `when "${name}" is present, ${listOf(removed.map((x) => `"${x}"`))} no longer must be`);
        else this.emit('DEPENDENCY_ARRAY_CHANGED', at, path, `the properties required with "${name}" changed`);
      } else if (after) this.emit('DEPENDENCY_ARRAY_ADDED', this.at(n, 'new', after.key, name), path, `when "${name}" is present, ${listOf(after.list.map((x) => `"${x}"`))} must now be present too`);
      else if (before) this.emit('DEPENDENCY_ARRAY_REMOVED', this.at(o, 'old', before.key, name), path, `properties required with "${name}" are no longer required`);
    }
    for (const name of [...new Set([...a.schemas.keys(), ...b.schemas.keys()])].sort(byCodeUnit)) {
      const before = a.schemas.get(name);
      const after = b.schemas.get(name);
      if (before && after) this.compare(child(o, before, name), child(n, after, name), path, depth + 1);
      else if (after) this.emit('DEPENDENCY_SCHEMA_ADDED', this.at(n, 'new', after, name), path, `when "${name}" is present the object must now also match a schema`);
      else if (before) this.emit('DEPENDENCY_SCHEMA_REMOVED', this.at(o, 'old', before, name), path, `the schema applied when "${name}" is present was removed`);
    }
  }

  // ---- composition -----------------------------------------------------------------------

  private compareCompositions(o: SNode, n: SNode, O: JsonObject, N: JsonObject, path: string, depth: number): void {
    const oHas = COMPOSITIONS.filter((m) => Array.isArray(O[m]));
    const nHas = COMPOSITIONS.filter((m) => Array.isArray(N[m]));
    for (const m of oHas) if (nHas.includes(m)) this.compareLists(o, n, m, m, path, depth);
    const oOnly = oHas.filter((m) => !nHas.includes(m));
    const nOnly = nHas.filter((m) => !oHas.includes(m));
    if (oOnly.length === 1 && nOnly.length === 1) {
      const from = oOnly[0];
      const to = nOnly[0];
      const single = arrayOf(O[from]).length === 1 && arrayOf(N[to]).length === 1;
      // allOf/anyOf/oneOf of one subschema all mean that subschema: only the subschema can differ.
      if (!single) {
        const flags: Flags = from === 'oneOf' && to === 'anyOf' ? { backward: true, forward: false } : from === 'anyOf' && to === 'oneOf' ? { backward: false, forward: true } : { backward: false, forward: false };
        this.emit('COMPOSITION_METHOD_CHANGED', this.at(n, 'new', to), path, `${from} became ${to} (${describeJudgement(flags)})`, flags);
      }
      this.compareLists(o, n, from, to, path, depth);
      return;
    }
    for (const m of oOnly) this.emit('COMPOSITION_REMOVED', this.at(o, 'old', m), path, `${m} removed: its subschemas no longer apply`);
    for (const m of nOnly) this.emit('COMPOSITION_ADDED', this.at(n, 'new', m), path, `${m} added: values must now match its subschemas`);
  }

  /** Aligns two subschema lists (equal shapes first, then best match) and compares the pairs. */
  private compareLists(o: SNode, n: SNode, oKey: Composition, nKey: Composition, path: string, depth: number): void {
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
    if (oFree.size === nFree.size || oFree.size * nFree.size > MAX_ALIGN * MAX_ALIGN || this.ctx.work.judges > MAX_JUDGES) {
      const a = [...oFree];
      const b = [...nFree];
      for (let k = 0; k < Math.min(a.length, b.length); k++) {
        pairs.push([a[k], b[k]]);
        oFree.delete(a[k]);
        nFree.delete(b[k]);
      }
    } else {
      for (const i of [...oFree]) {
        let best: number | undefined;
        let bestCount = Infinity;
        for (const j of nFree) {
          this.ctx.work.judges++;
          const { count } = this.judge(oList[i], nList[j], path, depth);
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
    for (const [i, j] of pairs.sort((x, y) => x[1] - y[1])) this.compare(oList[i], nList[j], path, depth + 1);
    for (const j of nFree) {
      if (nKey === 'allOf') this.emit('PRODUCT_TYPE_EXTENDED', this.at(n, 'new', nKey, j), path, 'a subschema was added to allOf: values must now match it too');
      else this.emit('SUM_TYPE_EXTENDED', this.at(n, 'new', nKey, j), path, `an alternative was added to ${nKey}: values matching it are now accepted`);
    }
    for (const i of oFree) {
      if (oKey === 'allOf') this.emit('PRODUCT_TYPE_NARROWED', this.at(o, 'old', oKey, i), path, 'a subschema was removed from allOf: values no longer need to match it');
      else this.emit('SUM_TYPE_NARROWED', this.at(o, 'old', oKey, i), path, `an alternative was removed from ${oKey}: values matching only it are now rejected`);
    }
  }

  private compareNot(o: SNode, n: SNode, O: JsonObject, N: JsonObject, path: string, depth: number): void {
    const a = has(O, 'not');
    const b = has(N, 'not');
    if (a && b) {
      const inner = this.judge(child(o, 'not'), child(n, 'not'), path, depth);
      if (!inner.count) return;
      // Whatever the subschema gains, `not` loses: the flags swap.
      const flags = { backward: inner.forward, forward: inner.backward };
      this.emit('NOT_CHANGED', this.at(n, 'new', 'not'), path, `the subschema under not changed (${describeJudgement(flags)})`, flags);
    } else if (b) this.emit('NOT_ADDED', this.at(n, 'new', 'not'), path, 'not added: values matching its subschema are now rejected');
    else if (a) this.emit('NOT_REMOVED', this.at(o, 'old', 'not'), path, 'not removed: values it excluded are now accepted');
  }

  private compareConditional(o: SNode, n: SNode, O: JsonObject, N: JsonObject, path: string, depth: number): void {
    const a = has(O, 'if');
    const b = has(N, 'if');
    if (!a && !b) return;
    if (!b) return this.emit('CONDITIONAL_REMOVED', this.at(o, 'old', 'if'), path, 'the if/then/else conditional was removed');
    if (!a) return this.emit('CONDITIONAL_ADDED', this.at(n, 'new', 'if'), path, 'an if/then/else conditional was added');
    if (shapeKey(child(o, 'if')) !== shapeKey(child(n, 'if'))) return this.emit('CONDITIONAL_CHANGED', this.at(n, 'new', 'if'), path, 'the if condition changed; the values each branch applies to differ');
    for (const key of ['then', 'else']) {
      const before = has(O, key) ? child(o, key) : trueAt(o, key);
      const after = has(N, key) ? child(n, key) : trueAt(n, key);
      this.compare(before, after, path, depth + 1);
    }
  }
}

// ---- helpers -----------------------------------------------------------------------------

function valuesOf(schema: JsonObject): unknown[] | undefined {
  if (has(schema, 'const')) return [schema.const];
  if (Array.isArray(schema.enum)) return schema.enum;
  return undefined;
}

interface Bound {
  value: number;
  exclusive: boolean;
  keyword: string;
}

function bound(schema: JsonObject, end: 'lower' | 'upper'): Bound | undefined {
  const inclusive = finite(schema[end === 'lower' ? 'minimum' : 'maximum']);
  const exclusive = finite(schema[end === 'lower' ? 'exclusiveMinimum' : 'exclusiveMaximum']);
  const candidates: Bound[] = [];
  if (inclusive !== undefined) candidates.push({ value: inclusive, exclusive: false, keyword: end === 'lower' ? 'minimum' : 'maximum' });
  if (exclusive !== undefined) candidates.push({ value: exclusive, exclusive: true, keyword: end === 'lower' ? 'exclusiveMinimum' : 'exclusiveMaximum' });
  if (!candidates.length) return undefined;
  // The tighter of the two decides: the larger minimum (the smaller maximum), exclusive on a tie.
  return candidates.reduce((x, y) => {
    const d = end === 'lower' ? y.value - x.value : x.value - y.value;
    return d > 0 || (d === 0 && y.exclusive) ? y : x;
  });
}

function positive(v: unknown): number | undefined {
  const n = finite(v);
  return n !== undefined && n > 0 ? n : undefined;
}

/** `a` is an integer multiple of `b` (tolerating floating-point noise such as 0.3 / 0.1). */
function isMultiple(a: number, b: number): boolean {
  const q = a / b;
  return Math.abs(q - Math.round(q)) < 1e-9 && Math.round(q) >= 1;
}

/** Tuple positions and the schema for the rest, per dialect: 2020-12 `prefixItems`/`items`, draft-07 `items` array/`additionalItems`. */
function arrayView(node: SNode, schema: JsonObject): { prefix: number; prefixKey: string; restKey: string | undefined } {
  if (Array.isArray(schema.items)) return { prefix: schema.items.length, prefixKey: 'items', restKey: dialectOfNode(node) === 'draft-07' ? 'additionalItems' : undefined };
  if (dialectOfNode(node) === '2020-12') return { prefix: arrayOf(schema.prefixItems).length, prefixKey: 'prefixItems', restKey: 'items' };
  return { prefix: 0, prefixKey: 'items', restKey: 'items' };
}

/** `dependentRequired`/`dependentSchemas` (2020-12) or `dependencies` (draft-07), split by kind. */
function dependencyView(node: SNode, schema: JsonObject): { required: Map<string, { key: string; list: string[] }>; schemas: Map<string, string> } {
  const required = new Map<string, { key: string; list: string[] }>();
  const schemas = new Map<string, string>();
  if (dialectOfNode(node) === 'draft-07') {
    const deps = mapOf(schema.dependencies);
    for (const name of Object.keys(deps)) {
      if (Array.isArray(deps[name])) required.set(name, { key: 'dependencies', list: stringSet(deps[name]) });
      else schemas.set(name, 'dependencies');
    }
  } else {
    const req = mapOf(schema.dependentRequired);
    for (const name of Object.keys(req)) required.set(name, { key: 'dependentRequired', list: stringSet(req[name]) });
    for (const name of Object.keys(mapOf(schema.dependentSchemas))) schemas.set(name, 'dependentSchemas');
  }
  return { required, schemas };
}

export function describeJudgement(flags: Flags): string {
  if (flags.backward && flags.forward) return 'compatible both ways';
  if (flags.backward) return 'backward compatible only';
  if (flags.forward) return 'forward compatible only';
  return 'incompatible both ways';
}

/**
 * Whether a file and everything it references (transitively) are byte-identical on both sides:
 * then any subschema of it is unchanged and the walk can skip it.
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
        if (target.kind !== 'local') continue;
        if (!seen.has(target.file)) {
          seen.add(target.file);
          stack.push(target.file);
        }
      }
    }
  }
  return true;
}

/** The formats a format contains; own entries only (`__proto__` is a format name like any other). */
function supersetsOf(format: string): readonly string[] | undefined {
  return Object.prototype.hasOwnProperty.call(FORMAT_SUPERSETS, format) ? FORMAT_SUPERSETS[format] : undefined;
}
