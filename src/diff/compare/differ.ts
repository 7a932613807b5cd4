/**
 * The schema comparison's core: a structural walk over two JSON Schemas (2020-12 and draft-07)
 * at once that reports each difference as a change kind (src/diff/kinds.ts) with the pointer of
 * the keyword, and whether a reader with the new schema still accepts what the old one did
 * (backward) and the other way round (forward).
 *
 * Each concern lives in its own module (types, values, bounds, strings, arrays, objects,
 * composition, references); this file holds what they share: the walk's entry, the reporting,
 * and the side walk (`judge`) that computed kinds use to compare two subschemas.
 *
 * No validator is compiled: the walk costs about as much as reading the schemas once. `$ref`s
 * are followed with src/schema/refs.ts, and each (old, new) pair of subschemas is compared at
 * most once, so recursive schemas terminate. Equivalent spellings are not changes.
 */
import type { ContractSet } from '../../model/types.js';
import { deepEqual, isObject, type JsonObject } from '../json-values.js';
import { effectFlags, kindInfo, type ChangeKind } from '../kinds.js';
import { locOf, makeSide, type Loc, type Side, type SNode } from '../schema-node.js';
import type { DiffOptions, Witness } from '../types.js';
import { settle, verifyRoot } from '../semantic/verify.js';
import { compareAnnotations } from './annotations.js';
import { compareArrays } from './arrays.js';
import { compareNumbers } from './bounds.js';
import { compareCompositions, compareConditional, compareNot } from './composition.js';
import { compareObjects } from './objects.js';
import { compareReference, sameUnchangedPlace } from './references.js';
import { compareStrings } from './strings.js';
import { compareTypes, familiesOfBoth } from './types.js';
import { compareUnanalysed } from './unanalysed.js';
import { compareValues, valuesOf } from './values.js';

export interface RawChange {
  kind: ChangeKind;
  backward: boolean;
  forward: boolean;
  file: string;
  pointer: string;
  side: 'old' | 'new';
  message: string;
  /** A value one side accepts and the other rejects, confirmed with ajv (src/diff/semantic/witness.ts). */
  witness?: Witness;
  /** For a change incompatible both ways: the forward witness (`witness` is the backward one). */
  reverseWitness?: Witness;
}

export type Flags = { backward: boolean; forward: boolean };
export type At = Loc & { side: 'old' | 'new' };

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

/**
 * One place in both schemas: the two subschemas (`o`, `n`), their object values (`O`, `N`; `{}`
 * for booleans), the instance location they describe (`path`, for messages) and the depth.
 */
export interface Site {
  readonly o: SNode;
  readonly n: SNode;
  readonly O: JsonObject;
  readonly N: JsonObject;
  readonly path: string;
  readonly depth: number;
}

/** Subschemas nested deeper than this are compared as plain values (keeps the stack bounded). */
const MAX_DEPTH = 100; // subschema levels; files nest at most MAX_JSON_DEPTH (256) JSON levels, about 128 of these

export function instancePath(path: string): string {
  return path || '(root)';
}

export function propertyPath(path: string, name: string): string {
  const simple = /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(name);
  if (!simple) return `${path}[${JSON.stringify(name)}]`;
  return path ? `${path}.${name}` : name;
}

export const mapOf = (v: unknown): JsonObject => (isObject(v) ? v : {});
export const arrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function describeJudgement(flags: Flags): string {
  if (flags.backward && flags.forward) return 'compatible both ways';
  if (flags.backward) return 'backward compatible only';
  if (flags.forward) return 'forward compatible only';
  return 'incompatible both ways';
}

export class SchemaDiffer {
  readonly changes: RawChange[] = [];
  private readonly visited = new Set<string>();

  constructor(readonly ctx: DiffContext) {}

  /** Compares two subschemas; `path` is the instance location they describe, for messages. */
  compare(o: SNode, n: SNode, path = '', depth = 0, annotations = true): void {
    const key = `${o.file}#${o.pointer}${o.keyLoc ? '+' : ''}\0${n.file}#${n.pointer}${n.keyLoc ? '+' : ''}`;
    if (this.visited.has(key)) return;
    this.visited.add(key);
    if (depth > MAX_DEPTH) {
      if (!deepEqual(o.value, n.value)) this.emit('SCHEMA_CHANGED', this.at(n, 'new'), path, 'a subschema nested too deep to analyse changed; treated as incompatible');
      return;
    }
    if (sameUnchangedPlace(this.ctx, o, n)) return;
    if (annotations) compareAnnotations(this, o, n, path);
    const start = this.changes.length;
    if (!compareReference(this, o, n, path, depth)) this.compareStructure(o, n, path, depth);
    // What the keywords say, checked against what the schemas accept.
    settle(this, o, n, start);
  }

  /**
   * Compares two whole schemas (a file, or a shared definition): the walk, then a witness for
   * every incompatible change and a counterexample search where inclusion is not proven.
   */
  compareRoot(o: SNode, n: SNode, path = ''): void {
    const start = this.changes.length;
    this.compare(o, n, path);
    verifyRoot(this, o, n, start, path);
  }

  // ---- reporting -------------------------------------------------------------------------

  at(node: SNode, side: 'old' | 'new', key?: string | number, ...rest: (string | number)[]): At {
    return { ...locOf(node, key, ...rest), side };
  }

  make(kind: ChangeKind, at: At, path: string, message: string, flags?: Flags): RawChange {
    const info = kindInfo(kind);
    const f = flags ?? effectFlags(info.effect, this.ctx.options.policy, kind);
    return { kind, backward: f.backward, forward: f.forward, file: at.file, pointer: at.pointer, side: at.side, message: `${instancePath(path)}: ${message}` };
  }

  emit(kind: ChangeKind, at: At, path: string, message: string, flags?: Flags): void {
    this.changes.push(this.make(kind, at, path, message, flags));
  }

  /** Compatibility of replacing `o` by `n`, from a separate walk whose changes are not reported. */
  judge(o: SNode, n: SNode, path: string, depth: number): Flags & { count: number } {
    const sub = new SchemaDiffer(this.ctx);
    sub.compare(o, n, path, depth + 1);
    const structural = sub.changes.filter((c) => !(c.backward && c.forward));
    return { backward: structural.every((c) => c.backward), forward: structural.every((c) => c.forward), count: structural.length };
  }

  // ---- structure -------------------------------------------------------------------------

  private compareStructure(o: SNode, n: SNode, path: string, depth: number): void {
    if (o.value === false && n.value === false) return;
    if (n.value === false) return this.emit('FALSE_SCHEMA_ADDED', this.at(n, 'new'), path, 'the schema became false: no value is valid here any more');
    if (o.value === false) return this.emit('FALSE_SCHEMA_REMOVED', this.at(n, 'new'), path, 'the schema was false and now accepts values');
    const site: Site = { o, n, O: mapOf(o.value), N: mapOf(n.value), path, depth };
    const oValues = valuesOf(site.O);
    const nValues = valuesOf(site.N);
    const families = compareTypes(this, site, oValues, nValues);
    compareValues(this, site, oValues, nValues);
    const both = familiesOfBoth(families);
    if (both('number')) compareNumbers(this, site);
    if (both('string')) compareStrings(this, site);
    if (both('array')) compareArrays(this, site);
    if (both('object')) compareObjects(this, site);
    compareCompositions(this, site);
    compareNot(this, site);
    compareConditional(this, site);
    compareUnanalysed(this, site);
  }
}
