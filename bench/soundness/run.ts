/**
 * `npm run fuzz -- --soundness [--runs N] [--seed S] [--policy strict|lenient]`: the soundness
 * property of test/diff/soundness.test.ts at scale. Prints the corpus (pairs, instances),
 * the verdicts, witness coverage, and every disproved verdict or bad witness (with the schemas,
 * to replay); exits 1 when there is one.
 */
import fc from 'fast-check';
import type { Policy } from '../../src/diff/types.js';
import { checkPair } from './check.js';
import { editsArb, mutate, payloadArb } from './schemas.js';

export interface SoundnessSummary {
  seed: number;
  pairs: number;
  instances: number;
  incompatiblePairs: number;
  changes: number;
  incompatibleDirections: number;
  witnesses: number;
  missingWitnesses: number;
  unsound: number;
  badWitnesses: number;
  /** Pairs on which the check itself threw (a crash of the differ or of ajv). */
  errors: number;
}

export function runSoundness(runs: number, seed: number, policy: Policy, log: (line: string) => void): SoundnessSummary {
  const s: SoundnessSummary = { seed, pairs: 0, instances: 0, incompatiblePairs: 0, changes: 0, incompatibleDirections: 0, witnesses: 0, missingWitnesses: 0, unsound: 0, badWitnesses: 0, errors: 0 };
  const missingKinds = new Map<string, number>();
  const outcome = fc.check(
    fc.property(payloadArb, editsArb, fc.nat(), (before, edits, instanceSeed) => {
      const after = mutate(before, edits);
      const r = checkPair(before, after, instanceSeed, policy);
      s.pairs++;
      s.instances += r.instances;
      s.changes += r.changes.length;
      s.witnesses += r.witnesses;
      s.missingWitnesses += r.missingWitnesses.length;
      s.incompatibleDirections += r.changes.filter((c) => !c.backward).length + r.changes.filter((c) => !c.forward).length;
      if (!r.backward || !r.forward) s.incompatiblePairs++;
      for (const m of r.missingWitnesses) missingKinds.set(`${m.kind} (${m.direction})`, (missingKinds.get(`${m.kind} (${m.direction})`) ?? 0) + 1);
      const [counterexample] = r.counterexamples;
      if (counterexample) {
        s.unsound++;
        log(`UNSOUND pair ${s.pairs}: ${JSON.stringify(before)}\n  -> ${JSON.stringify(after)}\n  ${counterexample.direction} disproved by ${JSON.stringify(counterexample.value)}`);
      }
      if (r.badWitnesses.length) {
        s.badWitnesses++;
        log(`BAD WITNESS pair ${s.pairs}: ${JSON.stringify(r.badWitnesses[0])}`);
      }
      if (s.pairs % 500 === 0) log(`${s.pairs} pairs…`);
      return true;
    }),
    { seed, numRuns: runs, endOnFailure: true },
  );
  if (outcome.failed) {
    s.errors++;
    log(`ERROR (seed ${seed}, path ${outcome.counterexamplePath}): ${outcome.errorInstance instanceof Error ? outcome.errorInstance.stack : String(outcome.errorInstance)}\n  ${JSON.stringify(outcome.counterexample)}`);
  }
  log(`soundness: ${s.pairs} pairs (seed ${seed}, policy ${policy}), ${s.instances} instances validated with ajv`);
  log(`  pairs with an incompatible verdict: ${s.incompatiblePairs}; changes: ${s.changes}; incompatible directions: ${s.incompatibleDirections}`);
  log(`  witnesses: ${s.witnesses}; incompatible directions without one: ${s.missingWitnesses}${s.incompatibleDirections ? ` (coverage ${(100 * (1 - s.missingWitnesses / s.incompatibleDirections)).toFixed(1)}%)` : ''}`);
  if (missingKinds.size) log(`  without a witness, by kind: ${[...missingKinds].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  log(`  compatible verdicts disproved: ${s.unsound}; witnesses that do not validate: ${s.badWitnesses}; errors: ${s.errors}`);
  return s;
}
