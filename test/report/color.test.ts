/** Colours only on a terminal, never with NO_COLOR, never in a report file. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { tempDir } from '../config/helpers.js';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'rules', 'json', 'duplicate-key');
const ESC = '\u001b[';

async function run(args: string[], isTTY: boolean, env: Record<string, string>): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: () => {}, cwd: FIXTURE, env, isTTY });
  return { code, stdout };
}

describe('colour', () => {
  it('colours text on a terminal', async () => {
    const { code, stdout } = await run(['check'], true, {});
    assert.equal(code, 1);
    assert.ok(stdout.includes(ESC), 'expected ANSI colours on a TTY');
  });

  it('respects NO_COLOR on a terminal', async () => {
    const { stdout } = await run(['check'], true, { NO_COLOR: '1' });
    assert.ok(!stdout.includes(ESC));
  });

  it('does not colour when stdout is not a terminal', async () => {
    const { stdout } = await run(['check'], false, {});
    assert.ok(!stdout.includes(ESC));
  });

  it('never colours a report written to a file, and only text is ever coloured', async () => {
    const out = tempDir('color-');
    const { stdout } = await run(['check', '--format', 'github', '--format', `text=${join(out, 'report.txt')}`, '--format', `markdown=${join(out, 'report.md')}`], true, {});
    assert.ok(!stdout.includes(ESC));
    assert.ok(!readFileSync(join(out, 'report.txt'), 'utf8').includes(ESC));
    assert.ok(!readFileSync(join(out, 'report.md'), 'utf8').includes(ESC));
  });
});
