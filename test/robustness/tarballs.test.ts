/**
 * fixtures/adversarial/tarballs: hostile npm tarballs, built here with tar-stream. diff reads
 * them in memory only: unsafe entries are skipped with a warning, a decompression bomb and a
 * broken archive are refused with one line (exit 2), nothing is written anywhere.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { before, describe, it } from 'node:test';
import tar from 'tar-stream';
import { assertRobust, MINIMAL, run, scratch } from './helpers.js';

interface Entry {
  name: string;
  type?: 'file' | 'symlink' | 'link' | 'character-device' | 'block-device' | 'fifo' | 'directory';
  body?: string;
  linkname?: string;
}

async function makeTarball(path: string, entries: Entry[]): Promise<void> {
  const pack = tar.pack();
  for (const e of entries) pack.entry({ name: e.name, type: e.type ?? 'file', linkname: e.linkname, size: Buffer.byteLength(e.body ?? '') }, e.body ?? '');
  pack.finalize();
  await pipeline(pack, createGzip(), createWriteStream(path));
}

/** One entry of `megabytes` MiB of zeros: a few hundred KB once compressed. */
async function makeBomb(path: string, megabytes: number): Promise<void> {
  const pack = tar.pack();
  const chunk = Buffer.alloc(1024 * 1024);
  const entry = pack.entry({ name: 'package/contracts/event-types-registry.json', size: megabytes * chunk.length }, (error) => {
    if (!error) pack.finalize();
  });
  const feed = (async () => {
    for (let i = 0; i < megabytes; i++) if (!entry.write(chunk)) await new Promise<void>((done) => entry.once('drain', () => done()));
    entry.end(Buffer.alloc(0));
  })();
  await Promise.all([feed, pipeline(pack, createGzip({ level: 1 }), createWriteStream(path))]);
}

function minimalEntries(): Entry[] {
  const out: Entry[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push({ name: `package/contracts/${relative(MINIMAL, path)}`, body: readFileSync(path, 'utf8') });
    }
  };
  walk(MINIMAL);
  return out;
}

describe('adversarial: hostile npm tarballs', () => {
  const dir = scratch();
  const escapeTarget = join(dir, 'escaped.json');
  before(async () => {
    await makeTarball(join(dir, 'evil.tgz'), [
      { name: 'package/package.json', body: '{ "name": "@sguild/contracts", "version": "1.0.0" }' },
      ...minimalEntries(),
      { name: 'package/contracts/../../escaped.json', body: '{}' },
      { name: '../../escaped.json', body: '{}' },
      { name: escapeTarget, body: '{}' },
      { name: 'package/contracts/C:\\escaped.json', body: '{}' },
      { name: 'package/contracts/link.json', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'package/contracts/hard.json', type: 'link', linkname: '../../../etc/passwd' },
      { name: 'package/contracts/tty', type: 'character-device' },
      { name: 'package/contracts/disk', type: 'block-device' },
      { name: 'package/contracts/pipe', type: 'fifo' },
    ]);
    await makeBomb(join(dir, 'bomb.tgz'), 600);
    writeFileSync(join(dir, 'garbage.tgz'), Buffer.from([0x1f, 0x8b, 1, 2, 3, 4, 5]));
    writeFileSync(join(dir, 'truncated.tgz'), readFileSync(join(dir, 'evil.tgz')).subarray(0, 300));
  });

  it('skips every unsafe entry with a warning, and the rest compares equal', async () => {
    const result = await run(['diff', 'evil.tgz', MINIMAL], { cwd: dir, read: [MINIMAL] });
    assertRobust(result, ['diff']);
    assert.equal(result.code, 0, result.stderr);
    const warnings = result.stderr.trim().split('\n');
    const skipped = ['../../escaped.json', escapeTarget, 'package/contracts/../../escaped.json', 'package/contracts/C:\\escaped.json', 'package/contracts/disk', 'package/contracts/hard.json', 'package/contracts/link.json', 'package/contracts/pipe', 'package/contracts/tty'];
    assert.equal(warnings.length, skipped.length, result.stderr);
    for (const name of skipped) assert.ok(warnings.some((w) => w.startsWith(`warning: evil.tgz: ${name}: `) && w.endsWith('it was skipped')), `${name} is reported:\n${result.stderr}`);
    assert.equal(existsSync(escapeTarget), false);
    assert.match(result.stdout, /no changes/);
  });

  for (const [name, message] of [
    ['bomb.tgz', /^sguild-contracts: bomb\.tgz: the archive expands to more than the \d+ MiB a tarball may hold; refusing to read it \(a decompression bomb\?\)\n$/],
    ['garbage.tgz', /^sguild-contracts: garbage\.tgz: not a readable gzip file \(.*\)\n$/],
    ['truncated.tgz', /^sguild-contracts: truncated\.tgz: not a readable gzip file \(.*\)\n$/],
  ] as const) {
    it(`refuses ${name} with one line`, async () => {
      const result = await run(['diff', name, MINIMAL], { cwd: dir, read: [MINIMAL] });
      assertRobust(result, ['diff'], { allowRefusal: true });
      assert.equal(result.code, 2);
      assert.match(result.stderr, message);
    });
  }
});
