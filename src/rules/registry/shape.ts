/**
 * registry/shape: event-types-registry.json against the tool's own JSON Schema
 * (schemas/registry.schema.json, shipped with the package so editors can use it too). Every
 * other registry rule trusts the types this rule vouches for, and stays quiet where it fails.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { schemaFileTarget } from '../../core/precompiled.js';
import { ajv2020Module } from '../../schema/compile.js';
import { escapeSegment, getAtPointer, parsePointer } from '../../json/pointer.js';
import { REGISTRY_PATH } from '../../model/types.js';
import { defineRule, type Finding } from '../define.js';
import { isObject } from './common.js';
import { closest, didYouMean } from '../../core/did-you-mean.js';
import { SCHEMAS_DIR } from '../../core/package-files.js';

export const REGISTRY_SCHEMA_URL = new URL('registry.schema.json', SCHEMAS_DIR);

/**
 * What each pattern of the schema means, in words, keyed by the pattern itself (ajv reports
 * schema paths relative to whichever $ref it is in, so the pattern is the stable key).
 * test/rules/registry.test.ts checks that every pattern of the schema has an entry.
 */
export const PATTERN_HINTS: Record<string, string> = {
  '^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-((0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(\\.(0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?(\\+[0-9a-zA-Z-]+(\\.[0-9a-zA-Z-]+)*)?$':
    'a semantic version such as "1.4.0"',
  '^[a-z][a-z0-9_]*$': 'lower-case letters, digits and "_", starting with a letter, such as "service_area"',
  '^[a-z][a-z0-9]*_$': 'lower-case letters and digits ending in "_", such as "les_"',
  '^(person|system|system:[a-z][a-z0-9_-]*)$': '"person", "system" or "system:<domain>"',
  '^[1-9][0-9]*$': 'a positive integer without leading zeros: "1", "2", …',
  '^[a-z][a-z0-9-]*$': 'lower-case letters, digits and "-", starting with a letter, such as "finance-mart"',
  '\\.json$': 'a .json file relative to the contracts root, such as "<contract>/schema/payloads/<event_type>-v1.json"',
};

// verbose: errors carry their schema node, which the messages below read (allowed keys, patterns).
// validateSchema off: the schema is the tool's own (its tests validate it), so compiling the
// 2020-12 meta-schema here only to vouch for it would cost about 7% of a cold check.
const REGISTRY_OPTIONS = { allErrors: true, strict: false, verbose: true, unicodeRegExp: true, logger: false as const, validateSchema: false };

/** The registry schema's validator, generated at compile time (src/core/precompiled.ts). */
export const REGISTRY_TARGET = schemaFileTarget<ValidateFunction>('registry', REGISTRY_SCHEMA_URL, REGISTRY_OPTIONS, (options) => new (ajv2020Module().Ajv2020)(options));
const registryValidator = () => REGISTRY_TARGET.validator();

export default defineRule({
  id: 'registry/shape',
  severity: 'error',
  preset: 'minimal',
  description: 'event-types-registry.json must match the registry schema',
  help: 'The registry is validated against schemas/registry.schema.json, shipped with this tool: required fields, their types, allowed values and key formats, and no unknown keys (a misspelt key would otherwise be silently ignored). Each diagnostic points at the offending value or key; reference the schema with "$schema" in the registry to get the same checks in your editor.',
  check(model, report) {
    const registry = model.registry;
    if (!registry || !registry.file.doc.ok) return; // json/syntax reports a file that does not parse
    const value = registry.file.doc.value;
    const validate = registryValidator();
    if (validate(value)) return;
    const errors = validate.errors ?? [];
    for (const finding of describeErrors(value, errors)) report({ file: REGISTRY_PATH, ...finding });
  },
});

type ShapeFinding = Omit<Finding, 'file'>;

/** One finding per ajv error, minus the echoes: a misspelt required key is reported once, at the typo. */
export function describeErrors(root: unknown, errors: readonly ErrorObject[]): ShapeFinding[] {
  const findings: ShapeFinding[] = [];
  // Missing required keys that an unknown key next to them is a likely typo of: "prodcuer" → "producer".
  const explained = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const missing = errors.filter((r) => r.keyword === 'required' && r.instancePath === e.instancePath).map((r) => String(r.params.missingProperty));
    const match = closest(String(e.params.additionalProperty), missing);
    if (match !== undefined) explained.add(`${e.instancePath}\0${match}`);
  }
  for (const e of errors) {
    if ((e as { propertyName?: string }).propertyName !== undefined) continue; // the propertyNames error itself says it
    if (e.keyword === 'required' && explained.has(`${e.instancePath}\0${String(e.params.missingProperty)}`)) continue;
    findings.push(describeError(root, e));
  }
  return findings;
}

function describeError(root: unknown, e: ErrorObject): ShapeFinding {
  const where = describeLocation(e.instancePath);
  const value = getAtPointer(root, e.instancePath).value;
  const parent = isObject(e.parentSchema) ? e.parentSchema : {};
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return {
        pointer: e.instancePath,
        at: e.instancePath ? 'key' : 'value',
        message: `${where} is missing required property "${String(p.missingProperty)}"; add it`,
      };
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const allowed = isObject(parent.properties) ? Object.keys(parent.properties) : [];
      const suggestion = closest(key, allowed);
      const fix = suggestion !== undefined ? `did you mean "${suggestion}"?` : `remove it (allowed: ${allowed.join(', ')})`;
      return { pointer: `${e.instancePath}/${escapeSegment(key)}`, at: 'key', message: `${where} has unknown property "${key}"; ${fix}` };
    }
    case 'propertyNames': {
      const key = String(p.propertyName);
      const pattern = isObject(e.schema) && typeof e.schema.pattern === 'string' ? e.schema.pattern : '';
      const digits = key.replace(/[^0-9]/g, '').replace(/^0+/, '');
      const suggestion = pattern === '^[1-9][0-9]*$' && digits ? `; did you mean "${digits}"?` : '';
      return {
        pointer: `${e.instancePath}/${escapeSegment(key)}`,
        at: 'key',
        message: `${where} has an invalid key "${key}": keys must be ${PATTERN_HINTS[pattern] ?? `matching ${pattern}`}${suggestion}`,
      };
    }
    case 'type':
      return { pointer: e.instancePath, message: `${where} must be ${withArticle(String(p.type))}, not ${withArticle(jsonType(value))}` };
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      const suggestion = typeof value === 'string' ? didYouMean(value, (p.allowedValues as unknown[]).filter((v): v is string => typeof v === 'string')) : '';
      return { pointer: e.instancePath, message: `${where} is ${JSON.stringify(value)}, which is not one of ${allowed.join(', ')}${suggestion}` };
    }
    case 'pattern': {
      const pattern = String(p.pattern);
      return { pointer: e.instancePath, message: `${where} ${JSON.stringify(value)} is not valid: it must be ${PATTERN_HINTS[pattern] ?? `matching ${pattern}`}` };
    }
    case 'minLength':
      return { pointer: e.instancePath, message: `${where} must not be empty` };
    case 'minItems':
      return { pointer: e.instancePath, message: `${where} must list at least ${String(p.limit)} ${Number(p.limit) === 1 ? 'entry' : 'entries'}` };
    case 'uniqueItems': {
      // ajv: items i and j are equal, i > j; report the later one.
      const later = Math.max(Number(p.i), Number(p.j));
      const earlier = Math.min(Number(p.i), Number(p.j));
      const item = getAtPointer(root, `${e.instancePath}/${later}`).value;
      return { pointer: `${e.instancePath}/${later}`, message: `${where} lists ${JSON.stringify(item)} twice (entries ${earlier} and ${later}); remove the duplicate` };
    }
    default:
      return { pointer: e.instancePath, message: `${where} ${e.message ?? `fails ${e.keyword}`}` };
  }
}

/** `event type "lesson.delivered": actors[1]`: what a pointer into the registry is, in words. */
export function describeLocation(pointer: string): string {
  const s = parsePointer(pointer) ?? [];
  const [first] = s;
  if (first === undefined) return 'the registry';
  let head: string;
  let rest: string[];
  if (s[0] === 'id_kinds' && s.length >= 2) {
    head = `id kind "${s[1]}"`;
    rest = s.slice(2);
  } else if (s[0] === 'event_types' && s.length >= 2) {
    head = `event type "${s[1]}"`;
    rest = s.slice(2);
    if (rest[0] === 'versions' && rest.length >= 2) {
      head += ` version "${rest[1]}"`;
      rest = rest.slice(2);
    }
  } else if ((s[0] === 'services' || s[0] === 'flows') && s.length >= 2) {
    head = `${s[0] === 'services' ? 'service' : 'flow'} "${s[1]}"`;
    rest = s.slice(2);
  } else {
    head = first;
    rest = s.slice(1);
  }
  if (rest.length === 0) return head;
  const path = rest.map((seg, i) => (i > 0 && /^(0|[1-9][0-9]*)$/.test(seg) ? `[${seg}]` : (i > 0 ? '.' : '') + seg)).join('');
  return head === s[0] ? `${head}${path.startsWith('[') ? '' : '.'}${path}` : `${head}: ${path}`;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function withArticle(type: string): string {
  if (type === 'null') return 'null';
  return (/^[aeiou]/.test(type) ? 'an ' : 'a ') + type;
}
