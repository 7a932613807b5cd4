/**
 * The fuzz harness (bench/fuzz.ts) as a test: a few hundred mutated contract sets and event
 * streams with a fixed seed, every command driven in-process. Each case must end with exit
 * code 0 or 1 (or a clean one-line refusal), a well-formed report, no stack trace, nothing read
 * or written outside its folders, no network and within the time bound.
 *
 * Findings that belong to other areas and are not fixed yet are listed in KNOWN with their
 * owner: they are reported by the `todo` test below instead of failing the suite, and any other
 * failure fails it. Replay any case with `npm run fuzz -- --seed <seed> --case <n> --corpus <corpus>`.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../../bench/fuzz/corpus.js';
import { runFuzz, type FuzzSummary } from '../../bench/fuzz/run.js';

const SEED = 20260601;
const MINIMAL = join(REPO_ROOT, 'fixtures/minimal/contracts');

/** Open findings in other areas: owner, the command, and what identifies them in its output. */
const KNOWN: { owner: string; command: string; signature: RegExp }[] = [
  {
    owner: 'owner: build (type generation recurses per nesting level: a schema nested a few thousand levels deep, which check passes, crashes build with a stack overflow)',
    command: 'build',
    signature: /internal error: Maximum call stack size exceeded/,
  },
  {
    owner: 'owner: diff (internal errors on hostile schemas: stack overflow in src/diff/json-values.ts show/stableStringify on deep nesting; FORMAT_SUPERSETS[format] read through Object.prototype in src/diff/schema-diff.ts for "format": "__proto__")',
    command: 'diff', // and `check --base`, which runs the same comparison
    signature: /internal error: (Maximum call stack size exceeded|FORMAT_SUPERSETS)/,
  },
  {
    owner: 'owner: rules (deep nesting overflows the stack in rules such as envelope/required-fields and schema/dialect: internal/rule-failed)',
    command: '*',
    signature: /rule [a-z]+\/[a-z0-9-]+ failed on this input \(Maximum call stack size exceeded\)/,
  },
];

function split(summary: FuzzSummary, corpus: string): { unknown: string[]; known: Map<string, string[]> } {
  const unknown: string[] = [];
  const known = new Map<string, string[]>();
  for (const result of summary.failed) {
    for (const failure of result.failures) {
      const text = `${failure.problems.join('; ')}\n${failure.excerpt}`;
      const command = failure.command === 'check' && failure.args.includes('--base') ? 'diff' : failure.command;
      const owner = KNOWN.find((k) => (k.command === '*' || k.command === command) && k.signature.test(text))?.owner;
      const line = `${corpus} case ${result.index} ${failure.command} [${failure.args.join(' ')}]: ${failure.problems.join('; ')}`;
      if (owner) known.set(owner, [...(known.get(owner) ?? []), line]);
      else unknown.push(`${line}\n${failure.excerpt}`);
    }
  }
  return { unknown, known };
}

let minimal: ReturnType<typeof split> | undefined;
let full: ReturnType<typeof split> | undefined;

test('fuzz: 300 mutations of the minimal contract set end cleanly (seed 20260601)', { timeout: 170_000 }, async () => {
  const summary = await runFuzz({ runs: 300, seed: SEED, workers: 2, timeoutMs: 10_000, allowRefusal: true, corpus: MINIMAL });
  assert.equal(summary.runs, 300);
  assert.ok(summary.commands.includes('check'));
  minimal = split(summary, 'minimal');
  assert.deepEqual(minimal.unknown, [], `replay with: npm run fuzz -- --seed ${SEED} --case <n> --corpus fixtures/minimal/contracts`);
});

test('fuzz: 24 mutations of the bundled contract set end cleanly (seed 20260601)', { timeout: 170_000 }, async () => {
  const summary = await runFuzz({ runs: 24, seed: SEED, workers: 2, timeoutMs: 15_000, allowRefusal: true });
  assert.equal(summary.runs, 24);
  full = split(summary, 'bundled');
  assert.deepEqual(full.unknown, [], `replay with: npm run fuzz -- --seed ${SEED} --case <n>`);
});

for (const { owner } of KNOWN) {
  test(`fuzz: no open finding for ${owner.slice(7, owner.indexOf(' ('))}`, { todo: owner }, () => {
    const lines = [...(minimal?.known.get(owner) ?? []), ...(full?.known.get(owner) ?? [])];
    assert.deepEqual(lines, []);
  });
}
