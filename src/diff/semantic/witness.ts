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
import { checkerFor } from './validators.js';

import type { Witness } from '../types.js';

export interface FoundWitness {
  witness: Witness;
  /** Schema places (`file#pointer`) that explain it: where the rejecting schema failed, and where the value was varied. */
  places: string[];
  size: number;
}

/** Candidates validated per root and direction, at most. */
const MAX_CANDIDATES = 400;

/**
 * Values `from` accepts and `to` rejects, smallest first; `undefined` when either schema cannot
 * be compiled (then nothing can be confirmed).
 */
export function findWitnesses(generator: InstanceGenerator, from: SNode, to: SNode, acceptedBy: 'old' | 'new', extra: readonly unknown[] = []): FoundWitness[] | undefined {
  const accepts = checkerFor(from);
  const rejects = checkerFor(to);
  if (!accepts || !rejects) return undefined;
  const candidates: Sample[] = [...generator.samples([from]), ...extra.map((value) => ({ value, focus: [] }))];
  const out: FoundWitness[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates.slice(0, MAX_CANDIDATES)) {
    const text = stableStringify(candidate.value);
    if (seen.has(text)) continue;
    seen.add(text);
    const a = accepts(candidate.value);
    if (!a?.valid) continue;
    const b = rejects(candidate.value);
    if (!b || b.valid) continue;
    out.push({ witness: { value: candidate.value, acceptedBy }, places: [...b.failures.map((f) => `${f.file}#${f.pointer}`), ...candidate.focus], size: text.length });
  }
  return out.sort((x, y) => x.size - y.size);
}

/** Confirms a witness again (both schemas), for callers that hold one from elsewhere. */
export function confirms(from: SNode, to: SNode, value: unknown): boolean {
  const a = checkerFor(from)?.(value);
  const b = checkerFor(to)?.(value);
  return a?.valid === true && b?.valid === false;
}

/** How well a witness explains a change at `file#pointer`: the longest pointer prefix shared with one of its places. */
export function linkScore(found: FoundWitness, file: string, pointer: string, sameFile: (a: string, b: string) => boolean): number {
  const target = segments(pointer);
  let best = -1;
  for (const place of found.places) {
    const hash = place.indexOf('#');
    const f = place.slice(0, hash);
    if (!sameFile(f, file)) continue;
    const p = segments(place.slice(hash + 1));
    let k = 0;
    while (k < p.length && k < target.length && p[k] === target[k]) k++;
    // A place inside the changed keyword, or the keyword inside the place: both explain it.
    if (k === p.length || k === target.length) best = Math.max(best, k);
  }
  return best;
}

function segments(pointer: string): string[] {
  return pointer ? pointer.split('/').slice(1) : [];
}
