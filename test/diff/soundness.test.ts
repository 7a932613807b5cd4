/**
 * Soundness of the schema comparison, as a property (fast-check, fixed seed): realistic payload
 * schemas and the edits teams make to them (bench/soundness/schemas.ts); for each pair, instances
 * from the engine's generator, from an independent random generator and perturbations of both
 * are validated with ajv (bench/soundness/check.ts). The test fails when a pair is called
 * backward (forward) compatible while an instance is accepted by the old (new) schema and
 * rejected by the other, and when a witness does not validate as it claims. The same check runs
 * at scale with `npm run fuzz -- --soundness --runs N --seed S`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkPair } from '../../bench/soundness/check.js';
import { editsArb, mutate, payloadArb } from '../../bench/soundness/schemas.js';

const SEED = 20261204;
const RUNS = 20;

test(`soundness: ${RUNS} schema pairs, no compatible verdict disproved, every witness confirmed (seed ${SEED})`, (t) => {
  const totals = { pairs: 0, instances: 0, incompatible: 0, witnesses: 0, missing: 0 };
  fc.assert(
    fc.property(payloadArb, editsArb, fc.nat(), (before, edits, seed) => {
      const after = mutate(before, edits);
      const result = checkPair(before, after, seed);
      totals.pairs++;
      totals.instances += result.instances;
      totals.witnesses += result.witnesses;
      totals.missing += result.missingWitnesses.length;
      if (!result.backward || !result.forward) totals.incompatible++;
      assert.deepEqual(result.counterexamples, [], 'a compatible verdict disproved by an instance');
      assert.deepEqual(result.badWitnesses, [], 'a witness that does not validate as it claims');
      // An incompatible change without a witness says so (never a silent claim).
      for (const m of result.missingWitnesses) assert.match(m.message, /no witness/);
    }),
    { seed: SEED, numRuns: RUNS },
  );
  t.diagnostic(`pairs ${totals.pairs}, instances ${totals.instances}, incompatible pairs ${totals.incompatible}, witnesses ${totals.witnesses}, incompatible directions without a witness ${totals.missing}`);
  assert.equal(totals.pairs, RUNS);
});
