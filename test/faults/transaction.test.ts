/**
 * Outputs as one transaction (src/build/transaction.ts), proven with kills at exact points:
 * SGUILD_CONTRACTS_TEST_KILL_AT=N makes the build SIGKILL itself at its Nth file step
 * (src/core/fault-point.ts). After every kill the output folder is the whole old set, or a
 * decided switch that `build --check` reports and the next build finishes; after the next build
 * it is exactly the new set, with no temporary file, staging folder or lock left. Also: stale
 * temporary files of dead processes go, cached or not, and `build --check` reports foreign files
 * (those run in process: only a kill needs a child).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { interruption } from '../../src/build/transaction.js';
import { runCli } from '../helpers.js';
import { cli, copyMinimal, scratch, tree } from './helpers.js';

const REGISTRY = 'event-types-registry.json';

/** Changes the contracts so that the events table, its types and the validators all change. */
function edit(contracts: string): void {
  const path = join(contracts, REGISTRY);
  writeFileSync(path, readFileSync(path, 'utf8').replace('"A coach marked a lesson as delivered."', '"Edited."'));
}

/** Every file with a hash of its content (short failure messages). */
function hashed(dist: string): Record<string, string> {
  return Object.fromEntries(Object.entries(tree(dist)).map(([path, text]) => [path, createHash('sha256').update(text).digest('hex').slice(0, 12)]));
}

/** The files a reader of the output sees (the transaction's own bookkeeping aside). */
function visible(dist: string): Record<string, string> {
  return Object.fromEntries(Object.entries(hashed(dist)).filter(([path]) => !path.startsWith('.sguild-contracts-staging/') && path !== '.sguild-contracts.lock'));
}

/** The old and the new output of the minimal set, built once. */
let built: { oldTree: Record<string, string>; newTree: Record<string, string>; template: string } | undefined;
function sets(): { oldTree: Record<string, string>; newTree: Record<string, string>; template: string } {
  return (built ??= buildSets());
}

function buildSets(): { oldTree: Record<string, string>; newTree: Record<string, string>; template: string } {
  const template = scratch();
  const contracts = copyMinimal(template);
  assert.equal(cli(['build'], { cwd: template }).code, 0);
  const oldTree = hashed(join(template, 'dist'));
  const other = scratch();
  cpSync(contracts, join(other, 'contracts'), { recursive: true });
  edit(join(other, 'contracts'));
  assert.equal(cli(['build'], { cwd: other }).code, 0);
  return { oldTree, newTree: hashed(join(other, 'dist')), template };
}

/** Kills a build at each step (until one runs to the end) and checks what a reader sees after each kill. */
function killSweep(steps: readonly number[]): { old: number; new: number; committed: number; completed: boolean } {
  const { oldTree, newTree, template } = sets();
  assert.notDeepEqual(oldTree, newTree);
  const outcomes = { old: 0, committed: 0, new: 0, completed: false };
  for (const at of steps) {
    const dir = scratch();
    cpSync(template, dir, { recursive: true });
    edit(join(dir, 'contracts'));
    const dist = join(dir, 'dist');
    const run = cli(['build'], { cwd: dir, env: { SGUILD_CONTRACTS_TEST_KILL_AT: String(at) } });
    if (run.signal !== 'SIGKILL') {
      assert.equal(run.code, 0, run.stderr);
      outcomes.completed = true;
    } else {
      const state = interruption(dist);
      if (state === 'committed') {
        outcomes.committed++;
        const check = cli(['build', '--check'], { cwd: dir });
        assert.equal(check.code, 1);
        assert.match(check.stdout, /^interrupted dist\/\.sguild-contracts-staging \(a build was interrupted/m);
      } else {
        const seen = JSON.stringify(visible(dist));
        const whole = seen === JSON.stringify(oldTree) ? 'old' : seen === JSON.stringify(newTree) ? 'new' : undefined;
        assert.ok(whole, `killed at step ${at} (${state}): the output is neither the whole old set nor the whole new one: ${seen}`);
        outcomes[whole]++;
      }
    }
    const next = cli(['build'], { cwd: dir });
    assert.equal(next.code, 0, next.stderr);
    assert.deepEqual(hashed(dist), newTree, `after a kill at step ${at}, the next build did not end with exactly the new set`);
    rmSync(dir, { recursive: true, force: true });
    if (outcomes.completed) break;
  }
  return outcomes;
}

describe('build output is one transaction', () => {
  it('a build killed at exact file steps leaves the whole old set, the whole new set or a decided switch; the next build ends with exactly the new set', { timeout: 600_000 }, () => {
    // Two steps here: before the commit and at it. `npm run test:slow` (test/slow/kill-sweep.test.ts) kills at every step.
    const steps = process.env.SGUILD_KILL_SWEEP ? Array.from({ length: 299 }, (_, i) => i + 1) : [2, 12];
    const outcomes = killSweep(steps);
    if (process.env.SGUILD_KILL_SWEEP) assert.ok(outcomes.completed && outcomes.old > 0 && outcomes.committed > 0, JSON.stringify(outcomes));
  });

  it('a full disk or an I/O error while staging leaves the old set, no staging folder, and exit code 2', () => {
    const { oldTree, template } = sets();
    // One point here (the first staged file); `npm run test:slow` tries four.
    const faults = process.env.SGUILD_KILL_SWEEP ? ([[1, 'ENOSPC'], [4, 'ENOSPC'], [2, 'EIO'], [5, 'EIO']] as const) : ([[1, 'ENOSPC']] as const);
    for (const [at, code] of faults) {
      const dir = scratch();
      cpSync(template, dir, { recursive: true });
      edit(join(dir, 'contracts'));
      const run = cli(['build'], { cwd: dir, env: { SGUILD_CONTRACTS_TEST_FAIL_AT: `${at}:${code}` } });
      assert.equal(run.code, 2, `${code} at step ${at}`);
      assert.equal(run.stderr, `sguild-contracts: cannot write to dist: ${code} (write)\n`);
      assert.deepEqual(hashed(join(dir, 'dist')), oldTree);
      // The next build, on a healthy disk, finishes the job.
      assert.equal(cli(['build'], { cwd: dir }).code, 0);
      assert.equal(cli(['build', '--check'], { cwd: dir }).code, 0);
    }
  });

  for (const cached of [false, true]) {
    it(`temporary files of dead processes are removed by the next build${cached ? ', also when it is served from the cache' : ''}`, async () => {
      const dir = scratch();
      copyMinimal(dir);
      if (cached) mkdirSync(join(dir, 'node_modules'));
      assert.equal((await runCli(['build'], { cwd: dir })).code, 0);
      const newTree = hashed(join(dir, 'dist'));
      const dead = '.validators.js.999999999.k3j4h5.tmp'; // no such pid
      writeFileSync(join(dir, 'dist', dead), 'half a file');
      const check = await runCli(['build', '--check'], { cwd: dir });
      assert.equal(check.code, 1);
      assert.match(check.stdout, new RegExp(`^foreign  dist/${dead.replace(/\./g, '\\.')} \\(not written by sguild-contracts build`, 'm'));
      const run = await runCli(['build'], { cwd: dir });
      assert.equal(run.code, 0);
      assert.match(run.stderr, /note: removed 1 temporary file that interrupted builds left in dist/);
      assert.deepEqual(hashed(join(dir, 'dist')), newTree);
      assert.equal((await runCli(['build', '--check'], { cwd: dir })).code, 0);
    });
  }

  it('build --check reports foreign files, cached or not, and the build leaves them alone', async () => {
    for (const cached of [false, true]) {
      const dir = scratch();
      copyMinimal(dir);
      if (cached) mkdirSync(join(dir, 'node_modules'));
      assert.equal((await runCli(['build'], { cwd: dir })).code, 0);
      mkdirSync(join(dir, 'dist', 'sub'));
      writeFileSync(join(dir, 'dist', 'sub', 'notes.txt'), 'mine');
      const check = await runCli(['build', '--check'], { cwd: dir });
      assert.equal(check.code, 1);
      assert.match(check.stdout, /^foreign  dist\/sub\/notes\.txt /m);
      assert.equal((await runCli(['build'], { cwd: dir })).code, 0);
      assert.ok(existsSync(join(dir, 'dist', 'sub', 'notes.txt')));
    }
  });
});
