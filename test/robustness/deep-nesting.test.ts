/**
 * fixtures/adversarial/deep-nesting: JSON nested 100,000 levels deep, generated here (it is
 * megabytes of brackets). Parsing is native, the positions come from the iterative scanner
 * when the position-aware parser runs out of stack, schemas too deep for ajv are "too deep to
 * compile", and deep events are rejected, not crashed on.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseJson } from '../../src/json/document.js';
import { assertRobust, copyFixture, jsonReport, MINIMAL, run, scratch } from './helpers.js';

const DEPTH = 100_000;
const PAYLOAD = 'contracts/lesson-lifecycle/schema/payloads/lesson.delivered-v1.json';
const EXAMPLE = 'contracts/lesson-lifecycle/examples/lesson.delivered-v1.json';

/** `{"type":"object","properties":{"x": … {"type":"string"} … }}`, `depth` levels. */
function deepSchema(depth: number): string {
  return '{"type":"object","properties":{"x":'.repeat(depth) + '{"type":"string"}' + '}}'.repeat(depth);
}

describe('adversarial: JSON nested 100,000 levels deep', () => {
  const dir = scratch();
  copyFixture(MINIMAL, dir);
  const registryPath = join(dir, 'contracts/event-types-registry.json');
  writeFileSync(registryPath, readFileSync(registryPath, 'utf8').replace('"A coach marked a lesson as delivered."', '['.repeat(DEPTH) + ']'.repeat(DEPTH)));
  writeFileSync(join(dir, PAYLOAD), readFileSync(join(dir, PAYLOAD), 'utf8').replace('"delivered_at": {', `"deep": ${deepSchema(DEPTH)},\n    "delivered_at": {`));
  writeFileSync(join(dir, EXAMPLE), readFileSync(join(dir, EXAMPLE), 'utf8').replace('"delivered_at":', `"extra": ${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)},\n    "delivered_at":`));
  writeFileSync(join(dir, 'contracts/lesson-lifecycle/schema/unterminated.json'), '['.repeat(DEPTH));

  it('check reports the registry value and the unterminated file at their exact positions', async () => {
    const result = await run(['check', '--format', 'json'], { cwd: dir });
    assertRobust(result, ['check'], { format: 'json' });
    const found = jsonReport(result.stdout).diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}`);
    assert.ok(found.includes('contracts/event-types-registry.json:15:22 registry/shape'), found.join('\n'));
    assert.ok(found.includes(`contracts/lesson-lifecycle/schema/unterminated.json:1:${DEPTH + 1} json/syntax`), found.join('\n'));
  });

  for (const args of [['build', '--out', 'dist'], ['diff', MINIMAL, 'contracts'], ['validate', EXAMPLE]]) {
    it(`${args[0]} ends cleanly`, async () => {
      const result = await run(args, { cwd: dir, read: [MINIMAL], write: [join(dir, 'dist')] });
      assertRobust(result, args);
      if (args[0] !== 'diff') assert.equal(result.code, 1, result.stdout + result.stderr);
    });
  }

  it('validate rejects a 100,000-level event and an unterminated one, line by line', async () => {
    const clean = copyFixture(MINIMAL, scratch());
    const event = JSON.parse(readFileSync(join(clean, 'lesson-lifecycle/examples/lesson.delivered-v1.json'), 'utf8')) as Record<string, unknown>;
    const example = JSON.stringify(event);
    const deepPayload = JSON.stringify({ ...event, payload: 'DEEP' }).replace('"DEEP"', `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`);
    const stream = [example, deepPayload, '['.repeat(DEPTH), example].join('\n') + '\n';
    const result = await run(['validate', '--contracts', clean, '--format', 'json', '-'], { cwd: dir, read: [clean], stdin: stream });
    assertRobust(result, ['validate'], { format: 'json' });
    const invalid = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { line?: number; valid?: boolean; failures?: { kind: string }[] }).filter((r) => r.valid === false);
    assert.deepEqual(invalid.map((r) => [r.line, [...new Set(r.failures!.map((f) => f.kind))]]), [[2, ['payload']], [3, ['not-json']]]);
  });

  it('positions inside a document too deep for the position-aware parser come from the scanner', () => {
    const doc = parseJson(`{\n  "a": [1, {"b": ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}],\n  "c": true\n}`);
    assert.deepEqual(doc.locate('/c'), { line: 3, column: 8, endLine: 3, endColumn: 12 });
    assert.deepEqual(doc.locate('/c', 'key'), { line: 3, column: 3, endLine: 3, endColumn: 6 });
    assert.deepEqual(doc.locate('/a/1/b/0/0'), { line: 2, column: 20, endLine: 2, endColumn: 20 + 2 * (DEPTH - 2) });
    // A missing member: its nearest ancestor, an array element, which has no key of its own.
    assert.deepEqual(doc.locate('/a/1/missing', 'key'), { line: 2, column: 12, endLine: 2, endColumn: 13 + 2 * DEPTH + 6 });
    assert.deepEqual(doc.locate('/a/9', 'key'), { line: 2, column: 3, endLine: 2, endColumn: 6 });
  });

  it('check reports a payload schema too deep to compile (validate rejects every event of its type)', { todo: 'owner: rules (schema/invalid is silent; only validate reports "too deeply to compile")' }, async () => {
    const clean = scratch();
    copyFixture(MINIMAL, clean);
    writeFileSync(join(clean, PAYLOAD), readFileSync(join(clean, PAYLOAD), 'utf8').replace('"delivered_at": {', `"deep": ${deepSchema(DEPTH)},\n    "delivered_at": {`));
    const result = await run(['check', '--format', 'json'], { cwd: clean });
    assertRobust(result, ['check'], { format: 'json' });
    assert.equal(result.code, 1, 'check passes a schema that nothing can compile');
  });
});
