/**
 * The per-file digests a check keys its result and its rule memo by (src/core/content-cache.ts
 * fileDigests and digestKey): any change to a file's bytes, a file added or removed, a skipped
 * entry or the options changes the key; the same inputs give the same key; a file that cannot be
 * read gives no key (the check then runs uncached and reports it).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { digestKey, fileDigests } from '../../src/core/content-cache.js';
import { MemorySource, type SourceProblem } from '../../src/load/source.js';

const encoder = new TextEncoder();
const sourceOf = (files: Record<string, string>, problems: SourceProblem[] = []) => new MemorySource('S', new Map(Object.entries(files).map(([p, t]) => [p, encoder.encode(t)])), problems);
const FILES = { 'a.json': '{"a": 1}', 'b/c.json': '{"c": "é"}', 'b/README.md': '# b\n' };

describe('file digests and the key made of them', () => {
  it('the same inputs give the same key; every kind of change gives another', () => {
    const key = digestKey('check', { x: 1 }, sourceOf(FILES));
    assert.match(key ?? '', /^[0-9a-f]{64}$/);
    assert.equal(digestKey('check', { x: 1 }, sourceOf({ ...FILES })), key);
    const others = [
      digestKey('check', { x: 2 }, sourceOf(FILES)),
      digestKey('build', { x: 1 }, sourceOf(FILES)),
      digestKey('check', { x: 1 }, sourceOf({ ...FILES, 'a.json': '{"a": 2}' })),
      digestKey('check', { x: 1 }, sourceOf({ ...FILES, 'd.json': '{}' })),
      digestKey('check', { x: 1 }, sourceOf({ 'a.json': FILES['a.json'], 'b/c.json': FILES['b/c.json'] })),
      digestKey('check', { x: 1 }, sourceOf(FILES, [{ path: 'link', kind: 'skipped', message: 'a symbolic link' }])),
    ];
    assert.equal(new Set([key, ...others]).size, others.length + 1);
  });

  it('each file has the SHA-256 of its bytes; an unreadable file gives neither digests nor a key', () => {
    const digests = fileDigests(sourceOf(FILES));
    assert.deepEqual([...digests!.keys()], ['a.json', 'b/README.md', 'b/c.json']);
    assert.equal(digests!.get('a.json'), 'f9d86028c6e0d64e225186f96acb69338b2c59764df79162107f5c4bb34d1310');
    const unreadable = new MemorySource('S', new Map([['a.json', encoder.encode('{}')]]));
    unreadable.read = () => undefined;
    assert.equal(fileDigests(unreadable), undefined);
    assert.equal(digestKey('check', {}, unreadable), undefined);
  });
});
