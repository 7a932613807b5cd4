/**
 * Turns a contract schema into the schema json-schema-to-typescript compiles, so that it never
 * resolves a `$ref` itself (src/schema/refs.ts is the one resolver) and names exactly what we
 * decided:
 * - a `$ref` to a shared definition (an ID, another shared schema) becomes a `tsType` marker
 *   naming the type emitted once in the shared section;
 * - a `$ref` into a payload file is inlined as one shared object per target, so a definition
 *   used twice is still one type;
 * - the root is titled with the interface name, named nested objects `<Interface><Property>`
 *   and local definitions `<Interface><Definition>`; every other title is folded into the doc
 *   comment, so json-schema-to-typescript never invents a name of its own;
 * - keywords that only validate (`not`, `if`, assertion-only `anyOf` branches such as a list
 *   of patterns) are dropped: they cannot be expressed as types and would otherwise turn into
 *   odd intersections with index signatures.
 */
import type { ContractSet } from '../model/types.js';
import { resolveRef } from '../schema/refs.js';
import { copyKeywords, define, isSchemaObject, own, type SchemaNode, type Step } from './schema-copy.js';
import { isPayloadFile, pointerTypeName, typeName, type TypePlan } from './type-plan.js';

/** Keywords json-schema-to-typescript would use to name or inject types, or that only matter to validation. */
const DROPPED = new Set([
  '$ref', '$id', 'id', '$schema', '$anchor', '$dynamicAnchor', '$dynamicRef', '$comment', '$defs', 'definitions', '$vocabulary',
  'title', 'description', 'tsType', 'tsEnumNames',
  'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'dependentSchemas', 'dependencies', 'unevaluatedItems', 'unevaluatedProperties', 'contentSchema',
]);

/** Keywords that say nothing about a value's type: a subschema made only of these adds no type information. */
const ASSERTION_ONLY = new Set([
  'description', 'pattern', 'format', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minItems', 'maxItems', 'uniqueItems', 'minContains', 'maxContains', 'minProperties', 'maxProperties', 'required', 'dependentRequired',
  'contentEncoding', 'contentMediaType', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly',
]);

const ANNOTATIONS = new Set(['title', 'description', '$comment', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly']);

/**
 * Constraints a type cannot say, shown to the user in the doc comment as `@minimum 1` and so on
 * (json-schema-to-typescript writes `@minItems`/`@maxItems` itself).
 */
const DOC_CONSTRAINTS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'pattern', 'format', 'uniqueItems', 'minProperties', 'maxProperties'];

export function docOf(node: SchemaNode): string | undefined {
  const parts = [node.title, node.description].filter((s): s is string => typeof s === 'string' && s.trim() !== '');
  const tags = DOC_CONSTRAINTS.filter((k) => Object.hasOwn(node, k) && ['string', 'number', 'boolean'].includes(typeof node[k]))
    // A `*/` in a pattern would end the comment early.
    .map((k) => `@${k} ${String(node[k]).replaceAll('*/', '*\\/').replaceAll('\n', ' ')}`);
  if (tags.length) parts.push(tags.join('\n'));
  return parts.length ? parts.join('\n\n') : undefined;
}

export class TypeSchemaBuilder {
  private readonly memo = new Map<string, unknown>();

  /**
   * @param rootFile the file whose schema is converted; `$ref`s into payload files are inlined
   *   only when converting a payload (`inlinePayloadRefs`), shared schemas reference everything by name.
   * @param taken every type name already in use; nested names that are taken stay anonymous.
   */
  constructor(
    private readonly model: ContractSet,
    private readonly plan: TypePlan,
    private readonly rootFile: string,
    private readonly rootName: string,
    private readonly taken: Set<string>,
    private readonly inlinePayloadRefs: boolean,
  ) {}

  /** The converted root schema, titled with the root name. */
  root(value: unknown): unknown {
    if (!isSchemaObject(value)) return value;
    const out: Record<string, unknown> = {};
    this.memo.set(`${this.rootFile}#`, out);
    if (typeof value.$ref === 'string') {
      // A root that is only a reference still gets the root name, as an alias of its target.
      define(out, 'title', this.rootName);
      define(out, 'allOf', [this.ref(value, this.rootFile, this.rootName)]);
      return out;
    }
    this.fill(out, value, this.rootFile, this.rootName, this.rootName);
    return out;
  }

  private claim(name: string): string | undefined {
    if (!name || this.taken.has(name)) return undefined;
    this.taken.add(name);
    return name;
  }

  private convert(value: unknown, file: string, hint: string, nameable: boolean): unknown {
    if (!isSchemaObject(value)) return value;
    if (typeof value.$ref === 'string') return this.ref(value, file, hint);
    const out: Record<string, unknown> = {};
    const name = nameable && isSchemaObject(value.properties) ? this.claim(hint) : undefined;
    this.fill(out, value, file, hint, name);
    return out;
  }

  private fill(out: Record<string, unknown>, value: SchemaNode, file: string, hint: string, name: string | undefined): void {
    if (name) define(out, 'title', name);
    const doc = docOf(value);
    if (doc) define(out, 'description', doc);
    copyKeywords(value, (child, step) => this.convert(child, file, childHint(hint, step), isNameable(step)), typeData, out, DROPPED);
    pruneAssertions(out);
  }

  private ref(node: SchemaNode, file: string, hint: string): unknown {
    const target = resolveRef(this.model, file, node.$ref as string);
    const siblings = Object.keys(node).filter((k) => k !== '$ref' && !DROPPED.has(k));
    const doc = docOf(node);
    let type: unknown;
    if (target.kind !== 'local') {
      type = { tsType: 'unknown' };
    } else {
      const key = `${target.file}#${target.pointer}`;
      const shared = this.plan.shared.get(key);
      if (!this.inlinePayloadRefs || !isPayloadFile(this.model, target.file)) {
        type = { tsType: shared?.name ?? (key === `${this.rootFile}#` ? this.rootName : 'unknown') };
      } else {
        type = this.memo.get(key);
        if (type === undefined) {
          if (!isSchemaObject(target.value)) {
            type = target.value;
          } else {
            const out: Record<string, unknown> = {};
            this.memo.set(key, out);
            const defHint = this.rootName + pointerTypeName(target.pointer);
            this.fill(out, target.value, target.file, defHint, this.claim(defHint));
            type = out;
          }
          this.memo.set(key, type);
        }
      }
    }
    const isMarker = isSchemaObject(type) && own(type, 'tsType');
    if (!siblings.some((k) => !ANNOTATIONS.has(k))) {
      if (!doc) return type;
      // A marker is a fresh object: the property's own description goes straight on it.
      if (isMarker) return { ...(type as object), description: doc };
      return { description: doc, allOf: [type] };
    }
    // Sibling keywords constrain the value too (2020-12): keep them, intersected with the target.
    const rest: Record<string, unknown> = {};
    const withoutRef = Object.fromEntries(Object.entries(node).filter(([k]) => k !== '$ref'));
    this.fill(rest, withoutRef, file, hint, undefined);
    define(rest, 'allOf', [...(Array.isArray(rest.allOf) ? rest.allOf : []), type]);
    return rest;
  }
}

function childHint(hint: string, [keyword, key]: Step): string {
  if (keyword === 'properties') return hint + typeName(String(key));
  if (keyword === 'items') return hint + 'Item';
  if (keyword === 'additionalProperties' || keyword === 'patternProperties') return hint + 'Value';
  return hint;
}

function isNameable([keyword, key]: Step): boolean {
  return keyword === 'properties' || (keyword === 'items' && key === undefined) || keyword === 'additionalProperties' || keyword === 'patternProperties';
}

/**
 * The value of a keyword that holds data, not a subschema, as json-schema-to-typescript gets it.
 * Its $ref parser follows every `"$ref"` member it meets, data included, so an example such as
 * `{"$ref": "#/components/schemas/Pet"}` (AsyncAPI's own schema has them) would fail the build
 * of a schema `check` accepts. `examples` never shapes a type and `default` does only as a
 * primitive (it types a schema without `type`); any other data holding a `"$ref"` member goes too.
 */
function typeData(key: string, value: unknown): unknown {
  if (key === 'examples') return undefined;
  if (key === 'default') return value === null || typeof value !== 'object' ? value : undefined;
  return holdsRefMember(value) ? undefined : value;
}

function holdsRefMember(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsRefMember);
  return value !== null && typeof value === 'object' && (Object.hasOwn(value, '$ref') || Object.values(value).some(holdsRefMember));
}

function assertionOnly(branch: unknown): boolean {
  if (branch === true) return true;
  return isSchemaObject(branch) && Object.keys(branch).every((k) => ASSERTION_ONLY.has(k));
}

/**
 * `anyOf`/`oneOf` with a branch that carries no type information cannot narrow the type, so the
 * whole combinator goes; in `allOf` such branches are simply dropped.
 */
function pruneAssertions(out: Record<string, unknown>): void {
  for (const key of ['anyOf', 'oneOf']) {
    const list = out[key];
    if (own(out, key) && Array.isArray(list) && list.some(assertionOnly)) delete out[key];
  }
  const all = out.allOf;
  if (own(out, 'allOf') && Array.isArray(all)) {
    const kept = all.filter((b) => !assertionOnly(b));
    if (kept.length) out.allOf = kept;
    else delete out.allOf;
  }
}
