/**
 * The committed dist/ is what `sguild-contracts build` generates from the bundled contracts/,
 * the check CI runs. When this fails after a contract change, run `sguild-contracts build`
 * (or `node bin/sguild-contracts.js build`) and commit dist/.
 *
 * It runs the compiled tool (npm test compiles it first), as CI and users do.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from './util.js';

describe('dist/', () => {
  it('is up to date with contracts/ (build --check)', () => {
    const run = spawnSync(process.execPath, [join(REPO, 'bin', 'sguild-contracts.js'), 'build', '--check'], {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: '1', SGUILD_CONTRACTS_NO_CACHE: '1' },
      encoding: 'utf8',
    });
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^✔ dist is up to date \(\d+ generated files\)\n$/, `dist/ is stale; run \`sguild-contracts build\` and commit dist/:\n${run.stdout}`);
    assert.equal(run.status, 0);
  });
});
