/**
 * The committed dist/ is what `sguild-contracts build` generates from the bundled contracts/,
 * the check CI runs. When this fails after a contract change, run `sguild-contracts build`
 * (or `node bin/sguild-contracts.js build`) and commit dist/.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../helpers.js';
import { REPO } from './util.js';

describe('dist/', () => {
  it('is up to date with contracts/ (build --check)', async () => {
    const run = await runCli(['build', '--check'], { cwd: REPO });
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^✔ dist is up to date \(\d+ generated files\)\n$/, `dist/ is stale; run \`sguild-contracts build\` and commit dist/:\n${run.stdout}`);
    assert.equal(run.code, 0);
  });
});
