/**
 * Breaking changes name the services the registry lists as consumers of the changed event type
 * and version, in every diff format and in `check --base`.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nth, runCli } from '../helpers.js';

const FLOWS = join(import.meta.dirname, '..', '..', 'fixtures', 'flows', 'contracts');
const PAYLOAD = 'lesson-lifecycle/schema/payloads/lesson.delivered-v1.json';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'sguild-consumers-'));
  cpSync(FLOWS, join(dir, 'old'), { recursive: true });
  cpSync(FLOWS, join(dir, 'new'), { recursive: true });
  const file = join(dir, 'new', PAYLOAD);
  writeFileSync(file, readFileSync(file, 'utf8').replace('"enum": ["present", "absent"]', '"enum": ["present"]'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('consumers of breaking changes', () => {
  it('json: a consumers array on the breaking change, none on compatible ones', async () => {
    const run = await runCli(['diff', 'old', 'new', '--format', 'json'], { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    const changes = JSON.parse(run.stdout).changes as { kind: string; event_type?: string; consumers?: string[] }[];
    const breaking = changes.filter((c) => c.kind === 'ENUM_ARRAY_NARROWED' || c.consumers);
    assert.equal(breaking.length, 1, run.stdout);
    assert.equal(nth(breaking, 0).event_type, 'lesson.delivered');
    assert.deepEqual(nth(breaking, 0).consumers, ['finance-mart', 'revenue']);
  });

  it('text and markdown name them too', async () => {
    const text = await runCli(['diff', 'old', 'new'], { cwd: dir });
    assert.match(text.stdout, /consumers affected: finance-mart, revenue\n/);
    const markdown = await runCli(['diff', 'old', 'new', '--format', 'markdown'], { cwd: dir });
    assert.match(markdown.stdout, /\(consumers affected: finance-mart, revenue\) \|/);
  });

  it('only readers of the changed version are named', async () => {
    const registry = join(dir, 'new', 'event-types-registry.json');
    const original = readFileSync(registry, 'utf8');
    try {
      const parsed = JSON.parse(original);
      parsed.event_types['lesson.delivered'].consumers = [{ service: 'revenue', versions: ['1'] }];
      writeFileSync(registry, JSON.stringify(parsed, null, 2));
      const run = await runCli(['diff', 'old', 'new', '--format', 'json'], { cwd: dir });
      const changes = JSON.parse(run.stdout).changes as { consumers?: string[] }[];
      // Both sides count: finance-mart read v1 in the old registry.
      assert.deepEqual(changes.find((c) => c.consumers)?.consumers, ['finance-mart', 'revenue']);
    } finally {
      writeFileSync(registry, original);
    }
  });

  it('check --base names them in its diagnostic', async () => {
    const repo = join(dir, 'repo');
    cpSync(join(dir, 'old'), join(repo, 'contracts'), { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=CI', ...args], { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'base');
    cpSync(join(dir, 'new', PAYLOAD), join(repo, 'contracts', PAYLOAD));
    const run = await runCli(['check', '--base', 'git:HEAD', '--format', 'text'], { cwd: repo });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /incompatible change to lesson\.delivered v1 \(ENUM_ARRAY_NARROWED\): .* \(consumers affected: finance-mart, revenue\); publish/);
  });
});
