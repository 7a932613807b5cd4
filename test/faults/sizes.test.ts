/**
 * Sizes before bytes: every file the tool reads whole is sized first (through its open
 * descriptor) and refused with the limit named, before a byte is read. The big files here are
 * sparse, so they cost no disk; node:fs is patched so that reading one whole fails the test.
 */
import assert from 'node:assert/strict';
import fs, { closeSync, fstatSync, openSync, truncateSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { runCli } from '../helpers.js';
import { copyMinimal, scratch } from './helpers.js';

const GB = 1024 ** 3;
const original = fs.readFileSync;

/** A sparse file of `size` bytes. */
function sparse(path: string, size: number): void {
  closeSync(openSync(path, 'w'));
  truncateSync(path, size);
}

beforeEach(() => {
  // Reading a file over 1 GiB whole is the bug these tests guard against.
  fs.readFileSync = ((target: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    const size = typeof target === 'number' ? fstatSync(target).size : fs.statSync(target).size;
    if (size > GB) throw new Error(`read a ${size}-byte file whole`);
    return (original as (...args: unknown[]) => unknown)(target, ...rest);
  }) as typeof fs.readFileSync;
  syncBuiltinESMExports();
});
afterEach(() => {
  fs.readFileSync = original;
  syncBuiltinESMExports();
});

describe('sizes before bytes', () => {
  it('a 1.2 GB tarball is refused before it is read, naming the 512 MiB limit', async () => {
    const dir = scratch();
    copyMinimal(dir);
    sparse(join(dir, 'big.tgz'), 1.2e9);
    for (const args of [['diff', 'big.tgz', 'contracts'], ['check', '--base', 'big.tgz']]) {
      const run = await runCli(args, { cwd: dir });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /^sguild-contracts: (--base big\.tgz: )?big\.tgz: file is too large: 1200000000 bytes, more than the 512 MiB a tarball may hold uncompressed; it was not read\n$/);
    }
  });

  it('a schema file over 2 GiB is refused cleanly (not an internal error)', async () => {
    const dir = scratch();
    sparse(join(dir, 'huge.json'), 2 * GB + 1);
    writeFileSync(join(dir, 'small.json'), '{ "type": "object" }');
    const run = await runCli(['diff', 'small.json', 'huge.json'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'sguild-contracts: huge.json: file is too large: 2147483649 bytes, more than the 16 MiB a contract file may have; it was not read\n');
  });

  it('a contract file over 2 GiB in a folder is file/skipped, an error, without reading it', async () => {
    const dir = scratch();
    const contracts = copyMinimal(dir);
    sparse(join(contracts, 'lesson-lifecycle', 'examples', 'lesson.delivered-v1.json'), 3 * GB);
    const run = await runCli(['check', '--format', 'json'], { cwd: dir });
    assert.equal(run.code, 1);
    const skipped = (JSON.parse(run.stdout) as { diagnostics: { rule: string; message: string }[] }).diagnostics.filter((d) => d.rule === 'file/skipped');
    assert.deepEqual(skipped.map((d) => d.message), ['file is 3221225472 bytes, more than the 16 MiB a contract file may have; it was not read: split it or remove what does not belong in the contracts']);
  });

  it('a configuration or baseline file over its limit is refused before it is read', async () => {
    const dir = scratch();
    copyMinimal(dir);
    sparse(join(dir, 'sguild-contracts.config.json'), 2 * GB + 1);
    let run = await runCli(['check'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'sguild-contracts: configuration file sguild-contracts.config.json is too large: 2147483649 bytes, more than the 16 MiB it may have; it was not read\n');
    fs.rmSync(join(dir, 'sguild-contracts.config.json'));
    sparse(join(dir, 'baseline.json'), 2 * GB + 1);
    run = await runCli(['check', '--baseline', 'baseline.json'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'sguild-contracts: baseline file baseline.json is too large: 2147483649 bytes, more than the 256 MiB it may have; it was not read\n');
  });
});
