/**
 * Witnesses: a concrete value one schema accepts and the other rejects, found among generated
 * candidates (./instances.ts) and confirmed by validating it against both schemas with ajv
 * (./validators.ts). A witness is tied to the change it best explains: the change whose keyword
 * the rejecting schema's error points at, or the place where the candidate was varied.
 */
import { stableStringify } from '../json-values.js';
import type { SNode } from '../schema-node.js';
import type { Sample } from './instances.js';
import { InstanceGenerator } from './instances.js';
import { checkerFor, quickVerdict, type Check } from './validators.js';

import type { Witness } from '../types.js';

export interface FoundWitness {
  witness: Witness;
  /**
   * Schema places (`file#pointer`) that explain it: where the rejecting schema failed, and where
   * the value was varied. Under `'later'`, only where the value was varied: see `failures`.
   */
  places: string[];
  size: number;
  /** Under `'later'`: where the rejecting schema fails, asked of ajv (which compiles it) on the first call. */
  failures?: () => string[];
}

/**
 * Which witnesses get the rejecting schema's error places: every one, the first only, none, or
 * every one on demand (`failures`), for callers that only ask whether some witness explains a change.
 */
export type PlacesMode = 'all' | 'first' | 'none' | 'later';

/** Candidates validated per root and direction, at most. */
const MAX_CANDIDATES = 64;
/** Witnesses collected per search: enough to tie one to each change. */
const MAX_WITNESSES = 24;

/**
 * Values `from` accepts and `to` rejects, smallest first; `undefined` when either schema cannot
 * be compiled (then nothing can be confirmed).
 */
export function findWitnesses(
  generator: InstanceGenerator,
  from: SNode,
  to: SNode,
  acceptedBy: 'old' | 'new',
  places: PlacesMode = 'all',
  extra: readonly unknown[] = [],
  /** Stops the search once the witnesses found so far (in the order found) are enough for the caller. */
  enough?: (found: readonly FoundWitness[]) => boolean,
): FoundWitness[] | undefined {
  // Each candidate is validated against both schemas by the validators `check` uses: the
  // interpreting screen where it applies (no compilation; test/schema/screen.test.ts keeps it in
  // agreement with ajv), ajv otherwise. The rejecting side's error places come from ajv, compiled
  // only once a candidate is known to be a witness.
  const ajvFrom = lazy(() => checkerFor(from));
  const ajvTo = lazy(() => checkerFor(to));
  const verdict = (node: SNode, check: () => Check | undefined, value: unknown): boolean | undefined => quickVerdict(node, value) ?? check()?.(value)?.valid;
  const candidates: Sample[] = [...generator.samples([from]), ...extra.map((value) => ({ value, focus: [] }))];
  const out: FoundWitness[] = [];
  const seen = new Set<string>();
  let unknown = false;
  for (const candidate of candidates.slice(0, MAX_CANDIDATES)) {
    if (out.length >= MAX_WITNESSES) break;
    const text = stableStringify(candidate.value);
    if (seen.has(text)) continue;
    seen.add(text);
    const a = verdict(from, ajvFrom, candidate.value);
    if (a === undefined) unknown = true;
    if (a !== true) continue;
    const b = verdict(to, ajvTo, candidate.value);
    if (b === undefined) unknown = true;
    if (b !== false) continue;
    // Where the rejecting schema fails ties a witness to a change; asked of ajv only when needed.
    const failuresOf = (value: unknown) => (ajvTo()?.(value)?.failures ?? []).map((f) => `${f.file}#${f.pointer}`);
    const failures = places === 'all' || (places === 'first' && !out.length) ? failuresOf(candidate.value) : [];
    const found: FoundWitness = { witness: { value: candidate.value, acceptedBy }, places: [...failures, ...candidate.focus], size: text.length };
    if (places === 'later') found.failures = lazy(() => failuresOf(candidate.value));
    out.push(found);
    if (enough?.(out)) break;
  }
  if (!out.length && unknown && (!ajvFrom() || !ajvTo())) return undefined;
  return out.sort((x, y) => x.size - y.size);
}


/** Confirms a witness again (both schemas), for callers that hold one from elsewhere. */
export function confirms(from: SNode, to: SNode, value: unknown): boolean {
  const a = checkerFor(from)?.(value);
  const b = checkerFor(to)?.(value);
  return a?.valid === true && b?.valid === false;
}

/** How well a witness explains a change at `file#pointer`: the longest pointer prefix shared with one of its places. */
export function linkScore(found: { readonly places: readonly string[] }, file: string, pointer: string, sameFile: (a: string, b: string) => boolean): number {
  const target = segments(pointer);
  let best = -1;
  for (const place of found.places) {
    const hash = place.indexOf('#');
    const f = place.slice(0, hash);
    if (!sameFile(f, file)) continue;
    const p = segments(place.slice(hash + 1));
    let k = 0;
    while (k < p.length && k < target.length && p[k] === target[k]) k++;
    // A place inside the changed keyword, or the keyword inside the place, explains it; so does a
    // shared subschema (the witness differs inside the value the change's subschema describes).
    if (k === p.length || k === target.length) best = Math.max(best, k);
    else {
      while (k > 0 && !isSchemaLocation(target.slice(0, k))) k--;
      if (k > 0) best = Math.max(best, k);
    }
  }
  return best;
}

const MAP_KEYWORDS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'prefixItems', 'allOf', 'anyOf', 'oneOf', 'items']);
const SCHEMA_KEYWORDS = new Set(['items', 'additionalProperties', 'additionalItems', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties']);

/** Whether a pointer (as segments) names a subschema: `/properties/a`, `/items`, `/anyOf/1`, not `/properties`. */
function isSchemaLocation(s: string[]): boolean {
  const last = s.at(-1);
  const before = s.at(-2);
  if (before !== undefined && MAP_KEYWORDS.has(before)) return true;
  return last !== undefined && SCHEMA_KEYWORDS.has(last) && !(before !== undefined && MAP_KEYWORDS.has(before));
}

function segments(pointer: string): string[] {
  return pointer ? pointer.split('/').slice(1) : [];
}

function lazy<T>(make: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = make();
      done = true;
    }
    return value;
  };
}
