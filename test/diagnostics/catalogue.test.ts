/**
 * The diagnostic catalogue: every id described once, message templates filled from named
 * arguments, and JSON and SARIF carrying the message id and its arguments next to the text.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { catalogue, fill, message } from '../../src/diagnostics/catalogue.js';
import { CATALOGUE } from '../../src/rules/catalogue.js';
import { RULES } from '../../src/rules/index.js';
import { positional } from '../../src/report/sarif.js';
import { nth, runCli } from '../helpers.js';

const REPO = join(import.meta.dirname, '..', '..');
const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('diagnostic catalogue', () => {
  it('holds every rule and every other diagnostic, each id once, sorted', () => {
    const ids = CATALOGUE.map((d) => d.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(new Set(ids).size, ids.length);
    for (const rule of RULES) assert.ok(ids.includes(rule.id), rule.id);
    for (const id of ['compat/breaking-change', 'compat/removed', 'compat/removed-deprecated', 'compat/incomplete', 'build/type-name-collision', 'build/type-generation-failed', 'config/invalid', 'config/unused-ignore', 'baseline/invalid', 'internal/rule-failed']) {
      assert.ok(ids.includes(id), id);
    }
    assert.throws(() => catalogue([{ id: 'config/invalid', severity: 'error', preset: 'minimal', description: 'd', help: 'h' }]), /config\/invalid is described twice/);
  });

  it('only rules and the gate\'s findings are configurable', () => {
    for (const d of CATALOGUE) assert.equal(d.configurable, d.origin === 'rule' || (d.origin === 'gate' && d.id !== 'compat/incomplete'), d.id);
    for (const d of CATALOGUE) assert.equal(d.preset !== undefined, d.configurable, `${d.id}: a preset exactly when configurable`);
  });

  it('fills message templates from named arguments, and refuses a missing one', () => {
    assert.deepEqual(message('compat/incomplete', 'notCompared', { base: 'git:main', cause: 'not valid JSON' }), {
      message: 'not compared with --base git:main: not valid JSON; until it loads, breaking changes in it cannot be ruled out',
      messageId: 'notCompared',
      args: { base: 'git:main', cause: 'not valid JSON' },
    });
    assert.throws(() => fill('a {b}', {}), /message argument "b" is missing/);
    for (const d of CATALOGUE) {
      for (const [id, template] of Object.entries(d.messages ?? {})) assert.ok(!/\{(?![A-Za-z][A-Za-z0-9]*\})/.test(template), `${d.id} ${id}: only {name} placeholders`);
    }
    // Rules declare templates too, and the catalogue carries them (docs, SARIF messageStrings).
    assert.ok(CATALOGUE.find((d) => d.id === 'registry/producer-unknown')?.messages?.unknownLikely);
  });

  it('SARIF numbers the named arguments in order of first use', () => {
    assert.deepEqual(positional('a {x} b {y} {x}'), { text: 'a {0} b {1} {0}', names: ['x', 'y'] });
  });
});

describe('JSON and SARIF carry the message id and its arguments', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sguild-messages-'));
  made.push(dir);
  cpSync(join(REPO, 'fixtures', 'minimal', 'contracts'), join(dir, 'contracts'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  writeFileSync(join(dir, 'sguild-contracts.config.json'), JSON.stringify({ contracts: 'contracts', ignore: [{ rule: 'docs', path: 'contracts/nowhere/**', reason: 'stale' }] }, null, 2) + '\n');

  it('json', async () => {
    const run = await runCli(['check', '--format', 'json'], { cwd: dir });
    const diagnostics = (JSON.parse(run.stdout) as { diagnostics: Record<string, unknown>[] }).diagnostics;
    assert.deepEqual(diagnostics, [
      {
        rule: 'config/unused-ignore',
        severity: 'warning',
        message: 'ignore entry 1 (rule "docs", path "contracts/nowhere/**") matches no finding; remove it',
        file: 'sguild-contracts.config.json',
        line: 4,
        column: 5,
        endLine: 8,
        endColumn: 6,
        pointer: '/ignore/0',
        messageId: 'unused',
        args: { entry: 1, rule: 'docs', path: 'contracts/nowhere/**' },
      },
    ]);
  });

  it('sarif', async () => {
    const run = await runCli(['check', '--format', 'sarif'], { cwd: dir });
    const sarif = JSON.parse(run.stdout) as { runs: { tool: { driver: { rules: { id: string; messageStrings?: Record<string, { text: string }> }[] } }; results: { ruleId: string; message: unknown; properties?: unknown }[] }[] };
    const run0 = nth(sarif.runs, 0);
    const result = nth(run0.results, 0);
    assert.deepEqual(result.message, { text: 'ignore entry 1 (rule "docs", path "contracts/nowhere/**") matches no finding; remove it', id: 'unused', arguments: ['1', 'docs', 'contracts/nowhere/**'] });
    assert.deepEqual(result.properties, { messageId: 'unused', arguments: { entry: 1, rule: 'docs', path: 'contracts/nowhere/**' } });
    const rule = run0.tool.driver.rules.find((r) => r.id === 'config/unused-ignore');
    assert.equal(rule?.messageStrings?.unused?.text, 'ignore entry {0} (rule "{1}", path "{2}") matches no finding; remove it');
  });
});
