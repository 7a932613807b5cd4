/**
 * `build` on worker threads through bin/sguild-contracts.js, that is through the bundled command
 * line (lib/cli-bundle/, whose worker entry is lib/cli-bundle/group-worker.js): the same files as
 * one thread writes (test/build/workers.test.ts compares workers and one thread from source).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { generate } from '../../bench/generate.js';
import { REPO, tempDir } from '../build/util.js';

function build(contracts: string, out: string, workers: string): Map<string, string> {
  const result = spawnSync(process.execPath, [join(REPO, 'bin', 'sguild-contracts.js'), 'build', '--contracts', contracts, '--out', out], {
    encoding: 'utf8',
    env: { ...process.env, SGUILD_CONTRACTS_WORKERS: workers, SGUILD_CONTRACTS_NO_CACHE: '1' },
    timeout: 120_000,
  });
  assert.equal(result.status, 0, result.stderr);
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(path.slice(out.length), readFileSync(path, 'utf8'));
    }
  };
  walk(out);
  return files;
}

describe('build through the bundled command line', () => {
  it('two workers write what one thread writes', () => {
    const dir = tempDir();
    const contracts = join(dir, 'contracts');
    // The S set: about 200 payload schemas, several groups of generated validators.
    for (const [path, content] of generate('S').files) {
      mkdirSync(dirname(join(contracts, path)), { recursive: true });
      writeFileSync(join(contracts, path), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    }
    const two = build(contracts, join(dir, 'two'), '2');
    assert.ok(two.get('/validators.js')?.includes('group3_'), 'several groups');
    assert.deepEqual(two, build(contracts, join(dir, 'one'), '0'));
  });
});
