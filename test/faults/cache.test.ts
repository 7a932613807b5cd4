/**
 * The content cache verifies itself (src/core/content-cache.ts): a garbled entry, one rewritten
 * with valid but wrong JSON, one copied from another key or another tool, is a miss and is
 * rewritten; the cache never changes an exit code or a diagnostic relative to an uncached run
 * (SGUILD_CONTRACTS_NO_CACHE=1). Before, one garbled byte gave "internal error" on every run,
 * and an entry edited to `diagnostics: []` turned a broken set into "✔ no problems".
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { encodeEntry, verifyEntry } from '../../src/core/content-cache.js';
import { nth, runCli } from '../helpers.js';
import { copyMinimal, scratch } from './helpers.js';

const KEY = 'ab'.repeat(32);
const TOOL = '0.1.0 test';
// oxlint-disable-next-line eslint/no-unused-vars -- a type guard that accepts every value
const anything = (value: unknown): value is unknown => true;

/** A contract set with findings (a payload schema that does not parse, an example that is not valid). */
function brokenSet(): string {
  const dir = scratch();
  const contracts = copyMinimal(dir);
  writeFileSync(join(contracts, 'lesson-lifecycle', 'examples', 'lesson.delivered-v1.json'), '{ "event_type": "lesson.delivered" }');
  mkdirSync(join(dir, 'node_modules'));
  return dir;
}

function entries(dir: string): string[] {
  const root = join(dir, 'node_modules', '.cache', 'sguild-contracts');
  return readdirSync(root, { recursive: true }).map(String).filter((p) => p.endsWith('.json')).map((p) => join(root, p));
}

/** Three ways to garble the byte at `at`: flip its low bit, flip a letter's case bit, overwrite it with a quote (or a brace, for a quote). */
function garbled(bytes: Buffer, at: number): Buffer[] {
  return [0x01, 0x20, -1].map((how) => {
    const copy = Buffer.from(bytes);
    const byte = nth(copy, at);
    copy[at] = how >= 0 ? byte ^ how : byte === 0x22 ? 0x7b : 0x22;
    return copy;
  });
}

describe('cache entries verify themselves', () => {
  it('every garbled byte position of a sample entry is a miss or gives back exactly the stored value', () => {
    const value = { diagnostics: [{ rule: 'json/syntax', severity: 'error', message: 'invalid JSON: "é" ✖', file: 'contracts/x.json', line: 1, column: 2, endLine: 1, endColumn: 3 }], stats: { contracts: 2 }, paths: ['x.json'] };
    const entry = Buffer.from(encodeEntry(KEY, TOOL, value));
    assert.deepEqual(verifyEntry(entry, KEY, TOOL, anything), value);
    let misses = 0;
    for (let at = 0; at < entry.length; at++) {
      for (const bad of garbled(entry, at)) {
        const got = verifyEntry(bad, KEY, TOOL, anything);
        if (got === undefined) misses++;
        else assert.deepEqual(got, value, `byte ${at} garbled to 0x${bad[at]?.toString(16)} changed the value`);
      }
    }
    assert.equal(misses, entry.length * 3); // every change of a byte is detected
  });

  it('an entry for another key, another tool, truncated, or without its header is a miss', () => {
    const entry = encodeEntry(KEY, TOOL, { a: 1 });
    assert.equal(verifyEntry(Buffer.from(entry), 'cd'.repeat(32), TOOL, anything), undefined);
    assert.equal(verifyEntry(Buffer.from(entry), KEY, '0.2.0 test', anything), undefined);
    assert.equal(verifyEntry(Buffer.from(entry.slice(0, -1)), KEY, TOOL, anything), undefined);
    assert.equal(verifyEntry(Buffer.from(entry.slice(entry.indexOf('\n') + 1)), KEY, TOOL, anything), undefined);
    assert.equal(verifyEntry(Buffer.from(JSON.stringify({ key: KEY, value: { a: 1 } })), KEY, TOOL, anything), undefined); // the old format
  });

  it('a value that verifies but does not pass the schema check is a miss', () => {
    const entry = Buffer.from(encodeEntry(KEY, TOOL, { a: 'not a number' }));
    assert.equal(verifyEntry(entry, KEY, TOOL, (v: unknown): v is { a: number } => typeof (v as { a: unknown }).a === 'number'), undefined);
  });
});

describe('the cache never changes what check says', () => {
  for (const format of ['text', 'json', 'sarif']) {
    it(`check --format ${format}: garbled entries and valid-but-wrong rewrites give the uncached output, and are rewritten`, async () => {
      const dir = brokenSet();
      const args = ['check', '--format', format];
      const uncached = await runCli(args, { cwd: dir, env: { SGUILD_CONTRACTS_NO_CACHE: '1' } });
      assert.equal(uncached.code, 1);
      assert.deepEqual(await runCli(args, { cwd: dir }), uncached); // writes the entry (and the rules' memo tables, src/rules/memo.ts)
      const path = entries(dir).find((p) => readFileSync(p, 'utf8').includes('"diagnostics"'))!;
      const { good, header, value, rewrite } = entryParts(path);
      const variants: [string, Buffer][] = [
        ['diagnostics emptied', rewrite({ ...value, diagnostics: [] })],
        ['a severity downgraded', rewrite({ ...value, diagnostics: value.diagnostics.map((d: object) => ({ ...d, severity: 'warning' })) })],
        ['a severity unknown', rewrite({ ...value, diagnostics: value.diagnostics.map((d: object) => ({ ...d, severity: 'fatal' })) })],
        ['the old {key, value} format', Buffer.from(JSON.stringify({ key: header.key, value: { ...value, diagnostics: [] } }))],
        ['valid JSON of another shape', Buffer.from('{"diagnostics":[],"stats":{},"paths":[]}')],
        ['empty', Buffer.alloc(0)],
      ];
      for (const [what, bytes] of [...variants, ...spreadGarbles(good)]) {
        writeFileSync(path, bytes);
        // Without the whole answer (src/cli/check-answer.ts), the run reads the damaged entry.
        for (const answer of answerEntries(dir)) rmSync(answer);
        const run = await runCli(args, { cwd: dir });
        assert.deepEqual(run, uncached, `${what}: the cached run differs from the uncached one`);
        assert.deepEqual(readFileSync(path), good, `${what}: the entry was not rewritten`);
      }
    });

    it(`check --format ${format}: a damaged or rewritten whole answer gives the uncached output, and is rewritten`, async () => {
      const dir = brokenSet();
      const args = ['check', '--format', format];
      const uncached = await runCli(args, { cwd: dir, env: { SGUILD_CONTRACTS_NO_CACHE: '1' } });
      assert.deepEqual(await runCli(args, { cwd: dir }), uncached); // writes the answer
      assert.deepEqual(await runCli(args, { cwd: dir }), uncached); // answered from it
      const path = nth(answerEntries(dir), 0);
      const { good, value, rewrite } = entryParts(path);
      const variants: [string, Buffer][] = [
        ['the exit code changed', rewrite({ ...value, code: 0 })],
        ['the output emptied', rewrite({ ...value, stdout: '' })],
        ['valid JSON of another shape', Buffer.from('{"stdout":"","stderr":"","code":0}')],
        ['truncated', good.subarray(0, good.length - 1)],
      ];
      for (const [what, bytes] of [...variants, ...spreadGarbles(good)]) {
        writeFileSync(path, bytes);
        assert.deepEqual(await runCli(args, { cwd: dir }), uncached, `${what}: the cached run differs from the uncached one`);
        assert.deepEqual(readFileSync(path), good, `${what}: the answer was not rewritten`);
      }
    });
  }
});

/** An entry's bytes, header and value, and a way to write another value under the same header. */
function entryParts(path: string) {
  const good = readFileSync(path);
  const newline = good.indexOf(0x0a);
  const header = JSON.parse(good.subarray(0, newline).toString('utf8')) as Record<string, unknown>;
  const value = JSON.parse(good.subarray(newline + 1).toString('utf8'));
  const rewrite = (v: unknown) => Buffer.from(`${JSON.stringify(header)}\n${JSON.stringify(v)}`);
  return { good, header, value, rewrite };
}

/** Garbled bytes spread over the whole entry (every byte position is covered by the unit test above). */
function spreadGarbles(good: Buffer): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  const step = Math.max(1, Math.floor(good.length / 24));
  for (let at = 0; at < good.length; at += step) out.push([`byte ${at} garbled`, nth(garbled(good, at), at % 3)]);
  return out;
}

/** The entries holding a whole answer of check (stdout, stderr, exit code). */
function answerEntries(dir: string): string[] {
  return entries(dir).filter((p) => readFileSync(p, 'utf8').includes('"stdout":'));
}

describe('the cache never changes what build does', () => {
  it('a build entry rewritten to name other hashes is a miss: the build regenerates and --check stays truthful', async () => {
    const dir = scratch();
    copyMinimal(dir);
    mkdirSync(join(dir, 'node_modules'));
    assert.equal((await runCli(['build'], { cwd: dir })).code, 0);
    const path = nth(entries(dir), 0);
    const good = readFileSync(path);
    const newline = good.indexOf(0x0a);
    const header = JSON.parse(good.subarray(0, newline).toString('utf8'));
    writeFileSync(join(dir, 'dist', 'events.js'), '// tampered\n');
    // A forged-looking value (wrong hashes for the real files) with the old header: the hash check fails.
    writeFileSync(path, `${JSON.stringify(header)}\n${JSON.stringify({ 'events.js': `sha256:${'0'.repeat(64)}` })}`);
    const check = await runCli(['build', '--check'], { cwd: dir });
    assert.equal(check.code, 1);
    assert.match(check.stdout, /stale +dist\/events\.js/);
    const build = await runCli(['build'], { cwd: dir });
    assert.equal(build.code, 0);
    assert.match(build.stdout, /1 written/);
    assert.deepEqual(readFileSync(path), good);
  });
});
