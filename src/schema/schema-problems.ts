/**
 * Why a schema is not a valid JSON Schema, found without compiling it: ajv's meta-schema
 * validation plus our own walk for everything ajv's strict mode would reject at compile time
 * (unknown keywords, unknown formats, keywords that can never apply, unsatisfiable `required`,
 * ignored `additionalItems`, invalid regular expressions, duplicate anchors). ajv reports strict
 * problems without positions and stops at the first; the walk finds all of them, each at its
 * exact key or value.
 *
 * References are deliberately not examined here: the schema/ref-* rules own them.
 */
import type { ErrorObject } from 'ajv';
import { getAtPointer, joinPointer, parsePointer } from '../json/pointer.js';
import type { Dialect } from './compile.js';
import { dialectTools, JSON_TYPES, type DialectTools } from './dialect-tools.js';
import type { SchemaNodeAt } from './schema-index.js';
import { closest } from '../core/did-you-mean.js';
import { isSchemaObject, walkSchema, type SchemaNode } from './walk.js';

export interface SchemaProblem {
  pointer: string;
  at: 'key' | 'value';
  message: string;
}

export interface SchemaProblemOptions {
  /** The schema's subschemas in walkSchema order, when the caller already has them. */
  nodes?: readonly SchemaNodeAt[];
  /**
   * The root must be an object schema and a wrong root "type" is reported elsewhere
   * (schema/payload-not-object): object keywords at the root are then not reported again.
   */
  rootIsObject?: boolean;
}

export function schemaProblems(value: unknown, dialect: Dialect, options: SchemaProblemOptions = {}): SchemaProblem[] {
  let nodes = options.nodes;
  const tools = dialectTools(dialect);
  const problems: SchemaProblem[] = [];
  const errors = tools.validateMeta(value);
  if (errors?.length) problems.push(...metaProblems(errors, value, dialect));
  // A root that is not a schema object has been reported by the meta-schema; nothing to walk.
  if (isSchemaObject(value)) {
    if (!nodes) {
      const walked: SchemaNodeAt[] = [];
      walkSchema(value, (node, pointer) => void walked.push({ node, pointer }));
      nodes = walked;
    }
    problems.push(...strictProblems(nodes, tools, options.rootIsObject === true));
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Meta-schema errors: ajv reports one error per failed branch (an `anyOf` on "type" gives three,
// a non-schema under "properties" gives eight identical ones). Keep one finding per location.

const ALTERNATIVES = new Set(['anyOf', 'oneOf', 'if', 'not']);

function metaProblems(errors: readonly ErrorObject[], root: unknown, dialect: Dialect): SchemaProblem[] {
  const groups = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    let group = groups.get(e.instancePath);
    if (!group) groups.set(e.instancePath, (group = []));
    group.push(e);
  }
  const problems: SchemaProblem[] = [];
  for (const [pointer, group] of groups) {
    const segments = parsePointer(pointer) ?? [];
    // "$schema" belongs to schema/dialect.
    if (segments.at(-1) === '$schema') continue;
    const concrete = group.filter((e) => !ALTERNATIVES.has(e.keyword));
    const pick = concrete.find((e) => e.keyword === 'enum') ?? concrete[0] ?? group[0]!; // a group has one error at least
    const orArray = pick.keyword === 'enum' && concrete.some((e) => e.keyword === 'type' && (e.params as { type?: unknown }).type === 'array');
    if (pick.keyword === 'uniqueItems') {
      // Point at the repeated item itself.
      const { i, j } = pick.params as { i: number; j: number };
      const item = getAtPointer(root, joinPointer(pointer, Math.max(i, j)));
      problems.push({
        pointer: joinPointer(pointer, Math.max(i, j)),
        at: 'value',
        message: `${label(segments)} repeats ${describeValue(item.value)} (already item ${Math.min(i, j)}); remove the duplicate`,
      });
      continue;
    }
    const found = getAtPointer(root, pointer);
    // A misspelt keyword value ("int" for "integer") gets the likely one named.
    const allowed = pick.keyword === 'enum' ? ((pick.params as { allowedValues?: unknown[] }).allowedValues ?? []).filter((v): v is string => typeof v === 'string') : [];
    const near = typeof found.value === 'string' && allowed.length ? closest(found.value, allowed) : undefined;
    problems.push({
      pointer,
      at: 'value',
      message: `${label(segments)} ${metaBody(pick, orArray)}${found.found ? ` (found ${describeValue(found.value)})` : ''}; ${near !== undefined ? `did you mean "${near}"?` : `correct it as JSON Schema ${dialect} requires`}`,
    });
  }
  return problems;
}

const MAP_KEYWORDS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies']);
const LIST_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items']);

function label(segments: string[]): string {
  const last = segments.at(-1);
  if (last === undefined) return 'the file';
  const parent = segments[segments.length - 2];
  if (parent !== undefined && MAP_KEYWORDS.has(parent)) return `the schema of "${parent}" entry "${last}"`;
  if (parent !== undefined && LIST_KEYWORDS.has(parent) && /^[0-9]+$/.test(last)) return `"${parent}" item ${last}`;
  return `"${last}"`;
}

function metaBody(e: ErrorObject, orArray: boolean): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type': {
      const types = Array.isArray(p.type) ? (p.type as string[]) : String(p.type).split(',');
      if (types.includes('object') && types.includes('boolean')) return 'must be a schema (an object, or true/false)';
      return `must be ${types.map(withArticle).join(' or ')}`;
    }
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}${orArray ? ' (or an array of them)' : ''}`;
    case 'pattern':
      return `must match ${String(p.pattern)}`;
    default:
      return (e.message ?? `fails "${e.keyword}"`).replace(/NOT/g, 'not');
  }
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

// ---------------------------------------------------------------------------------------------
// Strict-mode checks, by walking the schema once.

/** Subschemas that apply to the same instance as their parent: they inherit its types. */
const IN_PLACE_SINGLE = ['if', 'then', 'else'];
const IN_PLACE_LIST = ['allOf', 'anyOf', 'oneOf'];
const has = (o: object, k: string) => Object.hasOwn(o, k);

function strictProblems(nodes: readonly SchemaNodeAt[], tools: DialectTools, rootIsObject: boolean): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  // Subtrees under a keyword the dialect does not know are not schemas to the validator.
  const dead = new Set<string>();
  // Types allowed by in-place ancestors (allOf/anyOf/oneOf/if/then/else), by pointer.
  const contextTypes = new Map<string, { types: string[]; from: string }>();
  const anchors = new Map<string, string>();

  for (const { node, pointer } of nodes) {
    if (dead.size && underDead(pointer, dead)) continue;
    const own = typeList(node.type);
    const context = contextTypes.get(pointer);
    let effective = own ?? context?.types;
    if (own && context) {
      for (const t of own) {
        if (!narrow([t], context.types).length) {
          problems.push({
            pointer: joinPointer(pointer, 'type'),
            at: 'value',
            message: `type "${t}" can never match here: the enclosing schema at ${context.from || '(root)'} only allows ${context.types.join(', ')}; remove it or fix one of the two "type"s`,
          });
        }
      }
      effective = narrow(own, context.types);
    }
    const typed = effective !== undefined && effective.length > 0;

    // One pass over the keys: unknown keywords, and keywords the allowed types make pointless.
    for (const key of Object.keys(node)) {
      if (!tools.keywords.has(key)) {
        const hint = tools.unknownHint(key);
        const guess = hint ? undefined : closest(key, tools.keywords);
        problems.push({
          pointer: joinPointer(pointer, key),
          at: 'key',
          message: hint ?? `unknown keyword "${key}": validators ignore it and ajv's strict mode rejects it; ${guess ? `did you mean "${guess}"? ` : ''}remove or rename it (put notes in "description" or "$comment")`,
        });
        dead.add(joinPointer(pointer, key));
        continue;
      }
      if (!typed) continue;
      const applies = tools.keywordTypes.get(key);
      if (!applies || applies.some((t) => hasApplicableType(effective!, t))) continue;
      if (rootIsObject && pointer === '' && applies.includes('object')) continue;
      problems.push({
        pointer: joinPointer(pointer, key),
        at: 'key',
        message: `"${key}" applies only to ${applies.map(plural).join(' and ')}, but ${own ? 'this schema\'s "type"' : `the enclosing schema at ${context!.from || '(root)'}`} allows only ${effective!.join(', ')}: it has no effect; remove it or fix "type"`,
      });
    }

    if (typed) {
      const inherited = { types: effective!, from: own ? pointer : context!.from };
      for (const key of IN_PLACE_SINGLE) if (has(node, key)) contextTypes.set(joinPointer(pointer, key), inherited);
      for (const key of IN_PLACE_LIST) {
        const list = has(node, key) ? node[key] : undefined;
        if (Array.isArray(list)) list.forEach((_, i) => contextTypes.set(joinPointer(pointer, key, i), inherited));
      }
    }

    checkRequired(node, pointer, problems);
    checkAdditionalItems(node, pointer, tools, problems);
    checkFormat(node, pointer, tools, problems);
    checkPatterns(node, pointer, problems);
    for (const key of ['$anchor', '$dynamicAnchor']) {
      const anchor = has(node, key) ? node[key] : undefined;
      if (typeof anchor !== 'string' || !tools.keywords.has(key)) continue;
      const first = anchors.get(anchor);
      if (first !== undefined && first !== pointer) {
        problems.push({
          pointer: joinPointer(pointer, key),
          at: 'value',
          message: `anchor "${anchor}" is already declared at ${first || '(root)'}; anchors must be unique within a schema file, so "#${anchor}" would be ambiguous: rename one of them`,
        });
      } else anchors.set(anchor, pointer);
    }
  }
  return problems;
}

function underDead(pointer: string, dead: Set<string>): boolean {
  for (let p = pointer; p.length > 0; p = p.slice(0, p.lastIndexOf('/'))) if (dead.has(p)) return true;
  return false;
}

/** The valid type names of a "type" keyword, or undefined when there is none (or it is malformed). */
export function typeList(type: unknown): string[] | undefined {
  const list = typeof type === 'string' ? [type] : Array.isArray(type) ? type : undefined;
  if (!list || !list.length || !list.every((t) => typeof t === 'string' && JSON_TYPES.has(t))) return undefined;
  return list as string[];
}

/** The types both allow: "integer" and "number" meet at "integer". */
function narrow(own: readonly string[], context: readonly string[]): string[] {
  const out = new Set<string>();
  for (const t of own) {
    if (context.includes(t)) out.add(t);
    else if ((t === 'integer' && context.includes('number')) || (t === 'number' && context.includes('integer'))) out.add('integer');
  }
  return [...out];
}

function hasApplicableType(types: readonly string[], keywordType: string): boolean {
  return types.includes(keywordType) || (keywordType === 'number' && types.includes('integer'));
}

function plural(type: string): string {
  return type === 'number' ? 'numbers' : type === 'string' ? 'strings' : type === 'array' ? 'arrays' : type === 'object' ? 'objects' : `${type} values`;
}

/** `required` naming a property that `additionalProperties: false` forbids: no value can ever be valid. */
function checkRequired(node: SchemaNode, pointer: string, problems: SchemaProblem[]): void {
  if (node.additionalProperties !== false || !Array.isArray(node.required)) return;
  const properties = isSchemaObject(node.properties) ? node.properties : {};
  const patterns: RegExp[] = [];
  if (isSchemaObject(node.patternProperties)) {
    for (const source of Object.keys(node.patternProperties)) {
      try {
        patterns.push(new RegExp(source, 'u'));
      } catch {
        // reported by checkPatterns
      }
    }
  }
  node.required.forEach((name, i) => {
    if (typeof name !== 'string' || has(properties, name) || patterns.some((p) => p.test(name))) return;
    const guess = closest(name, Object.keys(properties));
    problems.push({
      pointer: joinPointer(pointer, 'required', i),
      at: 'value',
      message: `required property "${name}" is not declared in "properties", and "additionalProperties": false forbids it, so no value can ever be valid; ${guess ? `did you mean "${guess}"? ` : ''}declare it in "properties" or remove it from "required"`,
    });
  });
}

/** draft-07: `additionalItems` only means something next to an array (tuple) `items`. */
function checkAdditionalItems(node: SchemaNode, pointer: string, tools: DialectTools, problems: SchemaProblem[]): void {
  if (!has(node, 'additionalItems') || !tools.keywords.has('additionalItems') || Array.isArray(node.items)) return;
  problems.push({
    pointer: joinPointer(pointer, 'additionalItems'),
    at: 'key',
    message: `"additionalItems" is ignored because "items" is ${has(node, 'items') ? 'a single schema, not an array of schemas' : 'absent'}; remove it, or put the constraint in "items"`,
  });
}

function checkFormat(node: SchemaNode, pointer: string, tools: DialectTools, problems: SchemaProblem[]): void {
  const format = has(node, 'format') ? node.format : undefined;
  if (typeof format !== 'string' || tools.formats.includes(format)) return;
  const guess = closest(format, tools.formats);
  problems.push({
    pointer: joinPointer(pointer, 'format'),
    at: 'value',
    message: `unknown format "${format}": validators ignore it, so nothing is checked; ${guess ? `did you mean "${guess}"? ` : ''}use one of ${tools.formats.join(', ')}`,
  });
}

/** Patterns are compiled as ajv compiles them (Unicode mode), one `new RegExp` each. */
function checkPatterns(node: SchemaNode, pointer: string, problems: SchemaProblem[]): void {
  const pattern = has(node, 'pattern') ? node.pattern : undefined;
  if (typeof pattern === 'string') {
    const error = regexError(pattern);
    if (error) problems.push({ pointer: joinPointer(pointer, 'pattern'), at: 'value', message: `pattern ${JSON.stringify(pattern)} is not a valid regular expression (${error}); JSON Schema patterns are ECMA-262 regular expressions in Unicode mode: fix or escape it` });
  }
  if (isSchemaObject(node.patternProperties)) {
    for (const source of Object.keys(node.patternProperties)) {
      const error = regexError(source);
      if (error) problems.push({ pointer: joinPointer(pointer, 'patternProperties', source), at: 'key', message: `patternProperties key ${JSON.stringify(source)} is not a valid regular expression (${error}); JSON Schema patterns are ECMA-262 regular expressions in Unicode mode: fix or escape it` });
    }
  }
}

function regexError(source: string): string | undefined {
  try {
    new RegExp(source, 'u');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
