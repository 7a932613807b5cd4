import { joinPointer } from '../../json/pointer.js';
import type { ContractSet } from '../../model/types.js';
import { dialectTools } from '../../schema/dialect-tools.js';
import { followRefs } from '../../schema/ref-index.js';
import { typeList } from '../../schema/schema-problems.js';
import { schemaIndex } from '../../schema/schema-index.js';
import { isSchemaObject } from '../../schema/walk.js';
import { defineRule } from '../define.js';

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

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
          if (problem) report({ file: schema.path, pointer: problem.pointer, message: problem.message });
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
