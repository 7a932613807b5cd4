/**
 * Every change kind the differ can report, as data: the id (stable, Confluent-style), what it
 * does to the set of valid instances, and a one-line description. docs/diff.md documents each
 * of them and a test keeps the two in step.
 *
 * The effect decides the compatibility flags:
 * - narrowing: fewer instances are valid → not backward compatible, forward compatible;
 * - widening: more instances are valid → backward compatible, not forward compatible;
 * - incompatible: neither side's instances are known to be valid under the other;
 * - compatible: nothing an instance can contain changes (metadata, additions of new things);
 * - computed: decided per change (policy, or a comparison of the schemas involved).
 */
import type { Bump, ChangeSeverity, Policy } from './types.js';

export type Effect = 'narrowing' | 'widening' | 'incompatible' | 'compatible' | 'computed';

export interface KindInfo {
  id: string;
  group: 'type' | 'value' | 'object' | 'array' | 'string' | 'number' | 'composition' | 'reference' | 'metadata' | 'registry' | 'files';
  effect: Effect;
  /** Metadata and documentation only: a patch release is enough. */
  metadata?: boolean;
  /** A severity that does not follow from the flags (removals consumers use, deprecations). */
  severity?: ChangeSeverity;
  description: string;
}

const kinds: KindInfo[] = [];
const add = (group: KindInfo['group'], effect: Effect, id: string, description: string, extra: Partial<KindInfo> = {}) =>
  kinds.push({ id, group, effect, description, ...extra });

// Types
add('type', 'narrowing', 'TYPE_NARROWED', 'the set of allowed types shrank (a type was removed, or `number` became `integer`)');
add('type', 'widening', 'TYPE_WIDENED', 'the set of allowed types grew (a type was added, `integer` became `number`, or `type` was dropped)');
add('type', 'incompatible', 'TYPE_CHANGED', 'the allowed types changed so that neither set contains the other');

// Values
add('value', 'narrowing', 'ENUM_ARRAY_NARROWED', 'values were removed from `enum`');
add('value', 'widening', 'ENUM_ARRAY_EXTENDED', 'values were added to `enum`');
add('value', 'incompatible', 'ENUM_ARRAY_CHANGED', 'values were both added to and removed from `enum`');
add('value', 'narrowing', 'ENUM_ARRAY_ADDED', 'an `enum` now restricts a value that was free');
add('value', 'widening', 'ENUM_ARRAY_REMOVED', 'the `enum` restriction was dropped');
add('value', 'narrowing', 'CONST_ADDED', 'a `const` now pins a value that was free');
add('value', 'widening', 'CONST_REMOVED', 'the `const` restriction was dropped');
add('value', 'incompatible', 'CONST_CHANGED', 'the `const` value changed');

// Objects
add('object', 'narrowing', 'REQUIRED_ATTRIBUTE_ADDED', 'a property became required');
add('object', 'widening', 'REQUIRED_ATTRIBUTE_REMOVED', 'a property is no longer required');
add('object', 'computed', 'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', 'a property was declared on an object that allows undeclared properties (lenient: compatible; strict: not backward compatible)');
add('object', 'widening', 'PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL', 'a property declaration was dropped from an object that allows undeclared properties');
add('object', 'widening', 'PROPERTY_ADDED_TO_CLOSED_CONTENT_MODEL', 'a property was declared on an object that rejects undeclared properties');
add('object', 'narrowing', 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL', 'a property was dropped from an object that rejects undeclared properties');
add('object', 'computed', 'PROPERTY_ADDED_TO_PARTIALLY_OPEN_CONTENT_MODEL', 'a property was declared where `additionalProperties` or `patternProperties` gave it a schema; judged by comparing the two schemas');
add('object', 'computed', 'PROPERTY_REMOVED_FROM_PARTIALLY_OPEN_CONTENT_MODEL', 'a property declaration was dropped and `additionalProperties` or `patternProperties` now applies; judged by comparing the two schemas');
add('object', 'computed', 'PROPERTY_POSSIBLY_RENAMED', 'a property was removed and another added with the same schema: reported once, as a likely rename');
add('object', 'narrowing', 'ADDITIONAL_PROPERTIES_ADDED', '`additionalProperties` now gives undeclared properties a schema where they were free');
add('object', 'widening', 'ADDITIONAL_PROPERTIES_REMOVED', 'the `additionalProperties` schema was dropped: undeclared properties are free');
add('object', 'narrowing', 'ADDITIONAL_PROPERTIES_NARROWED', '`additionalProperties` became `false`: undeclared properties are rejected');
add('object', 'widening', 'ADDITIONAL_PROPERTIES_EXTENDED', '`additionalProperties` is no longer `false`: undeclared properties are accepted');
add('object', 'computed', 'PATTERN_PROPERTY_ADDED', 'a `patternProperties` entry was added; judged against what applied to those names before');
add('object', 'computed', 'PATTERN_PROPERTY_REMOVED', 'a `patternProperties` entry was removed; judged against what applies to those names now');
add('object', 'narrowing', 'PROPERTY_NAMES_ADDED', '`propertyNames` now restricts property names');
add('object', 'widening', 'PROPERTY_NAMES_REMOVED', 'the `propertyNames` restriction was dropped');
add('object', 'narrowing', 'DEPENDENCY_ARRAY_ADDED', 'a `dependentRequired` (draft-07: `dependencies`) entry was added');
add('object', 'widening', 'DEPENDENCY_ARRAY_REMOVED', 'a `dependentRequired` (draft-07: `dependencies`) entry was removed');
add('object', 'narrowing', 'DEPENDENCY_ARRAY_EXTENDED', 'a `dependentRequired` entry requires more properties');
add('object', 'widening', 'DEPENDENCY_ARRAY_NARROWED', 'a `dependentRequired` entry requires fewer properties');
add('object', 'incompatible', 'DEPENDENCY_ARRAY_CHANGED', 'a `dependentRequired` entry requires different properties');
add('object', 'narrowing', 'DEPENDENCY_SCHEMA_ADDED', 'a `dependentSchemas` (draft-07: `dependencies`) entry was added');
add('object', 'widening', 'DEPENDENCY_SCHEMA_REMOVED', 'a `dependentSchemas` (draft-07: `dependencies`) entry was removed');

// Arrays
add('array', 'narrowing', 'ITEMS_ADDED', '`items` (draft-07 tuples: `additionalItems`) now gives array items a schema where they were free');
add('array', 'widening', 'ITEMS_REMOVED', 'the `items` schema was dropped: items are free');
add('array', 'narrowing', 'ITEMS_NARROWED', '`items` became `false`: no items beyond the tuple are accepted');
add('array', 'widening', 'ITEMS_EXTENDED', '`items` is no longer `false`: items beyond the tuple are accepted');
add('array', 'computed', 'PREFIX_ITEM_ADDED', 'a tuple position was added (`prefixItems`, draft-07 `items` array); judged against the schema that applied there before');
add('array', 'computed', 'PREFIX_ITEM_REMOVED', 'a tuple position was removed; judged against the schema that applies there now');
add('array', 'narrowing', 'CONTAINS_ADDED', '`contains` now requires a matching item');
add('array', 'widening', 'CONTAINS_REMOVED', 'the `contains` requirement was dropped');
add('array', 'narrowing', 'UNIQUE_ITEMS_ADDED', '`uniqueItems` now rejects duplicates');
add('array', 'widening', 'UNIQUE_ITEMS_REMOVED', '`uniqueItems` no longer rejects duplicates');

// Strings
add('string', 'narrowing', 'PATTERN_ADDED', 'a `pattern` now restricts the string');
add('string', 'widening', 'PATTERN_REMOVED', 'the `pattern` restriction was dropped');
add('string', 'widening', 'PATTERN_WIDENED', 'the `pattern` only gained characters in its character classes (e.g. `[a-z_]` → `[a-z_-]`)');
add('string', 'narrowing', 'PATTERN_NARROWED', 'the `pattern` only lost characters from its character classes');
add('string', 'incompatible', 'PATTERN_CHANGED', 'the `pattern` changed otherwise; regular-expression inclusion is not decided, so it counts as incompatible both ways');
add('string', 'narrowing', 'FORMAT_ADDED', 'a `format` now restricts the string');
add('string', 'widening', 'FORMAT_REMOVED', 'the `format` restriction was dropped');
add('string', 'narrowing', 'FORMAT_NARROWED', 'the `format` became a stricter one (e.g. `idn-email` → `email`)');
add('string', 'widening', 'FORMAT_WIDENED', 'the `format` became a looser one (e.g. `uri` → `uri-reference`)');
add('string', 'incompatible', 'FORMAT_CHANGED', 'the `format` changed to an unrelated one');

// Numbers
add('number', 'narrowing', 'MULTIPLE_OF_ADDED', '`multipleOf` now restricts the number');
add('number', 'widening', 'MULTIPLE_OF_REMOVED', 'the `multipleOf` restriction was dropped');
add('number', 'narrowing', 'MULTIPLE_OF_EXPANDED', '`multipleOf` became a multiple of the old one (e.g. 2 → 4)');
add('number', 'widening', 'MULTIPLE_OF_REDUCED', '`multipleOf` became a divisor of the old one (e.g. 4 → 2)');
add('number', 'incompatible', 'MULTIPLE_OF_CHANGED', '`multipleOf` changed to a value that neither divides nor is divided by the old one');

// Bounds: every lower/upper bound keyword gets ADDED, REMOVED, INCREASED and DECREASED.
const BOUNDS: [string, string, 'lower' | 'upper', KindInfo['group']][] = [
  ['MIN_LENGTH', 'minLength', 'lower', 'string'],
  ['MAX_LENGTH', 'maxLength', 'upper', 'string'],
  ['MINIMUM', 'minimum', 'lower', 'number'],
  ['MAXIMUM', 'maximum', 'upper', 'number'],
  ['EXCLUSIVE_MINIMUM', 'exclusiveMinimum', 'lower', 'number'],
  ['EXCLUSIVE_MAXIMUM', 'exclusiveMaximum', 'upper', 'number'],
  ['MIN_ITEMS', 'minItems', 'lower', 'array'],
  ['MAX_ITEMS', 'maxItems', 'upper', 'array'],
  ['MIN_CONTAINS', 'minContains', 'lower', 'array'],
  ['MAX_CONTAINS', 'maxContains', 'upper', 'array'],
  ['MIN_PROPERTIES', 'minProperties', 'lower', 'object'],
  ['MAX_PROPERTIES', 'maxProperties', 'upper', 'object'],
];
for (const [prefix, keyword, side, group] of BOUNDS) {
  const tighter = side === 'lower' ? 'INCREASED' : 'DECREASED';
  const looser = side === 'lower' ? 'DECREASED' : 'INCREASED';
  add(group, 'narrowing', `${prefix}_ADDED`, `\`${keyword}\` was added`);
  add(group, 'widening', `${prefix}_REMOVED`, `\`${keyword}\` was removed`);
  add(group, 'narrowing', `${prefix}_${tighter}`, `\`${keyword}\` was ${side === 'lower' ? 'raised' : 'lowered'} (tighter)`);
  add(group, 'widening', `${prefix}_${looser}`, `\`${keyword}\` was ${side === 'lower' ? 'lowered' : 'raised'} (looser)`);
}

// Composition
add('composition', 'computed', 'COMPOSITION_METHOD_CHANGED', '`allOf`/`anyOf`/`oneOf` became another of them (`oneOf` → `anyOf` widens, `anyOf` → `oneOf` narrows, anything involving `allOf` is incompatible)');
add('composition', 'narrowing', 'COMPOSITION_ADDED', 'an `allOf`, `anyOf` or `oneOf` was added');
add('composition', 'widening', 'COMPOSITION_REMOVED', 'an `allOf`, `anyOf` or `oneOf` was removed');
add('composition', 'widening', 'SUM_TYPE_EXTENDED', 'an alternative was added to `anyOf`/`oneOf`');
add('composition', 'narrowing', 'SUM_TYPE_NARROWED', 'an alternative was removed from `anyOf`/`oneOf`');
add('composition', 'narrowing', 'PRODUCT_TYPE_EXTENDED', 'a subschema was added to `allOf`');
add('composition', 'widening', 'PRODUCT_TYPE_NARROWED', 'a subschema was removed from `allOf`');
add('composition', 'narrowing', 'NOT_ADDED', 'a `not` now excludes instances');
add('composition', 'widening', 'NOT_REMOVED', 'the `not` exclusion was dropped');
add('composition', 'computed', 'NOT_CHANGED', 'the `not` subschema changed; its compatibility is the inverse of the subschema\'s');
add('composition', 'narrowing', 'CONDITIONAL_ADDED', 'an `if`/`then`/`else` conditional was added');
add('composition', 'widening', 'CONDITIONAL_REMOVED', 'the `if`/`then`/`else` conditional was dropped');
add('composition', 'incompatible', 'CONDITIONAL_CHANGED', 'the `if` condition changed');
add('composition', 'narrowing', 'FALSE_SCHEMA_ADDED', 'a subschema became `false`: nothing is valid there');
add('composition', 'widening', 'FALSE_SCHEMA_REMOVED', 'a subschema is no longer `false`');

// References and keywords the differ cannot judge
add('reference', 'incompatible', 'REF_CHANGED', 'a `$ref` that cannot be resolved inside the set changed (remote, missing or cyclic)');
add('reference', 'incompatible', 'KEYWORD_CHANGED', 'a validation keyword the differ does not analyse changed (`unevaluatedProperties`, `unevaluatedItems`, `$dynamicRef`, …)');
add('reference', 'incompatible', 'SCHEMA_CHANGED', 'a subschema nested deeper than the differ follows changed');
add('reference', 'incompatible', 'SCHEMA_UNAVAILABLE', 'a schema exists on both sides but one of them is missing or not valid JSON, so it cannot be compared');

// Metadata
add('metadata', 'compatible', 'TITLE_CHANGED', '`title` changed', { metadata: true });
add('metadata', 'compatible', 'DESCRIPTION_CHANGED', '`description` changed', { metadata: true });
add('metadata', 'compatible', 'EXAMPLES_CHANGED', '`examples` changed', { metadata: true });
add('metadata', 'compatible', 'COMMENT_CHANGED', '`$comment` changed', { metadata: true });
add('metadata', 'compatible', 'DEFAULT_CHANGED', '`default` changed (an annotation: validators do not fill it in)', { metadata: true });
add('metadata', 'compatible', 'METADATA_CHANGED', 'another annotation changed (`readOnly`, `contentMediaType`, `$id`, `$schema`, `x-…`, or a keyword the dialect ignores)', { metadata: true });
add('metadata', 'compatible', 'DEPRECATED_ADDED', 'the subschema was marked `deprecated`', { severity: 'warning' });
add('metadata', 'compatible', 'DEPRECATED_REMOVED', 'the `deprecated` mark was removed');

// Registry
add('registry', 'compatible', 'EVENT_TYPE_ADDED', 'a new event type was registered');
add('registry', 'narrowing', 'EVENT_TYPE_REMOVED', 'an event type was removed from the registry', { severity: 'breaking' });
add('registry', 'compatible', 'EVENT_TYPE_DEPRECATED', 'an event type\'s status became `deprecated`', { severity: 'warning' });
add('registry', 'compatible', 'EVENT_TYPE_UNDEPRECATED', 'an event type is no longer `deprecated`');
add('registry', 'compatible', 'EVENT_TYPE_STATUS_CHANGED', 'an event type\'s status changed otherwise (e.g. `proposed` → `active`)');
add('registry', 'compatible', 'EVENT_TYPE_DESCRIPTION_CHANGED', 'an event type\'s description changed', { metadata: true });
add('registry', 'compatible', 'EVENT_TYPE_VERSION_ADDED', 'a new schema version of an event type was registered');
add('registry', 'narrowing', 'EVENT_TYPE_VERSION_REMOVED', 'a schema version of an event type was removed', { severity: 'breaking' });
add('registry', 'compatible', 'EVENT_TYPE_VERSION_DEPRECATED', 'one version of an event type became `deprecated`', { severity: 'warning' });
add('registry', 'compatible', 'COMPATIBILITY_CHANGED', 'the compatibility mode of an event type (or the registry default) changed: later versions are judged by the new mode', { metadata: true });
add('registry', 'compatible', 'VERSION_SCHEMA_MOVED', 'a version\'s schema file moved (its content is compared on its own)', { metadata: true });
add('registry', 'incompatible', 'PRODUCER_CHANGED', 'the producer of an event type changed');
add('registry', 'compatible', 'CONTRACT_CHANGED', 'the event type moved to another contract folder', { metadata: true });
add('registry', 'narrowing', 'SUBJECT_ADDED', 'events of the type now carry a subject of a given ID kind');
add('registry', 'widening', 'SUBJECT_REMOVED', 'events of the type no longer declare a subject kind');
add('registry', 'incompatible', 'SUBJECT_CHANGED', 'the subject ID kind of an event type changed');
add('registry', 'widening', 'ACTORS_EXTENDED', 'more actor kinds may cause the event');
add('registry', 'narrowing', 'ACTORS_NARROWED', 'fewer actor kinds may cause the event');
add('registry', 'incompatible', 'ACTORS_CHANGED', 'the actor kinds changed so that neither list contains the other');
add('registry', 'compatible', 'ID_KIND_ADDED', 'a new ID kind (prefix) was registered');
add('registry', 'narrowing', 'ID_KIND_REMOVED', 'an ID kind was removed', { severity: 'breaking' });
add('registry', 'incompatible', 'ID_KIND_PREFIX_CHANGED', 'the prefix of an ID kind changed');
add('registry', 'compatible', 'ID_KIND_DESCRIPTION_CHANGED', 'the description of an ID kind changed', { metadata: true });
add('registry', 'compatible', 'ENVELOPE_VERSION_ADDED', 'a new envelope version was added');
add('registry', 'narrowing', 'ENVELOPE_VERSION_REMOVED', 'an envelope version was removed', { severity: 'breaking' });
add('registry', 'compatible', 'SHARED_SCHEMA_ADDED', 'a shared schema file was added');
add('registry', 'narrowing', 'SHARED_SCHEMA_REMOVED', 'a shared schema file was removed', { severity: 'breaking' });
add('registry', 'compatible', 'SHARED_DEFINITION_ADDED', 'a shared definition (`$defs` entry, e.g. an ID kind\'s schema) was added');
add('registry', 'narrowing', 'SHARED_DEFINITION_REMOVED', 'a shared definition was removed: schemas referencing it no longer resolve', { severity: 'breaking' });

// Documentation and examples
add('files', 'compatible', 'DOC_ADDED', 'a Markdown document was added', { metadata: true });
add('files', 'compatible', 'DOC_REMOVED', 'a Markdown document was removed', { metadata: true });
add('files', 'compatible', 'DOC_CHANGED', 'a Markdown document changed', { metadata: true });
add('files', 'compatible', 'EXAMPLE_ADDED', 'an example event was added', { metadata: true });
add('files', 'compatible', 'EXAMPLE_REMOVED', 'an example event was removed', { metadata: true });
add('files', 'compatible', 'EXAMPLE_CHANGED', 'an example event changed', { metadata: true });

export const KINDS: ReadonlyMap<string, KindInfo> = new Map(kinds.map((k) => [k.id, Object.freeze(k)]));

export function kindInfo(id: string): KindInfo {
  const info = KINDS.get(id);
  if (!info) throw new Error(`unknown change kind ${id}`);
  return info;
}

/** The flags an effect implies; `computed` kinds pass their own. */
export function effectFlags(effect: Effect, policy: Policy, id: string): { backward: boolean; forward: boolean } {
  switch (effect) {
    case 'narrowing':
      return { backward: false, forward: true };
    case 'widening':
      return { backward: true, forward: false };
    case 'incompatible':
      return { backward: false, forward: false };
    case 'compatible':
      return { backward: true, forward: true };
    case 'computed':
      if (id === 'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL') return { backward: policy === 'lenient', forward: true };
      throw new Error(`kind ${id} needs explicit flags`);
  }
}

/** Breaking when backward compatibility is lost, warning when only forward is, info otherwise. */
export function severityOf(info: KindInfo, flags: { backward: boolean; forward: boolean }): ChangeSeverity {
  if (info.severity) return info.severity;
  if (!flags.backward) return 'breaking';
  if (!flags.forward) return 'warning';
  return 'info';
}

export function bumpOf(info: KindInfo, severity: ChangeSeverity): Exclude<Bump, 'none'> {
  if (severity === 'breaking') return 'major';
  return info.metadata ? 'patch' : 'minor';
}
