/**
 * fixtures/adversarial/registry-escape: registry schema paths that leave the contracts root.
 * Each is a diagnostic, and nothing outside the root is read even when the file it names exists
 * (the test puts a permissive schema and a "secret" there and watches every file-system call).
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertRobust, copyFixture, jsonReport, MINIMAL, run, scratch } from './helpers.js';
import { nth } from '../helpers.js';

describe('adversarial: registry paths that point outside the contracts root', () => {
  const dir = scratch();
  const work = join(dir, 'work');
  const contracts = copyFixture('registry-escape', work);
  // What the escaping paths name, made real: lesson-lifecycle/../../outside/… is work/outside/….
  const permissive = '{ "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object" }\n';
  mkdirSync(join(work, 'outside', 'schema', 'payloads'), { recursive: true });
  writeFileSync(join(work, 'outside', 'schema', 'payloads', 'lesson.delivered-v4.json'), permissive);
  writeFileSync(join(dir, 'outside.json'), permissive);
  const only = { cwd: work, readCwd: false, read: [contracts] };

  it('check reports every escaping path and reads nothing outside the root', async () => {
    const result = await run(['check', '--contracts', 'contracts', '--format', 'json'], only);
    assertRobust(result, ['check'], { format: 'json' });
    const errors = jsonReport(result.stdout).diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(
      errors.map((d) => [d.rule, d.pointer]),
      ['2', '3', '4', '5', '6', '7', '8'].map((v) => [v === '4' || v === '5' || v === '8' ? 'registry/payload-missing' : 'registry/shape', `/event_types/lesson.delivered/versions/${v}/schema`]),
    );
  });

  it('validate does not use the schema outside the root for version 4', async () => {
    const example = JSON.parse(readFileSync(join(contracts, 'lesson-lifecycle/examples/lesson.delivered-v1.json'), 'utf8')) as Record<string, unknown>;
    const result = await run(['validate', '--contracts', 'contracts', '--format', 'json', '-'], { ...only, stdin: JSON.stringify({ ...example, schema_version: 4 }) + '\n' });
    assertRobust(result, ['validate'], { format: 'json' });
    assert.equal(result.code, 1);
    const first = JSON.parse(nth(result.stdout.split('\n'), 0)) as { failures: { kind: string; message: string }[] };
    assert.deepEqual(first.failures.map((f) => f.kind), ['schema-unavailable']);
  });

  it('build refuses, writes nothing, reads nothing outside', async () => {
    const result = await run(['build', '--contracts', 'contracts', '--out', 'dist'], { ...only, write: [join(work, 'dist')] });
    assertRobust(result, ['build']);
    assert.equal(result.code, 1);
  });

  it('diff reads nothing outside either side', async () => {
    const result = await run(['diff', MINIMAL, 'contracts'], { ...only, read: [contracts, MINIMAL] });
    assertRobust(result, ['diff']);
  });
});
