/**
 * The validators generated at compile time (scripts/precompile-validators.mjs, src/core/precompiled.ts)
 * for the meta-schemas, the registry schema and the configuration schema: present and current
 * after `npm run compile`, never used with another stamp, and giving exactly the errors of the
 * validator compiled at run time on every registry, configuration and schema of the fixtures
 * (and mutations of them).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { globSync } from 'glob';
import { CONFIG_TARGET } from '../../src/config/load.js';
import { loadPrecompiled, type PrecompileTarget } from '../../src/core/precompiled.js';
import { REGISTRY_TARGET } from '../../src/rules/registry/shape.js';
import { META_TARGETS } from '../../src/schema/dialect-tools.js';

type Validate = ((value: unknown) => boolean) & { errors?: unknown[] | null };

const json = (pattern: string) => globSync(pattern, { posix: true }).sort().flatMap((path) => {
  try {
    return [JSON.parse(readFileSync(path, 'utf8')) as unknown];
  } catch {
    return []; // the fixtures of json/syntax
  }
});

/** Values and a few damaged copies of each: a key renamed, a value of the wrong type, a nested value removed. */
function withMutations(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const value of values) {
    out.push(value);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const keys = Object.keys(value);
    for (const key of keys.slice(0, 4)) {
      const copy = structuredClone(value) as Record<string, unknown>;
      copy[`${key}x`] = copy[key];
      delete copy[key];
      out.push(copy);
      out.push({ ...value, [key]: 42 });
      out.push({ ...value, [key]: { nested: [true, 'x'] } });
    }
  }
  return out;
}

function same(target: PrecompileTarget, inputs: unknown[]): void {
  const precompiled = loadPrecompiled<Validate>(target.name, target.stamp());
  assert.ok(precompiled, `lib/precompiled/${target.name}.cjs is missing or stale: run npm run compile`);
  const compiled = target.compile().validate as Validate;
  let invalid = 0;
  for (const input of inputs) {
    const expected = compiled(input);
    assert.equal(precompiled(input), expected);
    // verbose errors carry schema nodes and data: compared as values.
    assert.deepEqual(precompiled.errors ?? null, compiled.errors ?? null);
    if (!expected) invalid++;
  }
  assert.ok(invalid > 0 && invalid < inputs.length, 'the inputs include valid and invalid values');
}

describe('precompiled validators', () => {
  const schemas = withMutations(json('fixtures/**/schema/**/*.json'));
  for (const target of META_TARGETS) it(`${target.name}: the same errors as the meta-schema compiled at run time`, () => same(target, schemas));
  it('registry: the same errors as the registry schema compiled at run time', () => same(REGISTRY_TARGET, withMutations(json('fixtures/**/event-types-registry.json'))));
  it('config: the same errors as the configuration schema compiled at run time', () => same(CONFIG_TARGET, withMutations(json('fixtures/**/sguild-contracts.config.json'))));

  it('a module with another stamp is not used', () => {
    assert.equal(loadPrecompiled('registry', `${REGISTRY_TARGET.stamp()} but another schema`), undefined);
    assert.equal(loadPrecompiled('no-such-validator', 'any'), undefined);
  });
});
