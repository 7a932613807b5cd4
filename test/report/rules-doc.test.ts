/**
 * The rules reference: every rule has a description, help, a fixture and a docs/rules.md entry;
 * docs/rules.md is exactly what the generator writes (regenerate with
 * `node --import tsx scripts/gen-rules-doc.ts`); the `rules` command prints the same metadata.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { presetsOf, renderRulesMarkdown, renderRulesText, ruleAnchor } from '../../src/report/rules-doc.js';
import { CATALOGUE, CONFIGURABLE as RULES } from '../../src/rules/catalogue.js';
import { nth, runCli } from '../helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DOC = join(ROOT, 'docs', 'rules.md');

describe('rules reference', () => {
  it('docs/rules.md is up to date (regenerate: node --import tsx scripts/gen-rules-doc.ts)', () => {
    assert.equal(readFileSync(DOC, 'utf8'), renderRulesMarkdown(CATALOGUE));
  });

  const doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '';
  for (const rule of RULES) {
    it(`${rule.id}: has a description, help, a fixture and a docs entry`, () => {
      assert.ok(rule.description.trim().length > 0, 'description');
      assert.ok(!/[.\s]$/.test(rule.description), 'a description is one line without a trailing period');
      assert.ok(!rule.description.includes('\n'), 'a description is one line');
      assert.ok(rule.help.trim().length > 0, 'help');
      if (rule.origin === 'gate') {
        // The gate compares two contract sets, so its fixtures are the base/head pairs of test/check-base.test.ts.
        assert.ok(readFileSync(join(ROOT, 'test', 'check-base.test.ts'), 'utf8').includes(`'${rule.id}'`), `test/check-base.test.ts exercises ${rule.id}`);
      } else {
        assert.ok(existsSync(join(ROOT, 'fixtures', 'rules', rule.id, 'expected.json')), `fixture fixtures/rules/${rule.id}/expected.json`);
      }
      assert.ok(doc.includes(`\n### \`${rule.id}\`\n`), 'docs/rules.md entry');
      assert.ok(doc.includes(`](#${ruleAnchor(rule.id)})`), 'docs/rules.md index link');
    });
  }

  it('every diagnostic of the catalogue is documented, build/* and the tool\'s own too', () => {
    for (const d of CATALOGUE) assert.ok(doc.includes(`\n### \`${d.id}\`\n`), d.id);
    for (const id of ['build/type-name-collision', 'build/type-generation-failed', 'config/invalid', 'config/unused-ignore', 'baseline/invalid', 'internal/rule-failed', 'compat/incomplete']) {
      assert.ok(CATALOGUE.some((d) => d.id === id), id);
    }
  });

  it('anchors follow GitHub\'s heading slugs', () => {
    assert.equal(ruleAnchor('registry/producer-unknown'), 'registryproducer-unknown');
    assert.equal(ruleAnchor('schema/ref_x'), 'schemaref_x');
    assert.deepEqual(presetsOf('recommended'), ['recommended', 'strict']);
  });
});

describe('rules command', () => {
  it('lists every rule as a table', async () => {
    const run = await runCli(['rules'], { cwd: ROOT });
    assert.deepEqual([run.code, run.stderr], [0, '']);
    assert.equal(run.stdout, renderRulesText(RULES));
    const lines = run.stdout.split('\n');
    assert.match(nth(lines, 0), /^RULE +GROUP +SEVERITY +PRESETS +DESCRIPTION$/);
    for (const rule of RULES) {
      const line = lines.find((l) => l.startsWith(`${rule.id} `));
      assert.ok(line, rule.id);
      assert.deepEqual(line.split(/ {2,}/), [rule.id, rule.id.split('/')[0], rule.severity, presetsOf(rule.preset).join(','), rule.description]);
    }
  });

  it('prints JSON', async () => {
    const run = await runCli(['rules', '--format', 'json'], { cwd: ROOT });
    const parsed = JSON.parse(run.stdout) as { version: number; rules: { id: string; group: string; severity: string; preset: string; presets: string[]; description: string; help: string }[] };
    assert.equal(parsed.version, 1);
    assert.deepEqual(
      parsed.rules,
      [...RULES].sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => ({ id: r.id, group: r.id.split('/')[0], severity: r.severity, preset: r.preset, presets: presetsOf(r.preset), description: r.description, help: r.help })),
    );
  });

  it('prints docs/rules.md as markdown', async () => {
    const run = await runCli(['rules', '--format', 'markdown'], { cwd: ROOT });
    assert.equal(run.stdout, renderRulesMarkdown(CATALOGUE));
  });

  it('rejects an unknown format', async () => {
    const run = await runCli(['rules', '--format', 'html'], { cwd: ROOT });
    assert.deepEqual([run.code, run.stderr], [2, 'sguild-contracts: --format must be one of text, json, markdown, not "html"\n']);
  });
});
