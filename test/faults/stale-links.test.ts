/**
 * Removing stale outputs never follows a link and never leaves the output folder: a committed
 * `dist/sub -> /elsewhere` plus a manifest line naming `sub/<file>` (with that file's true hash,
 * so it looks exactly like a file an earlier build wrote) must not delete `/elsewhere/<file>`.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../helpers.js';
import { copyMinimal, scratch } from './helpers.js';

const MANIFEST = '.sguild-contracts-manifest.json';
const hash = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

describe('stale-file removal', () => {
  for (const [what, link] of [
    ['a linked folder inside the output', (dist: string, elsewhere: string) => symlinkSync(elsewhere, join(dist, 'sub'))],
    ['a linked folder two levels down', (dist: string, elsewhere: string) => (mkdirSync(join(dist, 'a')), symlinkSync(elsewhere, join(dist, 'a', 'sub')))],
  ] as const) {
    it(`does not delete through ${what}`, async () => {
      const dir = scratch();
      copyMinimal(dir);
      assert.equal((await runCli(['build'], { cwd: dir })).code, 0);
      const elsewhere = join(dir, 'elsewhere');
      mkdirSync(elsewhere);
      writeFileSync(join(elsewhere, 'victim.js'), 'precious\n');
      const dist = join(dir, 'dist');
      link(dist, elsewhere);
      const prefix = what.includes('two') ? 'a/sub' : 'sub';
      const manifest = JSON.parse(readFileSync(join(dist, MANIFEST), 'utf8'));
      manifest.files[`${prefix}/victim.js`] = hash('precious\n');
      writeFileSync(join(dist, MANIFEST), JSON.stringify(manifest));
      const run = await runCli(['build'], { cwd: dir, env: { SGUILD_CONTRACTS_NO_CACHE: '1' } });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(readFileSync(join(elsewhere, 'victim.js'), 'utf8'), 'precious\n');
      assert.ok(existsSync(join(dist, ...prefix.split('/'))));
    });
  }
});
