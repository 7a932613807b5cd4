/**
 * Standard output and input are outputs and inputs like any file: a closed pipe ends the run
 * quietly with the exit code the results so far deserve, a full disk is one line and exit code
 * 2, and a folder or a closed descriptor on standard input is a usage error. These need a real
 * process (the compiled CLI).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BIN, cli, cliClosingStdout, copyMinimal, scratch } from './helpers.js';

/** Many events that fail the envelope, so validate writes far more than a pipe buffer holds. */
function invalidEvents(dir: string, count = 50_000): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(JSON.stringify({ event_type: 'lesson.delivered', n: i }));
  writeFileSync(join(dir, 'events.ndjson'), lines.join('\n') + '\n');
  return 'events.ndjson';
}

describe('standard output', () => {
  it('validate | head: the reader closing the pipe after invalid events ends quietly with exit code 1', async () => {
    const dir = scratch();
    copyMinimal(dir);
    const run = await cliClosingStdout(['validate', invalidEvents(dir)], dir, 1000);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, '');
  });

  it('check | head on a clean set: exit code 0, nothing on stderr', async () => {
    const dir = scratch();
    copyMinimal(dir);
    const run = await cliClosingStdout(['check', '--format', 'sarif'], dir, 1);
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
  });

  for (const args of [['check'], ['check', '--format', 'sarif'], ['diff', 'contracts', 'contracts'], ['rules']]) {
    it(`${args.join(' ')} > /dev/full: one line, exit code 2`, { skip: !existsSync('/dev/full') }, () => {
      const dir = scratch();
      copyMinimal(dir);
      const full = openSync('/dev/full', 'w');
      try {
        const run = cli(args, { cwd: dir, stdio: ['ignore', full, 'pipe'] });
        assert.equal(run.code, 2);
        assert.equal(run.stderr, 'sguild-contracts: cannot write to standard output: ENOSPC (no space left on the device); the report is incomplete\n');
      } finally {
        closeSync(full);
      }
    });
  }

  it('validate with invalid events > /dev/full: exit code 2 (not 1: the report was not delivered)', { skip: !existsSync('/dev/full') }, () => {
    const dir = scratch();
    copyMinimal(dir);
    const full = openSync('/dev/full', 'w');
    try {
      const run = cli(['validate', invalidEvents(dir, 10)], { cwd: dir, stdio: ['ignore', full, 'pipe'] });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^sguild-contracts: cannot write to standard output: ENOSPC/);
    } finally {
      closeSync(full);
    }
  });
});

describe('standard input', () => {
  it('validate < somedir is a usage error', () => {
    const dir = scratch();
    copyMinimal(dir);
    const folder = openSync(dir, 'r');
    try {
      const run = cli(['validate'], { cwd: dir, stdio: [folder, 'pipe', 'pipe'] });
      assert.equal(run.code, 2);
      assert.equal(run.stderr, 'sguild-contracts: standard input is a folder: pass event files, or pipe events on standard input\n');
    } finally {
      closeSync(folder);
    }
  });

  it('validate <&- (closed standard input) is a usage error', () => {
    const dir = scratch();
    copyMinimal(dir);
    // spawn cannot start a child with descriptor 0 closed; a shell can.
    const run = spawnSync('sh', ['-c', `exec "${process.execPath}" "${BIN}" validate <&-`], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'sguild-contracts: standard input is closed (or /dev/null): pass event files, or pipe events on standard input\n');
  });
});
