/**
 * fixtures/adversarial/ref-cycles, plus long reference chains generated at run time: loops that
 * never descend are schema/ref-cycle errors and unusable schemas (never a stack overflow or a
 * hang), a 10,000-definition chain is "too deep to compile", a 300-file chain works, and
 * 100,000-level data under a recursive schema is a clear validation failure.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertRobust, copyFixture, jsonReport, MINIMAL, run, scratch } from './helpers.js';
import { nth } from '../helpers.js';

const PAYLOAD = 'lesson-lifecycle/schema/payloads/lesson.delivered-v1.json';
const EXAMPLE = 'lesson-lifecycle/examples/lesson.delivered-v1.json';

describe('adversarial: $ref loops that never descend', () => {
  const dir = scratch();
  copyFixture('ref-cycles', dir);

  it('check reports each loop as schema/ref-cycle', async () => {
    const result = await run(['check', '--format', 'json'], { cwd: dir });
    assertRobust(result, ['check'], { format: 'json' });
    assert.deepEqual(
      jsonReport(result.stdout).diagnostics.map((d) => `${d.rule} ${d.file.slice('contracts/'.length)}#${d.pointer}`),
      [
        `schema/ref-cycle ${PAYLOAD}#/$defs/self/$ref`,
        `schema/ref-cycle ${PAYLOAD}#/$defs/a/allOf/0/$ref`,
        `schema/ref-cycle ${PAYLOAD}#/$defs/b/anyOf/1/$ref`,
        'schema/ref-cycle lesson-lifecycle/schema/shared/ping.json#/$ref',
        'schema/ref-cycle lesson-lifecycle/schema/shared/pong.json#/$ref',
      ],
    );
  });

  it('validate says the payload schema cannot be used, instead of recursing', async () => {
    const result = await run(['validate', '--format', 'json', `contracts/${EXAMPLE}`], { cwd: dir });
    assertRobust(result, ['validate'], { format: 'json' });
    const failures = (JSON.parse(nth(result.stdout.split('\n'), 0)) as { failures: { kind: string; message: string }[] }).failures;
    assert.deepEqual(failures.map((f) => f.kind), ['schema-unavailable']);
    assert.match(nth(failures, 0).message, /its \$refs loop back without descending into the value \(see schema\/ref-cycle\)/);
  });

  for (const args of [['build', '--out', 'dist'], ['diff', MINIMAL, 'contracts']]) {
    it(`${args[0]} ends cleanly`, async () => {
      const result = await run(args, { cwd: dir, read: [MINIMAL], write: [join(dir, 'dist')] });
      assertRobust(result, args);
    });
  }
});

describe('adversarial: long reference chains and deep data under a recursive schema', () => {
  const base = (dir: string) => {
    const contracts = copyFixture(MINIMAL, dir);
    const schema = JSON.parse(readFileSync(join(contracts, PAYLOAD), 'utf8')) as Record<string, any>;
    const example = JSON.parse(readFileSync(join(contracts, EXAMPLE), 'utf8')) as Record<string, any>;
    return { contracts, schema, example };
  };

  it('a chain of 10,000 definitions is reported as too deep to compile', async () => {
    const dir = scratch();
    const { contracts, schema, example } = base(dir);
    schema.$defs = {};
    for (let i = 0; i < 10_000; i++) schema.$defs[`d${i}`] = i === 9_999 ? { type: 'string' } : { $ref: `#/$defs/d${i + 1}` };
    schema.properties.chained = { $ref: '#/$defs/d0' };
    writeFileSync(join(contracts, PAYLOAD), JSON.stringify(schema, null, 2));
    example.payload.chained = 'x';
    writeFileSync(join(contracts, EXAMPLE), JSON.stringify(example, null, 2));

    const check = await run(['check', '--format', 'json'], { cwd: dir });
    assertRobust(check, ['check'], { format: 'json' });
    assert.equal(check.code, 1);
    assert.ok(jsonReport(check.stdout).diagnostics.some((d) => /does not compile \(the schema nests or references itself too deeply to compile\)/.test(d.message)), check.stdout);
    const validate = await run(['validate', `contracts/${EXAMPLE}`], { cwd: dir });
    assertRobust(validate, ['validate']);
    assert.match(validate.stdout, /too deeply to compile/);
  });

  it('a chain across 300 files works, and 100,000-level data is a clear failure', async () => {
    const dir = scratch();
    const { contracts, schema, example } = base(dir);
    mkdirSync(join(contracts, 'lesson-lifecycle/schema/shared'));
    for (let i = 0; i < 300; i++) {
      const link = i === 299 ? { type: 'string' } : { $ref: `c${i + 1}.json` };
      writeFileSync(join(contracts, `lesson-lifecycle/schema/shared/c${i}.json`), JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...link }) + '\n');
    }
    schema.properties.filed = { $ref: '../shared/c0.json' };
    schema.properties.tree = { $ref: '#/$defs/tree' };
    schema.$defs = { tree: { type: 'array', items: { $ref: '#/$defs/tree' } } };
    writeFileSync(join(contracts, PAYLOAD), JSON.stringify(schema, null, 2));
    example.payload.filed = 'y';
    example.payload.tree = [[[]], []];
    writeFileSync(join(contracts, EXAMPLE), JSON.stringify(example, null, 2));

    const check = await run(['check', '--format', 'json'], { cwd: dir });
    assertRobust(check, ['check'], { format: 'json' });
    assert.deepEqual(jsonReport(check.stdout).diagnostics.filter((d) => d.severity === 'error'), []);

    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const events = [JSON.stringify(example), JSON.stringify({ ...example, payload: { ...example.payload, tree: 'TREE' } }).replace('"TREE"', deep)];
    const validate = await run(['validate', '--format', 'json', '-'], { cwd: dir, stdin: events.join('\n') + '\n' });
    assertRobust(validate, ['validate'], { format: 'json' });
    const invalid = validate.stdout.trim().split('\n').map((l) => JSON.parse(l) as { line?: number; valid?: boolean; failures?: { pointer: string; message: string }[] }).filter((r) => r.valid === false);
    assert.deepEqual(invalid.map((r) => [r.line, r.failures!.map((f) => f.message)]), [
      [2, ['cannot be checked: validation recursed without end (a $ref loop that never descends into the value, or a value nested deeper than the schema can follow) (lesson.delivered v1 payload schema)']],
    ]);
  });
});
