/**
 * Every rule has a fixture: fixtures/rules/<group>/<name>/ holds a small contract tree in
 * contracts/ and expected.json, the exact diagnostics `check` must report on it (run from the
 * fixture folder) and the exit code. This test runs them all.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../src/rules/index.js';
import { runCli } from './helpers.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'rules');

interface Expected {
  exitCode: number;
  /** `messageId` and `args` are compared when the fixture gives them (rules with message templates). */
  diagnostics: { rule: string; severity: string; file: string; line: number; column: number; message: string; messageId?: string; args?: Record<string, unknown> }[];
}

describe('rule fixtures', () => {
  for (const rule of RULES) {
    const dir = join(FIXTURES, rule.id);
    it(`${rule.id}: reports exactly the expected diagnostics`, async () => {
      assert.ok(existsSync(join(dir, 'expected.json')), `missing fixture ${dir}/expected.json`);
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
      const run = await runCli(['check', '--contracts', 'contracts', '--format', 'json'], { cwd: dir });
      assert.equal(run.stderr, '');
      const withIds = expected.diagnostics.some((d) => d.messageId !== undefined);
      const actual = (JSON.parse(run.stdout) as { diagnostics: Expected['diagnostics'] }).diagnostics.map(({ rule, severity, file, line, column, message, messageId, args }) => ({ rule, severity, file, line, column, message, ...(withIds && messageId !== undefined ? { messageId, args } : {}) }));
      assert.deepEqual(actual, expected.diagnostics);
      assert.equal(run.code, expected.exitCode);
      assert.ok(actual.some((d) => d.rule === rule.id), `the fixture must trigger ${rule.id}`);
    });
  }
});
