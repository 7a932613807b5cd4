/**
 * `check --base git:REF` is the CI gate: a pull request that changes an existing payload version
 * incompatibly fails at the changed line; the same change as a new version passes.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nth, runCli } from './helpers.js';

const BUNDLED = join(import.meta.dirname, '..', 'contracts');
const PAYLOAD = 'contracts/lead-lifecycle/schema/payloads/lead.qualified-v1.json';

let repo: string;
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=CI', ...args], { cwd: repo, stdio: 'pipe' });

describe('check --base', () => {
  before(() => {
    repo = mkdtempSync(join(tmpdir(), 'sguild-base-'));
    cpSync(BUNDLED, join(repo, 'contracts'), { recursive: true });
    cpSync(join(BUNDLED, '..', 'sguild-contracts.config.json'), join(repo, 'sguild-contracts.config.json'));
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'base');
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('passes when nothing changed since the base', async () => {
    const run = await runCli(['check', '--base', 'git:HEAD', '--format', 'json'], { cwd: repo });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout).diagnostics, []);
  });

  it('fails at the enum line when an existing version narrows an enum', async () => {
    const file = join(repo, PAYLOAD);
    const original = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, original.replace(',\n        "inbound_request"', ''));
      const run = await runCli(['check', '--base', 'git:HEAD', '--format', 'json'], { cwd: repo });
      assert.equal(run.code, 1, run.stderr);
      const found = JSON.parse(run.stdout).diagnostics.filter((d: { rule: string }) => d.rule === 'compat/breaking-change');
      assert.equal(found.length, 1, run.stdout);
      assert.equal(found[0].file, PAYLOAD);
      assert.equal(found[0].line, 14); // "enum": [
      assert.match(found[0].message, /lead\.qualified v1/);
      assert.match(found[0].message, /new version/);
      // The registry's consumers of lead.qualified v1 are named.
      assert.match(found[0].message, /\(consumers affected: growth, revenue, warehouse-silver\); publish/);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('the same change as a new version: reported under FULL (v2 rejects v1 data), accepted once the type says FORWARD or NONE', async () => {
    const v1 = readFileSync(join(repo, PAYLOAD), 'utf8');
    const registryPath = join(repo, 'contracts/event-types-registry.json');
    const registry = readFileSync(registryPath, 'utf8');
    const example = readFileSync(join(repo, 'contracts/lead-lifecycle/examples/lead.qualified-v1.json'), 'utf8');
    const v2Path = join(repo, 'contracts/lead-lifecycle/schema/payloads/lead.qualified-v2.json');
    const v2Example = join(repo, 'contracts/lead-lifecycle/examples/lead.qualified-v2.json');
    try {
      const parsed = JSON.parse(registry);
      parsed.event_types['lead.qualified'].versions['2'] = { schema: 'lead-lifecycle/schema/payloads/lead.qualified-v2.json' };
      writeFileSync(registryPath, JSON.stringify(parsed, null, 2) + '\n');
      writeFileSync(v2Path, v1.replace(',\n        "inbound_request"', '').replace(/lead\.qualified-v1/g, 'lead.qualified-v2').replace('lead.qualified v1', 'lead.qualified v2'));
      writeFileSync(v2Example, example.replace('"schema_version": 1', '"schema_version": 2'));
      const full = await runCli(['check', '--base', 'git:HEAD', '--format', 'json'], { cwd: repo });
      assert.equal(full.code, 1);
      const compat = JSON.parse(full.stdout).diagnostics.filter((d: { rule: string }) => d.rule.startsWith('compat/'));
      assert.deepEqual(compat.map((d: { rule: string; file: string }) => [d.rule, d.file]), [['compat/version-incompatible', 'contracts/lead-lifecycle/schema/payloads/lead.qualified-v2.json']]);
      assert.match(compat[0].message, /^lead\.qualified v2 is not backward compatible: a reader of v2 rejects data valid under v1 \(ENUM_ARRAY_NARROWED: .*\); its compatibility mode is FULL \(by default\): .*set "compatibility": "FORWARD" on lead\.qualified/);
      // check alone (no base) reports the same: it judges the versions present.
      const alone = await runCli(['check', '--format', 'json'], { cwd: repo });
      assert.deepEqual(JSON.parse(alone.stdout).diagnostics.map((d: { rule: string }) => d.rule), ['compat/version-incompatible']);
      for (const mode of ['FORWARD', 'NONE']) {
        parsed.event_types['lead.qualified'].compatibility = mode;
        writeFileSync(registryPath, JSON.stringify(parsed, null, 2) + '\n');
        const run = await runCli(['check', '--base', 'git:HEAD', '--format', 'json'], { cwd: repo });
        assert.deepEqual(JSON.parse(run.stdout).diagnostics, [], mode);
        assert.equal(run.code, 0, mode);
      }
    } finally {
      writeFileSync(registryPath, registry);
      rmSync(v2Path, { force: true });
      rmSync(v2Example, { force: true });
    }
  });

  it('under FULL, forward-incompatible edits of an existing version fail: a new enum value, a property added to a closed object', async () => {
    const file = join(repo, PAYLOAD);
    const original = readFileSync(file, 'utf8');
    const closed = join(repo, 'contracts/identity/schema/payloads/person.merged-v1.json');
    const closedOriginal = readFileSync(closed, 'utf8');
    try {
      writeFileSync(file, original.replace('"inbound_request"', '"inbound_request",\n        "referral"'));
      const run = await runCli(['check', '--base', 'git:HEAD', '--format', 'json'], { cwd: repo });
      assert.equal(run.code, 1);
      const found = JSON.parse(run.stdout).diagnostics;
      assert.deepEqual(found.map((d: { rule: string; line: number }) => [d.rule, d.line]), [['compat/breaking-change', 14]]);
      assert.match(found[0].message, /ENUM_ARRAY_EXTENDED.*not forward compatible.*FULL \(by default\)/);
      // diff agrees: not forward compatible.
      const diff = await runCli(['diff', 'git:HEAD', 'contracts'], { cwd: repo });
      assert.match(diff.stdout, /Forward compatible: no/);
      writeFileSync(file, original);

      const schema = JSON.parse(closedOriginal);
      assert.equal(schema.additionalProperties, false, 'person.merged v1 is a closed object');
      schema.properties.merge_note = { type: 'string' };
      writeFileSync(closed, JSON.stringify(schema, null, 2) + '\n');
      const added = await runCli(['check', '--base', 'git:HEAD', '--format', 'json'], { cwd: repo });
      assert.equal(added.code, 1);
      assert.deepEqual(JSON.parse(added.stdout).diagnostics.map((d: { rule: string; pointer: string }) => [d.rule, d.pointer]), [['compat/breaking-change', '/properties/merge_note']]);
    } finally {
      writeFileSync(file, original);
      writeFileSync(closed, closedOriginal);
    }
  });

  it('compat/* findings are configured like any rule: severity, off, ignores with reasons, and the compatibility modes', async () => {
    const file = join(repo, PAYLOAD);
    const original = readFileSync(file, 'utf8');
    const config = join(repo, 'sguild-contracts.config.json');
    // The repository's own ignores (documented exceptions of the bundled set) stay in every variant.
    const repoConfig = readFileSync(config, 'utf8');
    const repoIgnores = JSON.parse(repoConfig).ignore as unknown[];
    const withConfig = async (value: { ignore?: unknown[] } & Record<string, unknown>) => {
      writeFileSync(config, JSON.stringify({ ...value, ignore: [...repoIgnores, ...(value.ignore ?? [])] }));
      const run = await runCli(['check', '--base', 'git:HEAD', '--format', 'json'], { cwd: repo });
      return { code: run.code, diagnostics: (run.stdout ? JSON.parse(run.stdout).diagnostics : []) as { rule: string; severity: string }[], stderr: run.stderr };
    };
    try {
      writeFileSync(file, original.replace('"inbound_request"', '"inbound_request",\n        "referral"'));
      const warning = await withConfig({ rules: { 'compat/breaking-change': 'warning' } });
      assert.deepEqual([warning.code, warning.diagnostics.map((d) => [d.rule, d.severity])], [0, [['compat/breaking-change', 'warning']]]);
      const off = await withConfig({ rules: { compat: 'off' } });
      assert.deepEqual([off.code, off.diagnostics], [0, []]);
      const ignored = await withConfig({ ignore: [{ rule: 'compat/breaking-change', path: 'contracts/lead-lifecycle/**', reason: 'the referral source ships to every consumer first' }] });
      assert.deepEqual([ignored.code, ignored.diagnostics], [0, []]);
      const backward = await withConfig({ compatibility: { event_types: { 'lead.qualified': 'BACKWARD' } } });
      assert.deepEqual([backward.code, backward.diagnostics], [0, []]);
      const typo = await withConfig({ compatibility: { default: 'FULL_TRANSITIV' } });
      assert.equal(typo.code, 2);
      assert.match(typo.stderr, /a compatibility mode must be one of BACKWARD, .*, not "FULL_TRANSITIV"; did you mean "FULL_TRANSITIVE"\?/);
    } finally {
      writeFileSync(file, original);
      writeFileSync(config, repoConfig);
    }
  });

  it('deprecate, then remove: compat/removed for a type the base did not deprecate, compat/removed-deprecated (info) once it did', async () => {
    const registryPath = join(repo, 'contracts/event-types-registry.json');
    const registry = readFileSync(registryPath, 'utf8');
    const parsed = JSON.parse(registry);
    const payload = join(repo, 'contracts/lead-lifecycle/schema/payloads/lead.unreachable-v1.json');
    const example = join(repo, 'contracts/lead-lifecycle/examples/lead.unreachable-v1.json');
    const readme = join(repo, 'contracts/lead-lifecycle/README.md');
    const saved = [payload, example, readme].map((p) => readFileSync(p, 'utf8'));
    const start = git('rev-parse', 'HEAD').toString().trim();
    const remove = () => {
      delete parsed.event_types['lead.unreachable'];
      writeFileSync(registryPath, JSON.stringify(parsed, null, 2) + '\n');
      rmSync(payload);
      rmSync(example);
      writeFileSync(readme, nth(saved, 2).replace(/`?lead\.unreachable`?/g, 'an unreachable lead'));
    };
    try {
      remove();
      const removed = await runCli(['check', '--base', 'git:HEAD', '--format', 'json'], { cwd: repo });
      assert.equal(removed.code, 1);
      // (Other findings, such as the vocabulary document still naming the type, are not the gate's.)
      const compatOf = (stdout: string) => JSON.parse(stdout).diagnostics.filter((d: { rule: string }) => d.rule.startsWith('compat/'));
      assert.deepEqual(compatOf(removed.stdout).map((d: { rule: string; severity: string }) => [d.rule, d.severity]), [['compat/removed', 'error']]);
      // Restore, deprecate in a base commit, then remove.
      writeFileSync(registryPath, registry);
      [payload, example, readme].forEach((p, i) => writeFileSync(p, nth(saved, i)));
      const deprecated = JSON.parse(registry);
      deprecated.event_types['lead.unreachable'].status = 'deprecated';
      writeFileSync(registryPath, JSON.stringify(deprecated, null, 2) + '\n');
      git('commit', '-qam', 'deprecate lead.unreachable');
      Object.assign(parsed, deprecated);
      remove();
      const run = await runCli(['check', '--base', 'git:HEAD', '--format', 'json'], { cwd: repo });
      assert.equal(run.code, 0, run.stdout);
      const found = compatOf(run.stdout);
      assert.deepEqual(found.map((d: { rule: string; severity: string }) => [d.rule, d.severity]), [['compat/removed-deprecated', 'info']]);
      assert.match(found[0].message, /needs a major release: set registry_version to 3\.0\.0$/);
    } finally {
      git('reset', '-q', '--hard', start);
    }
  });

  it('is a usage error for an unknown revision or an invalid policy', async () => {
    const unknown = await runCli(['check', '--base', 'git:no-such-branch'], { cwd: repo });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown git revision/);
    const policy = await runCli(['check', '--base', 'git:HEAD', '--policy', 'loose'], { cwd: repo });
    assert.equal(policy.code, 2);
    assert.equal(policy.stderr, 'sguild-contracts: --policy must be one of lenient, strict, not "loose"\n');
  });
});
