/**
 * Root discovery: without --contracts, every command walks up from the working folder to the
 * nearest sguild-contracts.config.json or folder holding event-types-registry.json (itself or a
 * contracts/ child), and stops at a repository or package boundary.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../helpers.js';

const MINIMAL = join(import.meta.dirname, '..', '..', 'fixtures', 'minimal', 'contracts');

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sgc-find-'));
  writeFileSync(join(dir, 'package.json'), '{"name": "service", "private": true}\n');
  cpSync(MINIMAL, join(dir, 'contracts'), { recursive: true });
  return dir;
}

describe('root discovery', () => {
  it('check, build --check and validate find the contract set from any subfolder', async () => {
    const dir = project();
    for (const cwd of [dir, join(dir, 'contracts'), join(dir, 'contracts', 'lesson-lifecycle', 'schema', 'payloads')]) {
      const check = await runCli(['check', '--format', 'json'], { cwd });
      assert.equal(check.code, 0, `${cwd}: ${check.stderr}`);
      assert.equal(JSON.parse(check.stdout).summary.checked.eventTypes, 1);
    }
    const example = join(dir, 'contracts', 'lesson-lifecycle', 'examples', 'lesson.delivered-v1.json');
    const validate = await runCli(['validate', example], { cwd: join(dir, 'contracts', 'lesson-lifecycle') });
    assert.equal(validate.code, 0, validate.stdout + validate.stderr);
    // build's default output goes next to the contracts folder, wherever it is run from.
    const build = await runCli(['build', '--check'], { cwd: join(dir, 'contracts', 'lesson-lifecycle') });
    assert.match(build.stdout, /missing +\.\.\/\.\.\/dist\//);
  });

  it('a configuration file above the contracts folder is found and its "contracts" wins', async () => {
    const dir = project();
    mkdirSync(join(dir, 'api'));
    cpSync(join(dir, 'contracts'), join(dir, 'api', 'events'), { recursive: true });
    writeFileSync(join(dir, 'api', 'events', 'lesson-lifecycle', 'README.md'), '# Lesson lifecycle\n\n- `lesson.delivered` (v1): delivered.\n');
    writeFileSync(join(dir, 'sguild-contracts.config.json'), JSON.stringify({ contracts: 'api/events', rules: { 'docs/readme-header': 'error' } }));
    const run = await runCli(['check', '--format', 'json'], { cwd: join(dir, 'api', 'events', 'lesson-lifecycle') });
    assert.equal(run.stderr, '');
    const found = JSON.parse(run.stdout).diagnostics.map((d: { rule: string; severity: string; file: string }) => `${d.rule} ${d.severity} ${d.file}`);
    assert.deepEqual(found, ['docs/readme-header error api/events/lesson-lifecycle/README.md']);
    assert.equal(run.code, 1);
  });

  it('nothing found: one usage line saying where it looked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgc-none-'));
    writeFileSync(join(dir, 'package.json'), '{}');
    const run = await runCli(['check'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.equal(run.stderr.split('\n').length, 2);
    assert.match(run.stderr, /^sguild-contracts: contracts folder .*no contract set found from \. upwards \(a folder holding event-types-registry.json, or a contracts\/ child holding one\); pass --contracts DIR/);
  });
});
