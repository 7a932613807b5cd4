/**
 * Every rule, by group. Each group folder owns an index.ts listing its rules; adding a rule is
 * adding a module there (plus its fixture under fixtures/rules/<group>/<name>/).
 */
import type { Rule } from './define.js';
import compat from './compat/index.js';
import docs from './docs/index.js';
import envelope from './envelope/index.js';
import examples from './examples/index.js';
import file from './file/index.js';
import json from './json/index.js';
import registry from './registry/index.js';
import schema from './schema/index.js';

export const RULES: readonly Rule[] = [...file, ...json, ...registry, ...schema, ...envelope, ...docs, ...examples, ...compat].sort((a, b) =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
);

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
