/**
 * CLI conventions users of eslint expect: --color/--no-color and FORCE_COLOR, --quiet,
 * --max-warnings, a summary that is not a red ✖ when nothing failed, and baselines that never
 * record the tool's own config/* findings.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { nth, runCli } from '../helpers.js';
import { scratchRepo, writeConfig } from '../config/helpers.js';

/** A set with one warning (a README without its header lines). */
function withWarning(): string {
  const dir = scratchRepo();
  writeFileSync(join(dir, 'contracts/lesson-lifecycle/README.md'), '# Lesson lifecycle\n\n- `lesson.delivered` (v1): delivered.\n');
  return dir;
}

async function runTty(args: string[], cwd: string, env: Record<string, string> = {}): Promise<string> {
  let out = '';
  await main(args, { stdout: (t) => void (out += t), stderr: (t) => void (out += t), cwd, env, isTTY: true });
  return out;
}

const ESC = '\u001b[';

describe('colour', () => {
  it('a terminal gets colour; --no-color, NO_COLOR and FORCE_COLOR=0 turn it off; --color and FORCE_COLOR=1 force it on', async () => {
    const dir = withWarning();
    assert.ok((await runTty(['check'], dir)).includes(ESC));
    assert.ok(!(await runTty(['check', '--no-color'], dir)).includes(ESC));
    assert.ok(!(await runTty(['--no-color', 'check'], dir)).includes(ESC));
    assert.ok(!(await runTty(['check'], dir, { FORCE_COLOR: '0' })).includes(ESC));
    assert.ok(!(await runTty(['check'], dir, { NO_COLOR: '1' })).includes(ESC));
    const piped = await runCli(['check', '--color'], { cwd: dir, env: { NO_COLOR: '' } });
    assert.ok(piped.stdout.includes(ESC));
    const forced = await runCli(['check'], { cwd: dir, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    assert.ok(forced.stdout.includes(ESC));
  });

  it('warnings only: a yellow ⚠ summary without "0 errors", exit 0', async () => {
    const dir = withWarning();
    const out = await runTty(['check'], dir);
    assert.match(out, new RegExp(`\\u001b\\[33m⚠ 1 warning in 2 contracts`));
    assert.ok(!out.includes('✖'));
    const plain = await runCli(['check'], { cwd: dir });
    assert.equal(plain.code, 0);
    assert.match(plain.stdout, /\n⚠ 1 warning in /);
  });
});

describe('--quiet and --max-warnings', () => {
  it('--quiet reports errors only', async () => {
    const dir = withWarning();
    const run = await runCli(['check', '--quiet', '--format', 'json'], { cwd: dir });
    assert.deepEqual(JSON.parse(run.stdout).diagnostics, []);
    assert.equal(run.code, 0);
    const loud = await runCli(['check', '--format', 'json'], { cwd: dir });
    assert.equal(JSON.parse(loud.stdout).diagnostics.length, 1);
  });

  it('--max-warnings N fails the run above N warnings', async () => {
    const dir = withWarning();
    assert.equal((await runCli(['check', '--max-warnings', '1'], { cwd: dir })).code, 0);
    const over = await runCli(['check', '--max-warnings', '0'], { cwd: dir });
    assert.equal(over.code, 1);
    assert.equal(over.stderr, 'sguild-contracts: 1 warning, more than --max-warnings 0 allows\n');
    const bad = await runCli(['check', '--max-warnings', 'few'], { cwd: dir });
    assert.deepEqual([bad.code, bad.stderr], [2, 'sguild-contracts: --max-warnings must be a whole number (0 or more), not "few"\n']);
  });
});

describe('baselines', () => {
  it('never record config/* findings, which stay reported', async () => {
    const dir = withWarning();
    writeConfig(dir, { ignore: [{ rule: 'json/syntax', path: 'nowhere/**', reason: 'stale entry' }] });
    const write = await runCli(['check', '--write-baseline', 'baseline.json'], { cwd: dir });
    assert.match(write.stderr, /with 1 finding;/);
    const recorded = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8')).findings.map((f: { rule: string }) => f.rule);
    assert.deepEqual(recorded, ['docs/readme-header']);
    assert.match(write.stdout, /config\/unused-ignore/);
    const again = await runCli(['check', '--baseline', 'baseline.json', '--format', 'json'], { cwd: dir });
    assert.deepEqual(JSON.parse(again.stdout).diagnostics.map((d: { rule: string }) => d.rule), ['config/unused-ignore']);
  });
});

describe('SARIF paths and the strict preset', () => {
  it('SARIF artifact URIs are relative to the repository root, wherever check runs', async () => {
    const { mkdirSync, cpSync } = await import('node:fs');
    const { spawnSync } = await import('node:child_process');
    const repo = scratchRepo();
    mkdirSync(join(repo, 'services', 'api'), { recursive: true });
    cpSync(join(repo, 'contracts'), join(repo, 'services', 'api', 'contracts'), { recursive: true });
    assert.equal(spawnSync('git', ['init', '-q'], { cwd: repo }).status, 0);
    writeFileSync(join(repo, 'services/api/contracts/lesson-lifecycle/README.md'), '# L\n\n- `lesson.delivered` (v1): d.\n');
    for (const cwd of [join(repo, 'services', 'api'), join(repo, 'services', 'api', 'contracts', 'lesson-lifecycle')]) {
      const run = await runCli(['check', '--format', 'sarif'], { cwd });
      const uris = JSON.parse(run.stdout).runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => nth(r.locations, 0).physicalLocation.artifactLocation.uri);
      assert.deepEqual(uris, ['services/api/contracts/lesson-lifecycle/README.md'], cwd);
    }
  });

  it('strict adds rules recommended does not run', async () => {
    const { RULES } = await import('../../src/rules/index.js');
    const strictOnly = RULES.filter((r) => r.preset === 'strict').map((r) => r.id).sort();
    assert.deepEqual(strictOnly, ['schema/additional-properties-explicit', 'schema/property-description']);
    const dir = scratchRepo();
    const recommended = await runCli(['check', '--format', 'json'], { cwd: dir });
    assert.deepEqual(JSON.parse(recommended.stdout).diagnostics, []);
    writeConfig(dir, { extends: 'strict' });
    const strict = await runCli(['check', '--format', 'json'], { cwd: dir });
    const rules = new Set(JSON.parse(strict.stdout).diagnostics.map((d: { rule: string }) => d.rule));
    assert.deepEqual([...rules].sort(), ['schema/property-description']);
  });
});

describe('schema/subject-field-missing covers person subjects', () => {
  it('removing person_id from credit.purchased (subject person) is reported', async () => {
    const dir = scratchRepo(join(import.meta.dirname, '..', '..', 'contracts'));
    const path = join(dir, 'contracts/payment-flow/schema/payloads/credit.purchased-v1.json');
    const schema = JSON.parse(readFileSync(path, 'utf8'));
    delete schema.properties.person_id;
    schema.required = schema.required.filter((r: string) => r !== 'person_id');
    writeFileSync(path, JSON.stringify(schema, null, 2));
    const example = join(dir, 'contracts/payment-flow/examples/credit.purchased-v1.json');
    const event = JSON.parse(readFileSync(example, 'utf8'));
    delete event.payload.person_id;
    writeFileSync(example, JSON.stringify(event, null, 2));
    const run = await runCli(['check', '--format', 'json'], { cwd: dir });
    const found = JSON.parse(run.stdout).diagnostics.map((d: { rule: string; file: string }) => `${d.rule} ${d.file}`);
    assert.deepEqual(found, ['schema/subject-field-missing contracts/payment-flow/schema/payloads/credit.purchased-v1.json']);
  });
});
