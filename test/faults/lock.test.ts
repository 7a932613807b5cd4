/**
 * The output folder's lock (src/core/lock.ts): a build waits while another live process holds
 * it, says so, and proceeds when it is released; with no patience left it names the holder; a
 * lock whose process died is taken over. The test process itself holds the lock, so the overlap
 * is certain, not a matter of timing.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tryLock } from '../../src/core/lock.js';
import { BIN, cli, copyMinimal, scratch, tree } from './helpers.js';

const LOCK = '.sguild-contracts.lock';

function holdLock(dist: string) {
  mkdirSync(dist, { recursive: true });
  const lock = tryLock(join(dist, LOCK));
  assert.ok('release' in lock);
  return lock;
}

describe('the output folder lock', () => {
  it('a second build waits for the lock holder, says so, then builds; nothing is left behind', async () => {
    const dir = scratch();
    copyMinimal(dir);
    const dist = join(dir, 'dist');
    const lock = holdLock(dist);
    const child = spawn(process.execPath, [BIN, 'build'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => void (stdout += c));
    const waiting = new Promise<void>((resolve) =>
      child.stderr.on('data', (c: Buffer) => {
        stderr += c;
        if (stderr.includes('waiting for another build')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await waiting;
    assert.equal(stderr, `waiting for another build (process ${process.pid}) to finish with dist…\n`);
    assert.deepEqual(readdirSync(dist), [LOCK]); // it wrote nothing while waiting
    lock.release();
    assert.equal(await exited, 0);
    assert.match(stdout, /✔ built dist from contracts: (\d+) files \(\1 written, 0 unchanged\)/);
    assert.ok(!existsSync(join(dist, LOCK)));
    assert.ok(!Object.keys(tree(dist)).some((p) => p.endsWith('.tmp') || p.startsWith('.sguild-contracts-staging')));
  });

  it('with no time to wait, the build stops with exit code 2 naming the holder; so does build --check', () => {
    const dir = scratch();
    copyMinimal(dir);
    const dist = join(dir, 'dist');
    const lock = holdLock(dist);
    try {
      for (const args of [['build'], ['build', '--check']]) {
        const run = cli(args, { cwd: dir, env: { SGUILD_CONTRACTS_LOCK_WAIT: '0' } });
        assert.equal(run.code, 2, run.stderr);
        assert.match(run.stderr, new RegExp(`^sguild-contracts: another build is writing dist: process ${process.pid} on ${hostname().replace(/[.]/g, '\\.')} \\(since [^)]+\\) holds dist/\\.sguild-contracts\\.lock; wait for it to finish`));
      }
    } finally {
      lock.release();
    }
  });

  it('a lock left by a process that died is taken over', () => {
    const dir = scratch();
    copyMinimal(dir);
    const dist = join(dir, 'dist');
    mkdirSync(dist);
    writeFileSync(join(dist, LOCK), JSON.stringify({ pid: 999_999_999, host: hostname(), token: 'dead', started: '2026-01-01T00:00:00.000Z' }));
    const run = cli(['build'], { cwd: dir, env: { SGUILD_CONTRACTS_LOCK_WAIT: '0' } });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(!existsSync(join(dist, LOCK)));
    assert.equal(cli(['build', '--check'], { cwd: dir }).code, 0);
  });

  it('two builds started together both succeed and leave exactly one whole output', async () => {
    const dir = scratch();
    copyMinimal(dir);
    const start = () =>
      new Promise<number | null>((resolve) => spawn(process.execPath, [BIN, 'build'], { cwd: dir, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } }).on('close', resolve));
    assert.deepEqual(await Promise.all([start(), start(), start()]), [0, 0, 0]);
    assert.equal(cli(['build', '--check'], { cwd: dir }).code, 0);
    assert.ok(!Object.keys(tree(join(dir, 'dist'))).some((p) => p.endsWith('.tmp') || p.includes('.sguild-contracts-staging') || p === LOCK));
  });
});
