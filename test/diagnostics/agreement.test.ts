/**
 * `check` and `build` go through one diagnostics pipeline with one configuration, so they agree:
 * for every fixture × configuration below, `build` stops exactly when `check` fails, the
 * diagnostics `build` prints when it stops are exactly the ones `check` reports (same ids,
 * places, severities and words), and a build that goes through leaves nothing `check` fails on.
 * `build` reports no id `check` does not know: type-name collisions come from `check` too.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../helpers.js';

const REPO = join(import.meta.dirname, '..', '..');

const READMELESS = 'fixtures/rules/docs/readme-missing/contracts';
const COLLIDING = 'fixtures/diagnostics/type-name-collision/contracts';
const README_OFF = { rules: { 'docs/readme-missing': 'off' } };

const FIXTURES: Record<string, string> = {
  'minimal (clean)': 'fixtures/minimal/contracts',
  'docs/readme-missing (error)': READMELESS,
  'registry/producer-unknown (error)': 'fixtures/rules/registry/producer-unknown/contracts',
  'examples/invalid (error)': 'fixtures/rules/examples/invalid/contracts',
  'schema/property-description (warning, strict)': 'fixtures/rules/schema/property-description/contracts',
  'build/type-name-collision': COLLIDING,
};

const GROUPS_AS_WARNINGS = Object.fromEntries(['compat', 'docs', 'envelope', 'examples', 'file', 'json', 'registry', 'schema'].map((g) => [g, 'warning']));

const CONFIGS: Record<string, Record<string, unknown>> = {
  'no configuration': {},
  'docs/readme-missing off': README_OFF,
  'extends minimal': { extends: 'minimal' },
  'extends strict': { extends: 'strict' },
  'every group a warning': { rules: GROUPS_AS_WARNINGS },
  'failOn warning, strict': { extends: 'strict', failOn: 'warning' },
  'ignore docs and registry/producer-unknown': {
    ignore: [
      { rule: 'docs', path: '**', reason: 'test' },
      { rule: 'registry/producer-unknown', path: 'contracts/event-types-registry.json', reason: 'test' },
    ],
  },
};

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function project(fixture: string, config: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sguild-agreement-'));
  made.push(dir);
  cpSync(join(REPO, fixture), join(dir, 'contracts'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  writeFileSync(join(dir, 'sguild-contracts.config.json'), JSON.stringify({ contracts: 'contracts', ...config }, null, 2) + '\n');
  return dir;
}

/** The diagnostic lines of the text format: `  file:line:col  severity  message  rule`. */
function diagnosticLines(text: string): string[] {
  return text.split('\n').filter((line) => /^ {2}\S+:\d+:\d+ {2}/.test(line));
}

const env = { SGUILD_CONTRACTS_NO_CACHE: '1' };

describe('check and build agree on every diagnostic', () => {
  for (const [fixtureName, fixture] of Object.entries(FIXTURES)) {
    for (const [configName, config] of Object.entries(CONFIGS)) {
      it(`${fixtureName} × ${configName}`, async () => {
        const dir = project(fixture, config);
        const check = await runCli(['check'], { cwd: dir, env });
        assert.ok(check.code === 0 || check.code === 1, check.stderr);
        const build = await runCli(['build', '--out', 'dist'], { cwd: dir, env });
        assert.equal(build.code, check.code, `build exits as check does\ncheck:\n${check.stdout}\nbuild:\n${build.stdout}${build.stderr}`);
        if (check.code === 1) {
          // Stopped: every diagnostic check reports, and nothing else, in the same words.
          assert.deepEqual(diagnosticLines(build.stderr), diagnosticLines(check.stdout));
          assert.match(build.stderr, /\nbuild stopped: contracts has (errors|findings at or above the configuration's failOn, so check fails); nothing was written to dist\n$/);
        } else {
          assert.match(build.stdout, /^✔ built dist from contracts: /);
        }
      });
    }
  }

  it('the visible case: docs/readme-missing off passes both (it used to fail build only)', async () => {
    const dir = project(READMELESS, README_OFF);
    const check = await runCli(['check'], { cwd: dir, env });
    const build = await runCli(['build', '--out', 'dist'], { cwd: dir, env });
    assert.deepEqual([check.code, build.code], [0, 0], build.stderr);
  });

  it('build/type-name-collision: reported by check as well as build, and not configurable', async () => {
    const dir = project(COLLIDING, { rules: { build: 'off' } });
    const check = await runCli(['check'], { cwd: dir, env });
    assert.equal(check.code, 2, 'build/* cannot be configured');
    assert.match(check.stderr, /unknown rule "build"/);
    const plain = project(COLLIDING, {});
    const run = await runCli(['check', '--format', 'json'], { cwd: plain, env });
    const rules = (JSON.parse(run.stdout) as { diagnostics: { rule: string }[] }).diagnostics.map((d) => d.rule);
    assert.deepEqual(rules, ['build/type-name-collision']);
  });

  // validate reads no event when the contracts cannot validate any; the errors it shows are check's.
  for (const [configName, config] of Object.entries({ 'no configuration': {}, 'envelope group a warning': { rules: { envelope: 'warning' } } })) {
    it(`validate shows check's errors when the envelope is missing × ${configName}`, async () => {
      const dir = project('fixtures/rules/envelope/missing/contracts', config);
      writeFileSync(join(dir, 'event.json'), '{}');
      const check = await runCli(['check', '--format', 'json'], { cwd: dir, env });
      const validate = await runCli(['validate', '--format', 'json', 'event.json'], { cwd: dir, env });
      assert.equal(validate.code, 1);
      const where = (d: { rule: string; file: string; line: number; column: number }) => `${d.rule} ${d.file}:${d.line}:${d.column}`;
      const shown = validate.stdout.trim().split('\n').map((l) => JSON.parse(l) as { contracts_error?: { rule: string; file: string; line: number; column: number } }).flatMap((o) => (o.contracts_error ? [where(o.contracts_error)] : []));
      const errors = (JSON.parse(check.stdout) as { diagnostics: { rule: string; severity: string; file: string; line: number; column: number }[] }).diagnostics.filter((d) => d.severity === 'error' && d.rule.startsWith('envelope/')).map(where);
      assert.deepEqual(shown, errors);
    });
  }
});
