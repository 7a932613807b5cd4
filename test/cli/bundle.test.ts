/**
 * The command line as bin/sguild-contracts.js runs it: the bundle in lib/cli-bundle/
 * (scripts/bundle-cli.mjs, built by `npm run compile`, which `npm test` runs first) prints
 * exactly what the modules it is made from print, and finds the files shipped beside the code
 * (schemas/registry.schema.json, which registry/shape validates against; package.json for
 * --version). test/slow/bundle-build.test.ts builds on worker threads through it.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { main as fromSource } from '../../src/cli/main.js';
import { REPO } from '../build/util.js';

const BUNDLE = join(REPO, 'lib', 'cli-bundle', 'main.js');

async function run(main: typeof fromSource, args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: REPO, env: { NO_COLOR: '1', SGUILD_CONTRACTS_NO_CACHE: '1' }, isTTY: false });
  return { code, stdout, stderr };
}

describe('the bundled command line', () => {
  it('exists next to the build worker entry it starts', () => {
    assert.ok(existsSync(BUNDLE), 'npm run compile writes lib/cli-bundle/main.js');
    assert.ok(existsSync(join(REPO, 'lib', 'cli-bundle', 'group-worker.js')));
  });

  it('prints what the source prints: check with registry/shape findings, --version', async () => {
    const { main: bundled } = (await import(pathToFileURL(BUNDLE).href)) as { main: typeof fromSource };
    const args = ['check', '--contracts', 'fixtures/rules/registry/shape/contracts', '--format', 'json'];
    const expected = await run(fromSource, args);
    assert.ok(expected.stdout.includes('"registry/shape"'), 'the fixture has registry/shape findings');
    assert.deepEqual(await run(bundled, args), expected);
    assert.deepEqual(await run(bundled, ['--version']), await run(fromSource, ['--version']));
  });
});
