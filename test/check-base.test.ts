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
import { runCli } from './helpers.js';

const BUNDLED = join(import.meta.dirname, '..', 'contracts');
const PAYLOAD = 'contracts/lead-lifecycle/schema/payloads/lead.qualified-v1.json';

let repo: string;
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=CI', ...args], { cwd: repo, stdio: 'pipe' });

describe('check --base', () => {
  before(() => {
    repo = mkdtempSync(join(tmpdir(), 'sguild-base-'));
    cpSync(BUNDLED, join(repo, 'contracts'), { recursive: true });
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

  it('accepts the same change published as a new version', async () => {
    const v1 = readFileSync(join(repo, PAYLOAD), 'utf8');
    const registryPath = join(repo, 'contracts/event-types-registry.json');
    const registry = readFileSync(registryPath, 'utf8');
    const example = readFileSync(join(repo, 'contracts/lead-lifecycle/examples/lead.qualified-v1.json'), 'utf8');
    const parsed = JSON.parse(registry);
    parsed.event_types['lead.qualified'].versions['2'] = { schema: 'lead-lifecycle/schema/payloads/lead.qualified-v2.json' };
    writeFileSync(registryPath, JSON.stringify(parsed, null, 2) + '\n');
    writeFileSync(join(repo, 'contracts/lead-lifecycle/schema/payloads/lead.qualified-v2.json'), v1.replace(',\n        "inbound_request"', '').replace(/lead\.qualified-v1/g, 'lead.qualified-v2').replace('lead.qualified v1', 'lead.qualified v2'));
    writeFileSync(join(repo, 'contracts/lead-lifecycle/examples/lead.qualified-v2.json'), example.replace('"schema_version": 1', '"schema_version": 2'));
    const run = await runCli(['check', '--base', 'git:HEAD', '--format', 'json'], { cwd: repo });
    const compat = JSON.parse(run.stdout).diagnostics.filter((d: { rule: string }) => d.rule.startsWith('compat/'));
    assert.deepEqual(compat, []);
  });

  it('is a usage error for an unknown revision or an invalid policy', async () => {
    const unknown = await runCli(['check', '--base', 'git:no-such-branch'], { cwd: repo });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown git revision/);
    const policy = await runCli(['check', '--base', 'git:HEAD', '--policy', 'loose'], { cwd: repo });
    assert.equal(policy.code, 2);
    assert.match(policy.stderr, /--policy must be strict or lenient/);
  });
});
