/**
 * FolderSource.read: small files are read in one call into a scratch buffer, larger ones are
 * sized first; either way the bytes are exactly the file's, each file's its own (the scratch
 * buffer is copied), and a file over the limit is refused.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FolderSource, MAX_FILE_BYTES, SMALL_FILE_BYTES } from '../../src/load/source.js';
import { nth } from '../helpers.js';

describe('FolderSource.read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sguild-source-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const sizes = [0, 1, 1000, SMALL_FILE_BYTES - 1, SMALL_FILE_BYTES, SMALL_FILE_BYTES + 1, 3 * SMALL_FILE_BYTES + 7];
  const content = (size: number, seed: number) => Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + seed) % 251));
  sizes.forEach((size, i) => writeFileSync(join(dir, `f${i}.bin`), content(size, i)));

  it('gives every file its exact bytes, below, at and above the one-read size', () => {
    const source = new FolderSource(dir);
    const read = sizes.map((_, i) => source.read(`f${i}.bin`));
    // Read all first, compare after: a buffer shared between files would show here.
    sizes.forEach((size, i) => assert.deepEqual(Buffer.from(read[i]!), content(size, i), `${size} bytes`));
    assert.deepEqual(source.problems, []);
  });

  it('refuses a file over the limit, unread', () => {
    writeFileSync(join(dir, 'huge.bin'), Buffer.alloc(MAX_FILE_BYTES + 1));
    const source = new FolderSource(dir);
    assert.equal(source.read('huge.bin'), undefined);
    assert.equal(source.problems.length, 1);
    assert.match(nth(source.problems, 0).message, /more than the 16 MiB a contract file may have/);
    rmSync(join(dir, 'huge.bin'));
  });
});
