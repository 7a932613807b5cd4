/**
 * Memory stays flat however long the input: the CLI validates a generated 50 MB stream (NDJSON,
 * then one JSON array) in a child process that reports its own peak RSS. Asserted both in
 * absolute terms and against the same process validating a tiny input.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'fixtures', 'validate');
const SIZE = 50 * 1024 * 1024;
const LIMIT_KIB = 200 * 1024;
const GROWTH_KIB = 64 * 1024;

let dir: string;
const events = readFileSync(join(FIXTURES, 'valid.ndjson'), 'utf8').trimEnd().split('\n').slice(0, 3).map((l) => JSON.parse(l) as Record<string, unknown>);

/** Writes about `size` bytes of valid events, 1 MB at a time; returns how many. */
function writeStream(path: string, size: number, array: boolean): number {
  const fd = openSync(path, 'w');
  let written = 0;
  let count = 0;
  let chunk: string[] = [];
  let chunkLength = 0;
  if (array) written += writeSync(fd, '[\n');
  while (written < size) {
    const event = { ...events[count % events.length], event_id: `evt_01937b2e-4c1a-7d3e-9f10-${count.toString(16).padStart(12, '0')}` };
    const text = (array && count > 0 ? ',\n' : '') + JSON.stringify(event, null, array ? 1 : undefined) + (array ? '' : '\n');
    chunk.push(text);
    chunkLength += text.length;
    count++;
    if (chunkLength >= 1 << 20) {
      written += writeSync(fd, chunk.join(''));
      chunk = [];
      chunkLength = 0;
    }
  }
  written += writeSync(fd, chunk.join('') + (array ? '\n]\n' : ''));
  closeSync(fd);
  return count;
}

function validateInChild(file: string): Promise<{ code: number; maxRSS: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'validate', 'rss-child.ts'), 'validate', '--contracts', join(FIXTURES, 'contracts'), file], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', () => {
      const report = JSON.parse(stderr.trimEnd().split('\n').pop()!) as { code: number; maxRSS: number };
      resolve({ ...report, stdout });
    });
  });
}

describe('validate keeps memory flat on a 50 MB stream', { timeout: 180_000 }, () => {
  let baseline: number;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sguild-validate-memory-'));
    writeStream(join(dir, 'tiny.ndjson'), 1, false);
    const tiny = await validateInChild(join(dir, 'tiny.ndjson'));
    assert.equal(tiny.code, 0);
    baseline = tiny.maxRSS;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const array of [false, true]) {
    const name = array ? 'big.json' : 'big.ndjson';
    it(`${name}: every event checked, peak RSS under 200 MB and within 64 MB of a tiny input's`, async () => {
      const count = writeStream(join(dir, name), SIZE, array);
      const run = await validateInChild(join(dir, name));
      assert.equal(run.code, 0, run.stdout);
      assert.match(run.stdout, new RegExp(`✔ ${count} events valid in 1 input\\n$`));
      assert.ok(run.maxRSS < LIMIT_KIB, `peak RSS ${Math.round(run.maxRSS / 1024)} MB`);
      assert.ok(run.maxRSS - baseline < GROWTH_KIB, `peak RSS grew by ${Math.round((run.maxRSS - baseline) / 1024)} MB over ${Math.round(baseline / 1024)} MB`);
      rmSync(join(dir, name));
    });
  }
});
