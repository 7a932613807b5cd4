/**
 * fixtures/adversarial/deep-nesting: JSON nested 100,000 levels deep, generated here (it is
 * megabytes of brackets). Contract files deeper than MAX_JSON_DEPTH are json/too-deep at load,
 * pointing at the bracket that goes too deep, so no later stage can run out of stack; deep
 * events are rejected line by line; and the iterative position scanner works at any depth.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MAX_JSON_DEPTH, scanLocate } from '../../src/json/document.js';
import { assertRobust, copyFixture, jsonReport, MINIMAL, run, scratch } from './helpers.js';
import { nth } from '../helpers.js';

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

  it('check reports each deep file at the bracket that goes too deep, and the unterminated one at its end', async () => {
    const result = await run(['check', '--format', 'json'], { cwd: dir });
    assertRobust(result, ['check'], { format: 'json' });
    const found = jsonReport(result.stdout).diagnostics.filter((d) => d.rule.startsWith('json/'));
    // Line 15 of the registry is `      "description": [[[…`: the 257th bracket is level 257 (the registry's own objects count).
    assert.deepEqual(found.map((d) => `${d.file}:${d.line} ${d.rule}`), [
      'contracts/event-types-registry.json:15 json/too-deep',
      'contracts/lesson-lifecycle/examples/lesson.delivered-v1.json:13 json/too-deep',
      'contracts/lesson-lifecycle/schema/payloads/lesson.delivered-v1.json:22 json/too-deep',
      'contracts/lesson-lifecycle/schema/unterminated.json:1 json/syntax',
    ]);
    assert.match(nth(found, 0).message, new RegExp(`nest ${DEPTH + 3} levels deep here, more than the ${MAX_JSON_DEPTH}`));
    assert.equal(nth(found, 3).column, DEPTH + 1);
  });

  for (const args of [['build', '--out', 'dist'], ['diff', MINIMAL, 'contracts'], ['validate', EXAMPLE]]) {
    it(`${args[0]} ends cleanly`, async () => {
      const result = await run(args, { cwd: dir, read: [MINIMAL], write: [join(dir, 'dist')] });
      // validate cannot work from a registry that is not valid JSON: a one-line refusal.
      assertRobust(result, args, { allowRefusal: args[0] === 'validate' });
      if (args[0] === 'build') assert.equal(result.code, 1, result.stdout + result.stderr);
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

  it('the iterative position scanner (the fallback when the position-aware parser runs out of stack) works at any depth', () => {
    const text = `{\n  "a": [1, {"b": ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}],\n  "c": true\n}`;
    const line2 = text.indexOf('\n') + 1;
    const at = (segments: string[], mode: 'value' | 'key' = 'value') => scanLocate(text, segments, mode);
    assert.deepEqual(at(['c']), { start: text.indexOf('true'), end: text.indexOf('true') + 4 });
    assert.deepEqual(at(['c'], 'key'), { start: text.indexOf('"c"'), end: text.indexOf('"c"') + 3 });
    assert.deepEqual(at(['a', '1', 'b', '0', '0']), { start: line2 + 19, end: line2 + 19 + 2 * (DEPTH - 2) });
    // A missing member: its nearest ancestor, here an array element, which has no key of its own.
    assert.deepEqual(at(['a', '1', 'missing'], 'key'), { start: line2 + 11, end: text.indexOf('}],') + 1 });
    assert.deepEqual(at(['a', '9'], 'key'), { start: line2 + 2, end: line2 + 5 });
  });

  it('a payload schema 100,000 levels deep is an error in check (validate could use no event of its type)', async () => {
    const clean = scratch();
    copyFixture(MINIMAL, clean);
    writeFileSync(join(clean, PAYLOAD), readFileSync(join(clean, PAYLOAD), 'utf8').replace('"delivered_at": {', `"deep": ${deepSchema(DEPTH)},\n    "delivered_at": {`));
    const result = await run(['check', '--format', 'json'], { cwd: clean });
    assertRobust(result, ['check'], { format: 'json' });
    assert.equal(result.code, 1, 'check passes a schema that nothing can compile');
    assert.ok(jsonReport(result.stdout).diagnostics.some((d) => d.rule === 'json/too-deep' && d.file === PAYLOAD), result.stdout);
  });
});
