/** The progress line: only on a terminal, only for text, never under CI, only after a second, erased at the end. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { progressLine } from '../../src/cli/progress.js';
import type { CliIo } from '../../src/cli/io.js';

function io(overrides: Partial<CliIo>, sink: string[]): CliIo {
  return { stdout: () => {}, stderr: (t) => void sink.push(t), cwd: '/', env: {}, isTTY: false, isStderrTTY: true, ...overrides };
}

describe('progress line', () => {
  it('appears after a second on a terminal, is overwritten in place, and erased', () => {
    const out: string[] = [];
    let t = 0;
    const p = progressLine(io({}, out), true, (n) => `${n} events`, () => t)!;
    p.update(4096);
    assert.deepEqual(out, [], 'nothing in the first second');
    t = 1500;
    p.update(8192);
    t = 1550;
    p.update(12288); // too soon after the last one
    t = 1800;
    p.update(16384);
    p.clear();
    assert.deepEqual(out, ['\r\u001b[Ksguild-contracts: 8192 events', '\r\u001b[Ksguild-contracts: 16384 events', '\r\u001b[K']);
  });

  it('is never shown when stderr is not a terminal, under CI, or for machine formats', () => {
    const out: string[] = [];
    assert.equal(progressLine(io({ isStderrTTY: false }, out), true, String), undefined);
    assert.equal(progressLine(io({ env: { CI: 'true' } }, out), true, String), undefined);
    assert.equal(progressLine(io({}, out), false, String), undefined);
  });
});
