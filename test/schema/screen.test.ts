/**
 * The screen (src/schema/screen.ts) answers "valid?" for `check` without compiling; ajv answers
 * it for `validate` and the generated validators. They must agree on every value the screen
 * answers for: this runs both over the bundled examples, every fixture example and a few
 * thousand mutations of them (missing, extra, retyped and malformed values).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { globSync } from 'glob';
import { loadContractSet } from '../../src/load/loader.js';
import { FolderSource, MemorySource } from '../../src/load/source.js';
import type { ContractSet } from '../../src/model/types.js';
import { schemaCompiler } from '../../src/schema/compile.js';
import { schemaScreen } from '../../src/schema/screen.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TREES = ['contracts', ...globSync('fixtures/**/contracts', { cwd: ROOT, posix: true }).filter((p) => !p.includes('adversarial')).sort()];

const ODD_VALUES: unknown[] = [null, 0, -1, 1.5, 1e21, '', 'x', 'é'.repeat(300), true, [], [1], {}, { a: 1 }, '2026-05-04T10:00:00', '2026-02-30T10:00:00Z', '2026-05-04', 'not-an-email', 'per_01937b2e-4c1a-7d3e-9f10-000000000003', 'per_01937b2e-4c1a-4d3e-9f10-000000000003'];

function* mutations(value: unknown): Generator<unknown> {
  yield value;
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    yield [];
    if (value.length) yield [...value, value[0]];
    for (let i = 0; i < value.length; i++) for (const m of mutations(value[i])) yield value.map((v, j) => (j === i ? m : v));
    return;
  }
  const record = value as Record<string, unknown>;
  yield { ...record, unexpected_property: 1 };
  for (const key of Object.keys(record)) {
    const { [key]: _dropped, ...rest } = record;
    yield rest;
    for (const odd of ODD_VALUES) yield { ...record, [key]: odd };
    if (record[key] !== null && typeof record[key] === 'object') for (const m of mutations(record[key])) yield { ...record, [key]: m };
  }
}

function payloadPaths(model: ContractSet): Map<string, unknown[]> {
  const byPath = new Map<string, unknown[]>();
  for (const example of model.examples) {
    const event = example.doc.value as { event_type?: string; schema_version?: number; payload?: unknown } | undefined;
    const path = model.registry?.eventTypes.get(String(event?.event_type))?.versions.get(String(event?.schema_version))?.schema;
    if (!path || !model.schemas.get(path)?.doc.ok) continue;
    byPath.set(path, [...(byPath.get(path) ?? []), event!.payload]);
  }
  return byPath;
}

describe('schema screen agrees with ajv', () => {
  for (const tree of TREES) {
    it(`${tree}: same verdict on examples and their mutations`, () => {
      const model = loadContractSet(new FolderSource(join(ROOT, tree)));
      const screen = schemaScreen(model);
      const compiler = schemaCompiler(model);
      let compared = 0;
      for (const [path, payloads] of payloadPaths(model)) {
        const compiled = compiler.compile(path);
        if (!compiled.ok) continue;
        for (const payload of payloads) {
          for (const value of mutations(payload)) {
            const verdict = screen.verdict(path, value);
            if (verdict === undefined) continue;
            assert.equal(verdict, compiled.validate(value), `${path}: ${JSON.stringify(value)}`);
            compared++;
          }
        }
      }
      if (tree === 'contracts') assert.ok(compared > 5000, `only ${compared} comparisons`);
    });
  }

  it('screens almost every bundled payload schema (the test above is not vacuous)', () => {
    const model = loadContractSet(new FolderSource(join(ROOT, 'contracts')));
    const screen = schemaScreen(model);
    const paths = [...payloadPaths(model).keys()];
    const screened = paths.filter((p) => screen.verdict(p, {}) !== undefined);
    assert.ok(screened.length >= paths.length * 0.9, `${screened.length} of ${paths.length}`);
  });

  it('refuses schemas it cannot promise to agree on', () => {
    const files = new Map<string, Uint8Array>();
    const put = (path: string, value: unknown) => files.set(path, new TextEncoder().encode(JSON.stringify(value)));
    put('a/schema/payloads/a.b-v1.json', { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', unevaluatedProperties: false });
    put('a/schema/payloads/a.c-v1.json', { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'string', pattern: '^(a+)+$' });
    put('a/schema/payloads/a.d-v1.json', { $schema: 'http://json-schema.org/draft-07/schema#', type: 'string' });
    put('a/schema/payloads/a.e-v1.json', { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'number', multipleOf: 0.1 });
    put('a/schema/payloads/a.f-v1.json', { $schema: 'https://json-schema.org/draft/2020-12/schema', $ref: 'https://example.com/x.json' });
    put('a/schema/payloads/a.g-v1.json', { $schema: 'https://json-schema.org/draft/2020-12/schema', $ref: 'a.b-v1.json' });
    const model = loadContractSet(new MemorySource('memory', files));
    const screen = schemaScreen(model);
    for (const name of ['a.b', 'a.c', 'a.d', 'a.e', 'a.f', 'a.g']) assert.equal(screen.verdict(`a/schema/payloads/${name}-v1.json`, {}), undefined, name);
  });
});
