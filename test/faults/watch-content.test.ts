/**
 * `build --watch` sees every edit: one that keeps the size and restores the modification time
 * (`touch -r`) still changes the file's ctime, which the poll compares; the rebuild follows.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { constants, copyFileSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { statStamp, watchFolder } from '../../src/build/watch.js';
import { copyMinimal, scratch } from './helpers.js';

const PAYLOAD = join('lesson-lifecycle', 'schema', 'payloads', 'lesson.delivered-v1.json');

/** Rewrites one character of the file, keeping its size, and sets its times back. */
function sneakyEdit(path: string): void {
  const before = statSync(path);
  const ref = join(tmpdir(), `sguild-touch-ref-${process.pid}`); // outside the watched folder
  copyFileSync(path, ref, constants.COPYFILE_FICLONE);
  spawnSync('touch', ['-r', path, ref]); // the reference keeps the exact time, to the nanosecond
  const text = readFileSync(path, 'utf8');
  const at = text.indexOf('"title"');
  assert.ok(at > 0);
  writeFileSync(path, `${text.slice(0, at + 1)}T${text.slice(at + 2)}`);
  assert.equal(spawnSync('touch', ['-r', ref, path]).status, 0); // as a user would: touch -r
  rmSync(ref);
  const after = statSync(path);
  assert.equal(after.size, before.size);
  assert.equal(after.mtimeMs, before.mtimeMs);
}

describe('build --watch compares more than size and mtime', () => {
  it('the poll stamp changes on a same-size edit with the modification time restored', () => {
    const contracts = copyMinimal(scratch());
    const before = statStamp(contracts);
    sneakyEdit(join(contracts, PAYLOAD));
    assert.notEqual(statStamp(contracts), before);
  });

  it('the watcher calls back for such an edit', { timeout: 60_000 }, async () => {
    const contracts = copyMinimal(scratch());
    let changed!: () => void;
    const seen = new Promise<void>((resolve) => (changed = resolve));
    const watcher = watchFolder(contracts, () => changed(), 20);
    try {
      await new Promise((done) => setTimeout(done, 60)); // let the first poll take its stamp
      sneakyEdit(join(contracts, PAYLOAD));
      await seen;
    } finally {
      await watcher.close();
    }
  });
});
