/**
 * `check --fix` and `--fix-dry-run`. Every fixable rule has fixtures/fix/rules/<rule>/before and
 * after: --fix on a copy of `before` must give exactly `after` (every file, byte for byte) and a
 * clean check. The five-problems fixture shows fixes from several rules composing in one run.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { globSync } from 'glob';
import { defineRule } from '../../src/rules/define.js';
import { checkModel } from '../../src/check.js';
import { loadContractSet } from '../../src/load/loader.js';
import { FolderSource } from '../../src/load/source.js';
import { RULES } from '../../src/rules/index.js';
import { nth, runCli } from '../helpers.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'fix');

function tree(dir: string): Map<string, string> {
  return new Map(globSync('**/*', { cwd: dir, nodir: true, dot: true, posix: true }).sort().map((p) => [p, readFileSync(join(dir, p), 'utf8')]));
}

function copy(from: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sgc-fix-'));
  cpSync(from, join(dir, 'contracts'), { recursive: true });
  return dir;
}

describe('fixable rules: before → after', () => {
  const fixable = RULES.filter((r) => r.fixable !== undefined);
  it('the fixable rules are the ones with fix fixtures', () => {
    const folders = globSync('rules/*/*/before', { cwd: FIXTURES, posix: true }).map((p) => p.slice('rules/'.length, -'/before'.length)).sort();
    assert.deepEqual(fixable.map((r) => r.id).sort(), folders);
    assert.ok(fixable.length >= 6);
  });
  for (const rule of fixable) {
    it(`${rule.id}: --fix turns before/ into after/ exactly, and check is clean`, async () => {
      const base = join(FIXTURES, 'rules', rule.id);
      const dir = copy(join(base, 'before', 'contracts'));
      const run = await runCli(['check', '--fix'], { cwd: dir });
      assert.match(run.stderr, new RegExp(`^fixed contracts/\\S+:\\d+:\\d+  .+  ${rule.id}$`, 'm'));
      assert.equal(run.code, 0, run.stdout);
      assert.match(run.stdout, /^✔ no problems found/);
      assert.deepEqual(tree(join(dir, 'contracts')), tree(join(base, 'after', 'contracts')));
    });
  }
});

describe('check --fix on a set with several fixable problems', () => {
  const five = join(FIXTURES, 'five-problems', 'contracts');

  it('--fix-dry-run prints each fix and a unified diff, writes nothing and exits 1', async () => {
    const dir = copy(five);
    const run = await runCli(['check', '--fix-dry-run'], { cwd: dir });
    assert.equal(run.code, 1);
    const fixes = run.stderr.split('\n').filter((l) => l.startsWith('would fix '));
    assert.deepEqual(fixes.map((l) => l.slice(l.lastIndexOf('  ') + 2)), ['docs/event-type-unmentioned', 'registry/payload-misplaced', 'examples/misplaced', 'examples/invalid', 'schema/id-property', 'schema/timestamp-format']);
    assert.match(run.stderr, /6 fixes would change 8 files; nothing was written/);
    assert.match(run.stdout, /^--- a\/contracts\/lesson-lifecycle\/examples\/lesson.delivered-v1.json\n\+\+\+ b\/contracts\/lesson-lifecycle\/examples\/lesson.delivered-v1.json\n@@ -10,6 \+10,6 @@\n/m);
    assert.match(run.stdout, /^-    "deliveredAt": "2026-05-04T15:55:00Z"\n\+    "delivered_at": "2026-05-04T15:55:00Z"$/m);
    assert.match(run.stdout, /^--- \/dev\/null\n\+\+\+ b\/contracts\/lesson-lifecycle\/schema\/payloads\/lesson.cancelled-v1.json$/m);
    assert.deepEqual(tree(join(dir, 'contracts')), tree(five));
  });

  it('--fix repairs all of them, leaves the rest of each file as it was, and a second run has nothing to do', async () => {
    const dir = copy(five);
    const before = tree(five);
    const run = await runCli(['check', '--fix', '--format', 'json'], { cwd: dir });
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(JSON.parse(run.stdout).diagnostics, []);
    const after = tree(join(dir, 'contracts'));
    assert.ok(!after.has('lesson-lifecycle/schema/payloads/cancelled-v1.json'));
    assert.match(after.get('lesson-lifecycle/schema/payloads/lesson.cancelled-v1.json')!, /"\$id": "https:\/\/schemas.sguild.com\/contracts\/lesson-lifecycle\/schema\/payloads\/lesson.cancelled-v1.json"/);
    // The registry's other entry kept its hand-written one-line arrays.
    const registry = after.get('event-types-registry.json')!;
    assert.equal(registry, before.get('event-types-registry.json')!.replace('payloads/cancelled-v1.json', 'payloads/lesson.cancelled-v1.json'));
    const again = await runCli(['check', '--fix'], { cwd: dir });
    assert.equal(again.stderr, '');
    assert.equal(again.code, 0);
    assert.deepEqual(tree(join(dir, 'contracts')), after);
  });

  it('ignored findings are not fixed', async () => {
    const dir = copy(five);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'sguild-contracts.config.json'), JSON.stringify({ ignore: [{ rule: 'schema/timestamp-format', reason: 'migrating next quarter' }] }));
    const run = await runCli(['check', '--fix'], { cwd: dir });
    assert.ok(!run.stderr.includes('schema/timestamp-format'));
    assert.match(readFileSync(join(dir, 'contracts/lesson-lifecycle/schema/payloads/lesson.delivered-v1.json'), 'utf8'), /"delivered_at": \{ "type": "string", "description"/);
  });

  it('--fix and --fix-dry-run together are a usage error', async () => {
    const run = await runCli(['check', '--fix', '--fix-dry-run'], { cwd: copy(five) });
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'sguild-contracts: use either --fix (apply the fixes) or --fix-dry-run (show them as a diff), not both\n');
  });
});

describe('fix declarations', () => {
  it('a rule that attaches a fix without declaring "fixable" fails, as a rule failure', () => {
    const rogue = defineRule({
      id: 'test/rogue',
      severity: 'error',
      preset: 'recommended',
      description: 'd',
      help: 'h',
      check(model, report) {
        report({ file: 'x', message: 'm', fix: { description: 'f', edits: [] } });
      },
    });
    const model = loadContractSet(new FolderSource(join(FIXTURES, 'five-problems', 'contracts')));
    const { diagnostics } = checkModel(model, { displayRoot: 'contracts', rules: [rogue] });
    assert.equal(diagnostics.length, 1);
    assert.equal(nth(diagnostics, 0).rule, 'internal/rule-failed');
    assert.match(nth(diagnostics, 0).message, /does not declare "fixable"/);
    assert.ok(existsSync(join(FIXTURES, 'five-problems')));
  });
});
