/**
 * Where the keyword walk meets the semantics:
 * - `settle`, after each pair of subschemas is walked: a direction the walk called broken but
 *   set inclusion proves is cleared (the change stays, marked compatible in that direction);
 *   when both directions are proven, the pair's structural changes go (equivalent forms);
 * - `verifyRoot`, once per compared schema: every change still incompatible gets a witness
 *   confirmed by ajv, or says that none was found; a direction the walk called compatible
 *   but inclusion cannot prove is searched for a counterexample, reported as
 *   COMPATIBILITY_DISPROVED with its witness.
 */
import { show } from '../json-values.js';
import type { SNode } from '../schema-node.js';
import type { DiffContext, RawChange, SchemaDiffer } from '../compare/differ.js';
import { sameUnchangedPlace } from '../compare/references.js';
import { Inclusion } from './inclusion.js';
import { declaredNames, hintsFrom, InstanceGenerator, type Hints } from './instances.js';
import { findWitnesses, linkScore, type FoundWitness } from './witness.js';

interface SemanticState {
  readonly inclusion: Inclusion;
  readonly generator: InstanceGenerator;
  /** Witness searches run so far in this diff (bounded: see WITNESS_SEARCHES). */
  searches: number;
  /** Counterexample searches for verdicts the walk called compatible (bounded: COUNTEREXAMPLE_SEARCHES). */
  checks: number;
}

/**
 * Witness searches per diff. A search costs a few milliseconds (candidates generated and
 * validated); a diff touching hundreds of schemas would otherwise spend most of its time there.
 * Past the budget, changes say that no witness was searched. Counted, not timed, so the output
 * stays the same run to run.
 */
const WITNESS_SEARCHES = 24;
const COUNTEREXAMPLE_SEARCHES = 8;

const states = new WeakMap<DiffContext, SemanticState>();

export function semanticsOf(ctx: DiffContext): SemanticState {
  let state = states.get(ctx);
  if (!state) {
    state = { inclusion: new Inclusion(), generator: new InstanceGenerator(), searches: 0, checks: 0 };
    states.set(ctx, state);
  }
  return state;
}

type Direction = 'backward' | 'forward';

export function settle(d: SchemaDiffer, o: SNode, n: SNode, start: number): void {
  if (d.changes.length === start) return;
  const changes = d.changes.slice(start);
  const needBackward = changes.some((c) => !c.backward);
  const needForward = changes.some((c) => !c.forward);
  if (!needBackward && !needForward) return;
  const { inclusion } = semanticsOf(d.ctx);
  const backward = needBackward && inclusion.includes([o], [n]);
  const forward = needForward && inclusion.includes([n], [o]);
  if (!backward && !forward) return;
  if ((backward || !needBackward) && (forward || !needForward)) {
    // Both schemas accept exactly the same values: the keywords moved, nothing changed.
    d.changes.splice(start, changes.length, ...changes.filter((c) => c.backward && c.forward));
    return;
  }
  for (const c of changes) {
    if (backward && !c.backward) {
      c.backward = true;
      c.message += ' (yet every value valid before is still accepted: the new schema includes the old one)';
    }
    if (forward && !c.forward) {
      c.forward = true;
      c.message += ' (yet readers of the old schema accept every value the new one does)';
    }
  }
}

export function verifyRoot(d: SchemaDiffer, o: SNode, n: SNode, start: number, path: string): void {
  if (sameUnchangedPlace(d.ctx, o, n)) return;
  const state = semanticsOf(d.ctx);
  const { inclusion, generator } = state;
  const sameFile = (a: string, b: string) => a === b || (a === o.file && b === n.file) || (a === n.file && b === o.file);
  let hints: Hints | undefined;
  for (const direction of d.ctx.options.directions ?? (['backward', 'forward'] as const)) {
    const changes = d.changes.slice(start);
    const [from, to, acceptedBy] = direction === 'backward' ? [o, n, 'old' as const] : [n, o, 'new' as const];
    // What the generator is told, set only before a search: most roots need none, and the hints walk both schemas.
    const prepare = () => {
      generator.hints = hints ??= hintsFrom([o.value, n.value]);
      // The lenient policy assumes old data never carries a property the new schema declares.
      generator.neverSent = direction === 'backward' && d.ctx.options.policy === 'lenient' ? newlyDeclared(o, n) : new Set();
      return generator;
    };
    const broken = changes.filter((c) => !c[direction]);
    if (!broken.length) {
      // A counterexample search where the walk saw no break: the safety net, on a smaller budget.
      if (inclusion.includes([from], [to]) || state.checks >= COUNTEREXAMPLE_SEARCHES) continue;
      state.checks++;
      const found = findWitnesses(prepare(), from, to, acceptedBy, 'first')?.[0];
      if (!found) continue;
      d.changes.push(disproved(d, direction, found, from, to, path));
      continue;
    }
    if (state.searches >= WITNESS_SEARCHES) {
      for (const c of broken) c.message += ` (no witness searched: this diff's budget of ${WITNESS_SEARCHES} witness searches went to earlier schemas)`;
      continue;
    }
    state.searches++;
    // With one broken change any witness explains it: only the first needs its failure places.
    const only = broken.length === 1;
    const anyWitness = d.ctx.options.witnesses === 'any';
    // Any witness will do: the search ends once each broken change has one tied to it (those found later would not change that).
    const enough = anyWitness ? (found: readonly FoundWitness[]) => only || broken.every((c) => found.some((f) => tiedTo(f.places, c, sameFile))) : undefined;
    const found = findWitnesses(prepare(), from, to, acceptedBy, only ? 'none' : anyWitness ? 'later' : 'all', [], enough);
    for (const c of broken) {
      const best = anyWitness ? pickAny(found ?? [], c, only, sameFile) : pick(found ?? [], c, only, sameFile);
      if (best && c.witness) c.reverseWitness = best.witness;
      else if (best) c.witness = best.witness;
      else c.message += found === undefined ? ' (no witness: a schema could not be compiled to check one)' : ` (no witness found: no generated value ${acceptedBy === 'old' ? 'valid before is rejected now' : 'valid now is rejected by the old schema'}; treated as ${direction} incompatible all the same)`;
    }
  }
}

function pick(found: readonly FoundWitness[], c: RawChange, only: boolean, sameFile: (a: string, b: string) => boolean): FoundWitness | undefined {
  let best: FoundWitness | undefined;
  // The only change broken in this direction explains any witness of it; otherwise the witness must point at the change.
  let bestScore = only ? -2 : 0;
  for (const f of found) {
    const score = linkScore(f, c.file, c.pointer, sameFile);
    if (score > bestScore) {
      best = f;
      bestScore = score;
    }
  }
  return best;
}

/**
 * A witness `pick` would also find some witness for (its score is the best over all places, so it
 * is above the threshold exactly when one of its places is): the places where a candidate was
 * varied first, the rejecting schema's error places (compiling it) only when those tie none.
 */
function pickAny(found: readonly FoundWitness[], c: RawChange, only: boolean, sameFile: (a: string, b: string) => boolean): FoundWitness | undefined {
  if (only) return found[0];
  return found.find((f) => tiedTo(f.places, c, sameFile)) ?? found.find((f) => f.failures !== undefined && tiedTo(f.failures(), c, sameFile));
}

/** Whether some of these places explain the change (what `pick` asks of a witness when several changes compete). */
function tiedTo(places: readonly string[], c: RawChange, sameFile: (a: string, b: string) => boolean): boolean {
  return linkScore({ places }, c.file, c.pointer, sameFile) > 0;
}

function disproved(d: SchemaDiffer, direction: Direction, found: FoundWitness, from: SNode, to: SNode, path: string): RawChange {
  const place = found.places[0] ?? `${to.file}#${to.pointer}`;
  const hash = place.indexOf('#');
  const file = place.slice(0, hash);
  const pointer = place.slice(hash + 1);
  const toSide = direction === 'backward' ? 'new' : 'old';
  const at = { file, pointer, side: toSide } as const;
  const other = direction === 'backward' ? 'forward' : 'backward';
  // About one direction only: the other is what the remaining changes say.
  const flags = { [direction]: false, [other]: true } as { backward: boolean; forward: boolean };
  const who = direction === 'backward' ? 'the old schema accepts it and the new one rejects it' : 'the new schema accepts it and the old one rejects it';
  const change = d.make('COMPATIBILITY_DISPROVED', at, path, `the keyword comparison found no ${direction} break, but ${show(found.witness.value, 120)} proves one: ${who}`, flags);
  change.witness = found.witness;
  return change;
}




/** Property names the new schema declares and the old one does not (lenient: old data never carries them). */
function newlyDeclared(o: SNode, n: SNode): Set<string> {
  const before = declaredNames(o.value);
  return new Set([...declaredNames(n.value)].filter((name) => !before.has(name)));
}
