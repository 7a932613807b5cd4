/**
 * Rules are discovered, not trusted to be listed: every module under src/rules/<group>/ is either
 * a rule that RULES runs (its id is `<group>/<file name>`, it has a fixture) or a helper that a
 * rule imports. A rule written but not added to its group's index.ts fails here.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import type { Rule } from '../../src/rules/define.js';
import { RULES } from '../../src/rules/index.js';
import { nth } from '../helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const RULES_DIR = join(ROOT, 'src', 'rules');
const groups = readdirSync(RULES_DIR).filter((name) => statSync(join(RULES_DIR, name)).isDirectory());

function isRule(value: unknown): value is Rule {
  return typeof value === 'object' && value !== null && typeof (value as Rule).id === 'string' && typeof (value as Rule).check === 'function';
}

describe('rule discovery', () => {
  const allSources = groups.flatMap((group) => readdirSync(join(RULES_DIR, group)).map((file) => readFileSync(join(RULES_DIR, group, file), 'utf8')));

  for (const group of groups) {
    for (const file of readdirSync(join(RULES_DIR, group)).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
      it(`src/rules/${group}/${file}`, async () => {
        const module = (await import(pathToFileURL(join(RULES_DIR, group, file)).href)) as Record<string, unknown>;
        const rules = Object.values(module).filter(isRule);
        const name = basename(file, '.ts');
        if (!rules.length) {
          // A helper: some rule must import it, or it is dead code pretending to be a rule.
          assert.ok(allSources.some((source) => source.includes(`'./${name}.js'`) || source.includes(`'../${group}/${name}.js'`)), `src/rules/${group}/${file} defines no rule and no rule imports it`);
          return;
        }
        assert.equal(rules.length, 1, 'one rule per module');
        const rule = nth(rules, 0);
        assert.equal(rule.id, `${group}/${name}`, 'the rule id is the module path');
        assert.ok(RULES.includes(rule), `${rule.id} is not listed in src/rules/${group}/index.ts, so it never runs`);
        assert.ok(existsSync(join(ROOT, 'fixtures', 'rules', group, name, 'expected.json')), `fixtures/rules/${group}/${name}/expected.json`);
      });
    }
  }

  it('RULES holds no rule from outside the group folders, and each once', () => {
    assert.equal(new Set(RULES.map((r) => r.id)).size, RULES.length);
    for (const rule of RULES) assert.ok(existsSync(join(RULES_DIR, `${rule.id}.ts`)), `${rule.id} has no module src/rules/${rule.id}.ts`);
  });
});
