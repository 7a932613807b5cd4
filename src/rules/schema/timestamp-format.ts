import { joinPointer } from '../../json/pointer.js';
import type { ContractSet } from '../../model/types.js';
import { dialectTools } from '../../schema/dialect-tools.js';
import { followRefs } from '../../schema/ref-index.js';
import { typeList } from '../../schema/schema-problems.js';
import { schemaIndex } from '../../schema/schema-index.js';
import { isSchemaObject } from '../../schema/walk.js';
import type { Fix } from '../../diagnostics/fix.js';
import { defineRule } from '../define.js';

const has = (o: object, k: string) => Object.hasOwn(o, k);

interface Shape {
  type?: unknown;
  format?: unknown;
  /** Where "type" / "format" were found, when in the property's own schema. */
  ownType: boolean;
  ownFormat: boolean;
}

export default defineRule({
  id: 'schema/timestamp-format',
  severity: 'error',
  preset: 'recommended',
  description: 'Every "*_at" property must be a string with "format": "date-time"',
  fixable: 'sets "type": "string" and "format": "date-time" on a "*_at" property that declares them itself and is a string (or has no type); an integer or a referenced definition is left to a person',
  help: 'By convention a property named "*_at" is a point in time, exchanged as an RFC 3339 string ("2026-05-04T16:00:00Z"). Without "format": "date-time" any string passes validation and code generators produce a plain string; another type (an epoch number, a date) breaks every consumer that follows the convention. Declare "type": "string", "format": "date-time" (directly or through a "$ref"; allowing null as well is fine), or rename a property that is not a timestamp.',
  check(model, report) {
    const formats = new Set(dialectTools('2020-12').formats);
    for (const { schema, nodes } of schemaIndex(model)) {
      for (const { node, pointer } of nodes) {
        if (!isSchemaObject(node.properties)) continue;
        for (const name of Object.keys(node.properties)) {
          if (name.length <= 3 || !name.endsWith('_at')) continue;
          const at = joinPointer(pointer, 'properties', name);
          const problem = check(model, schema.path, at, node.properties[name], name, formats, 0);
          if (problem) report({ file: schema.path, pointer: problem.pointer, message: problem.message, ...fixFor(node.properties[name], at, schema.path, name) });
        }
      }
    }
  },
});

function check(model: ContractSet, file: string, pointer: string, value: unknown, name: string, formats: Set<string>, depth: number): { pointer: string; message: string } | undefined {
  if (!isSchemaObject(value)) {
    return { pointer, message: `"${name}" is \`${JSON.stringify(value)}\`, but a *_at property holds a timestamp; use {"type": "string", "format": "date-time"}` };
  }
  // A nullable timestamp written as anyOf/oneOf: every non-null branch must be a timestamp.
  if (!has(value, 'type') && !has(value, 'format') && !has(value, '$ref') && depth < 4) {
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      const branches = value[keyword];
      if (!Array.isArray(branches)) continue;
      for (const [i, branch] of branches.entries()) {
        if (isSchemaObject(branch) && typeList(branch.type)?.join() === 'null') continue;
        const problem = check(model, file, joinPointer(pointer, keyword, i), branch, name, formats, depth + 1);
        if (problem) return problem;
      }
      return undefined;
    }
  }
  const shape = shapeOf(model, file, pointer, value);
  if (!shape) return undefined; // behind an unresolved reference: the schema/ref-* rules report it
  const types = typeList(shape.type);
  if (shape.type !== undefined && !types) return undefined; // malformed "type": schema/invalid
  const typeOk = types !== undefined && types.includes('string') && types.every((t) => t === 'string' || t === 'null');
  if (!typeOk) {
    return {
      pointer: shape.ownType ? joinPointer(pointer, 'type') : pointer,
      message: types
        ? `"${name}" has "type": ${JSON.stringify(shape.type)}, but a *_at property holds an RFC 3339 timestamp string; use "type": "string", "format": "date-time" (or rename the property if it is not a timestamp)`
        : `"${name}" has no "type", but a *_at property holds an RFC 3339 timestamp string; add "type": "string", "format": "date-time"`,
    };
  }
  if (shape.format === 'date-time') return undefined;
  if (typeof shape.format === 'string' && !formats.has(shape.format)) return undefined; // unknown format: schema/invalid
  if (typeof shape.format === 'string') {
    return {
      pointer: shape.ownFormat ? joinPointer(pointer, 'format') : pointer,
      message: `"${name}" has "format": "${shape.format}", but a *_at property is a point in time; use "format": "date-time"${shape.format === 'date' ? ' (or rename it, e.g. to "…_on", if it is a calendar date)' : ''}`,
    };
  }
  return { pointer, message: `"${name}" has no "format": "date-time", so any string passes as a timestamp; add "format": "date-time"` };
}

/** "type" and "format" as seen through a chain of references (the nearest declaration wins). */
function shapeOf(model: ContractSet, file: string, pointer: string, value: Record<string, unknown>): Shape | undefined {
  const { chain, broken } = followRefs(model, { file, pointer, value });
  if (broken) return undefined;
  const shape: Shape = { ownType: has(value, 'type'), ownFormat: has(value, 'format') };
  for (const step of chain) {
    if (!isSchemaObject(step.value)) break;
    if (shape.type === undefined && has(step.value, 'type')) shape.type = step.value.type;
    if (shape.format === undefined && has(step.value, 'format')) shape.format = step.value.format;
  }
  return shape;
}

/** The safe repair: the property's own schema, with type string and format date-time, when nothing else decides its type. */
function fixFor(value: unknown, pointer: string, file: string, name: string): { fix?: Fix } {
  if (!isSchemaObject(value) || has(value, '$ref') || has(value, 'anyOf') || has(value, 'oneOf') || has(value, 'allOf')) return {};
  const types = has(value, 'type') ? typeList(value.type) : [];
  if (!types || types.some((t) => t !== 'string' && t !== 'null')) return {}; // an epoch number: a breaking change, a person's call
  const type = types.includes('null') ? ['string', 'null'] : 'string';
  const fixed: Record<string, unknown> = {};
  // Keep the key order, with type and format where a reader expects them.
  for (const [k, v] of Object.entries(value)) {
    if (k === 'format') continue;
    fixed[k] = k === 'type' ? type : v;
    if (k === 'type') fixed.format = 'date-time';
  }
  if (!has(fixed, 'type')) return { fix: { description: `set "${name}" to "type": "string", "format": "date-time"`, edits: [{ op: 'replace', file, pointer, value: { type, format: 'date-time', ...fixed } }] } };
  return { fix: { description: `set "format": "date-time" on "${name}"`, edits: [{ op: 'replace', file, pointer, value: fixed }] } };
}
