/**
 * schemas/config.schema.json, the schema editors use for sguild-contracts.config.json, says what
 * the configuration loader accepts: same keys, same values, and the loader validates with it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { configSchemaErrors, CONFIG_KEYS_LIST, IGNORE_KEYS, parseConfig, RULE_SETTINGS, SEVERITIES } from '../../src/config/load.js';
import { PRESETS } from '../../src/rules/define.js';
import { RULES } from '../../src/rules/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'config.schema.json'), 'utf8'));
const ruleIds = RULES.map((r) => r.id);

describe('config.schema.json', () => {
  it('names exactly the keys and values the loader knows', () => {
    assert.deepEqual(Object.keys(schema.properties).sort(), [...CONFIG_KEYS_LIST].sort());
    assert.deepEqual(Object.keys(schema.properties.ignore.items.properties).sort(), [...IGNORE_KEYS].sort());
    assert.deepEqual(schema.properties.extends.enum, [...PRESETS]);
    assert.deepEqual(schema.properties.failOn.enum, [...SEVERITIES]);
    assert.deepEqual([...schema.properties.rules.additionalProperties.enum].sort(), [...RULE_SETTINGS].sort());
    for (const id of ruleIds) assert.match(id, new RegExp(schema.properties.rules.propertyNames.pattern));
  });

  it('accepts the repository\'s own configuration, and the loader agrees', () => {
    const text = readFileSync(join(ROOT, 'sguild-contracts.config.json'), 'utf8');
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    assert.ok(ajv.validate(schema, JSON.parse(text)), ajv.errorsText());
    assert.ok(parseConfig({ file: 'c.json', text, ruleIds }).config);
  });

  it('the loader runs the schema after its own checks: schema errors come with the offending pointer', () => {
    assert.deepEqual(configSchemaErrors({ extends: 'recommended' }), []);
    const errors = configSchemaErrors({ ignore: [{ rule: 'docs', path: 'x/**', reason: '   ' }], rules: { 'Docs': 'off' } });
    assert.deepEqual([...new Set(errors.map((e) => e.pointer))].sort(), ['/ignore/0/reason', '/rules']);
    assert.ok(errors.every((e) => e.message.endsWith('(schemas/config.schema.json)')));
  });
});
