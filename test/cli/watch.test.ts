/** `check --watch`: a check at once, another after each change, each headed by the time and the changed files. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { watchStamp } from '../../src/cli/commands/build.js';
import { scratchRepo } from '../config/helpers.js';

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(condition(), `timed out waiting for ${what}`);
}

describe('check --watch', () => {
  it('checks now, then again after an edit, naming the edited file', async () => {
    const dir = scratchRepo();
    let out = '';
    let err = '';
    let stop!: () => void;
    const stopWatching = new Promise<void>((r) => (stop = r));
    const done = main(['check', '--watch'], { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd: dir, env: { NO_COLOR: '1' }, isTTY: false, stopWatching });
    await until(() => out.includes('✔ no problems found'), 'the first check');
    assert.match(err, /^watching contracts for changes; press Ctrl-C to stop\n\[\d\d:\d\d:\d\d\] first run\n/);
    writeFileSync(join(dir, 'contracts/lesson-lifecycle/README.md'), '# L\n\n- `lesson.delivered` (v1): d.\n');
    await until(() => out.includes('⚠ 1 warning'), 'the second check');
    assert.match(err, /\n\[\d\d:\d\d:\d\d\] changed: contracts\/lesson-lifecycle\/README.md\n/);
    stop();
    assert.equal(await done, 0);
  });

  it('cannot be combined with --fix', async () => {
    let err = '';
    const code = await main(['check', '--watch', '--fix'], { stdout: () => {}, stderr: (t) => void (err += t), cwd: scratchRepo(), env: {}, isTTY: false });
    assert.deepEqual([code, err], [2, 'sguild-contracts: --watch cannot be combined with --fix, --fix-dry-run, --write-baseline or --base\n']);
  });

  it('the run header names at most five files', () => {
    const at = new Date('2026-12-04T16:42:07Z');
    assert.equal(watchStamp([], 'contracts', at), '[16:42:07] first run');
    assert.equal(watchStamp(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 'contracts', at), '[16:42:07] changed: contracts/a, contracts/b, contracts/c, contracts/d, contracts/e and 2 more');
  });
});
