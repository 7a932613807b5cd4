/**
 * A value that satisfies a schema, for scaffolded examples: follows `$ref`s through the model,
 * fills required properties, and makes IDs from the `^<prefix>_` of an ID pattern. Schemas it
 * cannot satisfy by construction (a bare pattern, `not`) get a placeholder that `check` then
 * points at, which is the honest outcome for a hand-written constraint.
 */
import type { ContractSet } from '../model/types.js';
import { followRefs } from '../schema/ref-index.js';
import { isSchemaObject } from '../schema/walk.js';
import { timestamp, uuidV7, type Random } from './ids.js';

export interface SampleContext {
  model: ContractSet;
  now: number;
  random?: Random;
  /** Values for named properties anywhere (e.g. the subject's `lesson_id` equals the envelope subject). */
  fixed?: ReadonlyMap<string, unknown>;
}

const has = (o: object, k: string) => Object.hasOwn(o, k);

export function sampleValue(ctx: SampleContext, file: string, schema: unknown, name = '', depth = 0): unknown {
  if (name && ctx.fixed?.has(name)) return ctx.fixed.get(name);
  if (depth > 16) return null;
  const { chain, broken } = followRefs(ctx.model, { file, pointer: '', value: schema });
  if (broken) return null;
  // The nearest declaration of each keyword wins, as for a $ref with siblings.
  const merged: Record<string, unknown> = {};
  let at = file;
  for (const step of chain) {
    if (!isSchemaObject(step.value)) break;
    for (const [k, v] of Object.entries(step.value)) if (!has(merged, k) && k !== '$ref') merged[k] = v;
    at = step.file;
  }
  if (has(merged, 'const')) return merged.const;
  if (Array.isArray(merged.enum) && merged.enum.length) return merged.enum[0];
  for (const keyword of ['oneOf', 'anyOf', 'allOf'] as const) {
    const branches = merged[keyword];
    if (Array.isArray(branches) && branches.length && merged.type === undefined) {
      const real = branches.find((b) => !(isSchemaObject(b) && b.type === 'null')) ?? branches[0];
      if (keyword !== 'allOf' || branches.length === 1) return sampleValue(ctx, at, real, name, depth + 1);
    }
  }
  const types = Array.isArray(merged.type) ? merged.type.filter((t) => t !== 'null') : [merged.type];
  const type = types[0] ?? (isSchemaObject(merged.properties) ? 'object' : undefined);
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = isSchemaObject(merged.properties) ? merged.properties : {};
      const required = Array.isArray(merged.required) ? merged.required.filter((r): r is string => typeof r === 'string') : [];
      // Every declared property is shown (an example documents the payload), required first.
      for (const key of [...new Set([...Object.keys(props), ...required])]) {
        out[key] = sampleValue(ctx, at, props[key] ?? {}, key, depth + 1);
      }
      return out;
    }
    case 'array': {
      const min = typeof merged.minItems === 'number' ? Math.max(1, merged.minItems) : 1;
      return Array.from({ length: Math.min(min, 3) }, () => sampleValue(ctx, at, merged.items ?? {}, name.replace(/s$/, ''), depth + 1));
    }
    case 'integer':
    case 'number':
      return typeof merged.minimum === 'number' ? Math.ceil(merged.minimum) : typeof merged.exclusiveMinimum === 'number' ? Math.floor(merged.exclusiveMinimum) + 1 : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string':
      return sampleString(ctx, merged, name);
    default:
      return typeof merged.pattern === 'string' ? sampleString(ctx, merged, name) : null;
  }
}

function sampleString(ctx: SampleContext, schema: Record<string, unknown>, name: string): string {
  if (schema.format === 'date-time') return timestamp(ctx.now);
  if (schema.format === 'date') return timestamp(ctx.now).slice(0, 10);
  if (schema.format === 'email') return 'someone@example.com';
  if (schema.format === 'uri') return 'https://example.com/';
  if (typeof schema.pattern === 'string') {
    const prefix = /^\^([a-z]+_)\[0-9a-f\]\{8\}-/.exec(schema.pattern);
    if (prefix) return prefix[1] + uuidV7(ctx.now, ctx.random);
  }
  const min = typeof schema.minLength === 'number' ? schema.minLength : 1;
  const text = name ? `example ${name.replace(/_/g, ' ')}` : 'example';
  return text.length >= min ? text : text.padEnd(min, '.');
}
