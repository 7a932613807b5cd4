import { joinPointer } from '../../json/pointer.js';
import type { ContractSet } from '../../model/types.js';
import { isSchemaObject } from '../../schema/walk.js';
import type { Report } from '../define.js';
import { defineRule } from '../define.js';
import { lookupKeyword, OPTIONAL_FIELDS, own, REQUIRED_FIELDS, usableSchema } from './common.js';

const REQUIRED = new Set<string>(REQUIRED_FIELDS);
const OPTIONAL = new Set<string>(OPTIONAL_FIELDS);
const REQUIRED_LIST = REQUIRED_FIELDS.join(', ');

export default defineRule({
  id: 'envelope/required-fields',
  severity: 'error',
  preset: 'minimal',
  description: 'The envelope must require its seven fields, define the optional ones, and type them correctly',
  help: 'Consumers rely on every event carrying event_id, event_type, schema_version, occurred_at, producer, envelope_version and payload, and on subject, actor and correlation_id being optional but well defined. The envelope schema must list exactly those seven in "required", define all ten in "properties", and give schema_version an integer type, occurred_at a date-time format, payload an object type and producer a non-empty enum of strings.',
  check(model, report) {
    const envelope = usableSchema(model.envelope);
    if (!envelope) return;
    const { file, root } = envelope;
    const path = file.path;

    const required = own(root, 'required');
    if (required === undefined) {
      report({ file: path, pointer: '', message: `the envelope has no "required" list, so events missing their core fields pass; add "required": [${REQUIRED_FIELDS.map((f) => `"${f}"`).join(', ')}]` });
    } else if (!Array.isArray(required)) {
      report({ file: path, pointer: '/required', message: `"required" must be an array of field names; use [${REQUIRED_FIELDS.map((f) => `"${f}"`).join(', ')}]` });
    } else {
      const listed = new Set(required.filter((r): r is string => typeof r === 'string'));
      for (const field of REQUIRED_FIELDS) {
        if (!listed.has(field)) report({ file: path, pointer: '/required', message: `the envelope does not require "${field}"; add it to "required" (every event carries ${REQUIRED_LIST})` });
      }
      required.forEach((name, index) => {
        if (typeof name !== 'string' || REQUIRED.has(name)) return;
        const pointer = joinPointer('/required', index);
        if (OPTIONAL.has(name)) {
          report({ file: path, pointer, message: `"${name}" is required, but it is one of the envelope's optional fields (${OPTIONAL_FIELDS.join(', ')}); remove it from "required" so events without it stay valid` });
        } else {
          report({ file: path, pointer, message: `"${name}" is required, but it is not an envelope field (required are exactly ${REQUIRED_LIST}); remove it from "required" and carry the value in the payload` });
        }
      });
    }

    const properties = own(root, 'properties');
    if (!isSchemaObject(properties)) {
      report({ file: path, pointer: properties === undefined ? '' : '/properties', message: `the envelope has no "properties" object, so its fields are not validated; define ${[...REQUIRED_FIELDS, ...OPTIONAL_FIELDS].join(', ')} under "properties"` });
      return;
    }
    for (const field of [...REQUIRED_FIELDS, ...OPTIONAL_FIELDS]) {
      if (own(properties, field) === undefined) {
        const kind = REQUIRED.has(field) ? 'required' : 'optional';
        report({ file: path, pointer: '/properties', message: `the envelope does not define its ${kind} field "${field}" in "properties"; add a schema for it` });
      }
    }
    checkTypes(model, path, properties, report);
  },
});

/** The four type facts consumers depend on; each is looked up through `$ref` where the property uses one. */
function checkTypes(model: ContractSet, path: string, properties: Record<string, unknown>, report: Report): void {
  const expectKeyword = (field: string, keyword: string, ok: (value: unknown) => boolean, wanted: string) => {
    if (!isSchemaObject(own(properties, field))) return;
    const found = lookupKeyword(model, path, joinPointer('/properties', field), keyword);
    if (found.kind === 'unresolved') return;
    if (found.kind === 'found' && ok(found.value)) return;
    const actual = found.kind === 'found' ? `is ${JSON.stringify(found.value)}` : 'is not set';
    report({ file: found.file, pointer: found.pointer, message: `envelope field "${field}": "${keyword}" ${actual}; it must be ${wanted}` });
  };
  const isType = (type: string) => (value: unknown) => value === type || (Array.isArray(value) && value.length === 1 && value[0] === type);
  expectKeyword('schema_version', 'type', isType('integer'), '"integer" (schema versions are whole numbers: 1, 2, …)');
  expectKeyword('occurred_at', 'type', isType('string'), '"string" (an RFC 3339 timestamp)');
  expectKeyword('occurred_at', 'format', (v) => v === 'date-time', '"date-time", so timestamps are validated as RFC 3339');
  expectKeyword('payload', 'type', isType('object'), '"object" (the event-specific body, validated by its payload schema)');
  expectKeyword(
    'producer',
    'enum',
    (v) => Array.isArray(v) && v.length > 0 && v.every((p) => typeof p === 'string' && p !== ''),
    'a non-empty list of producer names (e.g. ["platform", "growth", …]) that registry entries choose from',
  );
}
