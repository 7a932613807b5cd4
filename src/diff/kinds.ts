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

type Entry = readonly [group: KindInfo['group'], effect: Effect, id: string, description: string, extra?: Partial<Pick<KindInfo, 'metadata' | 'severity'>>];

/** The catalogue, as data; its ids are the `ChangeKind` type, so a misspelt kind fails to compile. */
const ENTRIES = [
  // Types
  ['type', 'narrowing', 'TYPE_NARROWED', 'the set of allowed types shrank (a type was removed, or `number` became `integer`)'],
  ['type', 'widening', 'TYPE_WIDENED', 'the set of allowed types grew (a type was added, `integer` became `number`, or `type` was dropped)'],
  ['type', 'incompatible', 'TYPE_CHANGED', 'the allowed types changed so that neither set contains the other'],

  // Values
  ['value', 'narrowing', 'ENUM_ARRAY_NARROWED', 'values were removed from `enum`'],
  ['value', 'widening', 'ENUM_ARRAY_EXTENDED', 'values were added to `enum`'],
  ['value', 'incompatible', 'ENUM_ARRAY_CHANGED', 'values were both added to and removed from `enum`'],
  ['value', 'narrowing', 'ENUM_ARRAY_ADDED', 'an `enum` now restricts a value that was free'],
  ['value', 'widening', 'ENUM_ARRAY_REMOVED', 'the `enum` restriction was dropped'],
  ['value', 'narrowing', 'CONST_ADDED', 'a `const` now pins a value that was free'],
  ['value', 'widening', 'CONST_REMOVED', 'the `const` restriction was dropped'],
  ['value', 'incompatible', 'CONST_CHANGED', 'the `const` value changed'],

  // Objects
  ['object', 'narrowing', 'REQUIRED_ATTRIBUTE_ADDED', 'a property became required'],
  ['object', 'widening', 'REQUIRED_ATTRIBUTE_REMOVED', 'a property is no longer required'],
  ['object', 'computed', 'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', 'a property was declared on an object that allows undeclared properties (lenient: compatible; strict: not backward compatible)'],
  ['object', 'widening', 'PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL', 'a property declaration was dropped from an object that allows undeclared properties'],
  ['object', 'widening', 'PROPERTY_ADDED_TO_CLOSED_CONTENT_MODEL', 'a property was declared on an object that rejects undeclared properties'],
  ['object', 'narrowing', 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL', 'a property was dropped from an object that rejects undeclared properties'],
  ['object', 'computed', 'PROPERTY_ADDED_TO_PARTIALLY_OPEN_CONTENT_MODEL', 'a property was declared where `additionalProperties` or `patternProperties` gave it a schema; judged by comparing the two schemas'],
  ['object', 'computed', 'PROPERTY_REMOVED_FROM_PARTIALLY_OPEN_CONTENT_MODEL', 'a property declaration was dropped and `additionalProperties` or `patternProperties` now applies; judged by comparing the two schemas'],
  ['object', 'computed', 'PROPERTY_POSSIBLY_RENAMED', 'a property was removed and another added with the same schema: reported once, as a likely rename'],
  ['object', 'narrowing', 'ADDITIONAL_PROPERTIES_ADDED', '`additionalProperties` now gives undeclared properties a schema where they were free'],
  ['object', 'widening', 'ADDITIONAL_PROPERTIES_REMOVED', 'the `additionalProperties` schema was dropped: undeclared properties are free'],
  ['object', 'narrowing', 'ADDITIONAL_PROPERTIES_NARROWED', '`additionalProperties` became `false`: undeclared properties are rejected'],
  ['object', 'widening', 'ADDITIONAL_PROPERTIES_EXTENDED', '`additionalProperties` is no longer `false`: undeclared properties are accepted'],
  ['object', 'computed', 'PATTERN_PROPERTY_ADDED', 'a `patternProperties` entry was added; judged against what applied to those names before'],
  ['object', 'computed', 'PATTERN_PROPERTY_REMOVED', 'a `patternProperties` entry was removed; judged against what applies to those names now'],
  ['object', 'narrowing', 'PROPERTY_NAMES_ADDED', '`propertyNames` now restricts property names'],
  ['object', 'widening', 'PROPERTY_NAMES_REMOVED', 'the `propertyNames` restriction was dropped'],
  ['object', 'narrowing', 'DEPENDENCY_ARRAY_ADDED', 'a `dependentRequired` (draft-07: `dependencies`) entry was added'],
  ['object', 'widening', 'DEPENDENCY_ARRAY_REMOVED', 'a `dependentRequired` (draft-07: `dependencies`) entry was removed'],
  ['object', 'narrowing', 'DEPENDENCY_ARRAY_EXTENDED', 'a `dependentRequired` entry requires more properties'],
  ['object', 'widening', 'DEPENDENCY_ARRAY_NARROWED', 'a `dependentRequired` entry requires fewer properties'],
  ['object', 'incompatible', 'DEPENDENCY_ARRAY_CHANGED', 'a `dependentRequired` entry requires different properties'],
  ['object', 'narrowing', 'DEPENDENCY_SCHEMA_ADDED', 'a `dependentSchemas` (draft-07: `dependencies`) entry was added'],
  ['object', 'widening', 'DEPENDENCY_SCHEMA_REMOVED', 'a `dependentSchemas` (draft-07: `dependencies`) entry was removed'],

  // Arrays
  ['array', 'narrowing', 'ITEMS_ADDED', '`items` (draft-07 tuples: `additionalItems`) now gives array items a schema where they were free'],
  ['array', 'widening', 'ITEMS_REMOVED', 'the `items` schema was dropped: items are free'],
  ['array', 'narrowing', 'ITEMS_NARROWED', '`items` became `false`: no items beyond the tuple are accepted'],
  ['array', 'widening', 'ITEMS_EXTENDED', '`items` is no longer `false`: items beyond the tuple are accepted'],
  ['array', 'computed', 'PREFIX_ITEM_ADDED', 'a tuple position was added (`prefixItems`, draft-07 `items` array); judged against the schema that applied there before'],
  ['array', 'computed', 'PREFIX_ITEM_REMOVED', 'a tuple position was removed; judged against the schema that applies there now'],
  ['array', 'narrowing', 'CONTAINS_ADDED', '`contains` now requires a matching item'],
  ['array', 'widening', 'CONTAINS_REMOVED', 'the `contains` requirement was dropped'],
  ['array', 'narrowing', 'UNIQUE_ITEMS_ADDED', '`uniqueItems` now rejects duplicates'],
  ['array', 'widening', 'UNIQUE_ITEMS_REMOVED', '`uniqueItems` no longer rejects duplicates'],

  // Strings
  ['string', 'narrowing', 'PATTERN_ADDED', 'a `pattern` now restricts the string'],
  ['string', 'widening', 'PATTERN_REMOVED', 'the `pattern` restriction was dropped'],
  ['string', 'widening', 'PATTERN_WIDENED', 'the `pattern` only gained characters in its character classes (e.g. `[a-z_]` → `[a-z_-]`)'],
  ['string', 'narrowing', 'PATTERN_NARROWED', 'the `pattern` only lost characters from its character classes'],
  ['string', 'incompatible', 'PATTERN_CHANGED', 'the `pattern` changed otherwise; regular-expression inclusion is not decided, so it counts as incompatible both ways'],
  ['string', 'narrowing', 'FORMAT_ADDED', 'a `format` now restricts the string'],
  ['string', 'widening', 'FORMAT_REMOVED', 'the `format` restriction was dropped'],
  ['string', 'narrowing', 'FORMAT_NARROWED', 'the `format` became a stricter one (e.g. `idn-email` → `email`)'],
  ['string', 'widening', 'FORMAT_WIDENED', 'the `format` became a looser one (e.g. `uri` → `uri-reference`)'],
  ['string', 'incompatible', 'FORMAT_CHANGED', 'the `format` changed to an unrelated one'],

  // Numbers
  ['number', 'narrowing', 'MULTIPLE_OF_ADDED', '`multipleOf` now restricts the number'],
  ['number', 'widening', 'MULTIPLE_OF_REMOVED', 'the `multipleOf` restriction was dropped'],
  ['number', 'narrowing', 'MULTIPLE_OF_EXPANDED', '`multipleOf` became a multiple of the old one (e.g. 2 → 4)'],
  ['number', 'widening', 'MULTIPLE_OF_REDUCED', '`multipleOf` became a divisor of the old one (e.g. 4 → 2)'],
  ['number', 'incompatible', 'MULTIPLE_OF_CHANGED', '`multipleOf` changed to a value that neither divides nor is divided by the old one'],

  // Composition
  ['composition', 'computed', 'COMPOSITION_METHOD_CHANGED', '`allOf`/`anyOf`/`oneOf` became another of them (`oneOf` → `anyOf` widens, `anyOf` → `oneOf` narrows, anything involving `allOf` is incompatible)'],
  ['composition', 'narrowing', 'COMPOSITION_ADDED', 'an `allOf`, `anyOf` or `oneOf` was added'],
  ['composition', 'widening', 'COMPOSITION_REMOVED', 'an `allOf`, `anyOf` or `oneOf` was removed'],
  ['composition', 'widening', 'SUM_TYPE_EXTENDED', 'an alternative was added to `anyOf`/`oneOf`'],
  ['composition', 'narrowing', 'SUM_TYPE_NARROWED', 'an alternative was removed from `anyOf`/`oneOf`'],
  ['composition', 'narrowing', 'PRODUCT_TYPE_EXTENDED', 'a subschema was added to `allOf`'],
  ['composition', 'widening', 'PRODUCT_TYPE_NARROWED', 'a subschema was removed from `allOf`'],
  ['composition', 'narrowing', 'NOT_ADDED', 'a `not` now excludes instances'],
  ['composition', 'widening', 'NOT_REMOVED', 'the `not` exclusion was dropped'],
  ['composition', 'computed', 'NOT_CHANGED', 'the `not` subschema changed; its compatibility is the inverse of the subschema\'s'],
  ['composition', 'narrowing', 'CONDITIONAL_ADDED', 'an `if`/`then`/`else` conditional was added'],
  ['composition', 'widening', 'CONDITIONAL_REMOVED', 'the `if`/`then`/`else` conditional was dropped'],
  ['composition', 'incompatible', 'CONDITIONAL_CHANGED', 'the `if` condition changed'],
  ['composition', 'narrowing', 'FALSE_SCHEMA_ADDED', 'a subschema became `false`: nothing is valid there'],
  ['composition', 'widening', 'FALSE_SCHEMA_REMOVED', 'a subschema is no longer `false`'],

  // References and keywords the differ cannot judge
  ['reference', 'incompatible', 'REF_CHANGED', 'a `$ref` that cannot be resolved inside the set changed (remote, missing or cyclic)'],
  ['reference', 'incompatible', 'KEYWORD_CHANGED', 'a validation keyword the differ does not analyse changed (`unevaluatedProperties`, `unevaluatedItems`, `$dynamicRef`, …)'],
  ['reference', 'incompatible', 'SCHEMA_CHANGED', 'a subschema nested deeper than the differ follows changed'],
  ['reference', 'computed', 'COMPATIBILITY_DISPROVED', 'the keyword comparison found no break in a direction, but a value (the witness, checked with ajv) is accepted by one schema and rejected by the other; reported so that no break passes as compatible'],
  ['reference', 'incompatible', 'SCHEMA_UNAVAILABLE', 'a schema exists on both sides but one of them is missing or not valid JSON, so it cannot be compared'],

  // Metadata
  ['metadata', 'compatible', 'TITLE_CHANGED', '`title` changed', { metadata: true }],
  ['metadata', 'compatible', 'DESCRIPTION_CHANGED', '`description` changed', { metadata: true }],
  ['metadata', 'compatible', 'EXAMPLES_CHANGED', '`examples` changed', { metadata: true }],
  ['metadata', 'compatible', 'COMMENT_CHANGED', '`$comment` changed', { metadata: true }],
  ['metadata', 'compatible', 'DEFAULT_CHANGED', '`default` changed (an annotation: validators do not fill it in)', { metadata: true }],
  ['metadata', 'compatible', 'METADATA_CHANGED', 'another annotation changed (`readOnly`, `contentMediaType`, `$id`, `$schema`, `x-…`, or a keyword the dialect ignores)', { metadata: true }],
  ['metadata', 'compatible', 'DEPRECATED_ADDED', 'the subschema was marked `deprecated`', { severity: 'warning' }],
  ['metadata', 'compatible', 'DEPRECATED_REMOVED', 'the `deprecated` mark was removed'],

  // Registry
  ['registry', 'compatible', 'EVENT_TYPE_ADDED', 'a new event type was registered'],
  ['registry', 'narrowing', 'EVENT_TYPE_REMOVED', 'an event type was removed from the registry', { severity: 'breaking' }],
  ['registry', 'compatible', 'EVENT_TYPE_DEPRECATED', 'an event type\'s status became `deprecated`', { severity: 'warning' }],
  ['registry', 'compatible', 'EVENT_TYPE_UNDEPRECATED', 'an event type is no longer `deprecated`'],
  ['registry', 'compatible', 'EVENT_TYPE_STATUS_CHANGED', 'an event type\'s status changed otherwise (e.g. `proposed` → `active`)'],
  ['registry', 'compatible', 'EVENT_TYPE_DESCRIPTION_CHANGED', 'an event type\'s description changed', { metadata: true }],
  ['registry', 'compatible', 'EVENT_TYPE_VERSION_ADDED', 'a new schema version of an event type was registered'],
  ['registry', 'narrowing', 'EVENT_TYPE_VERSION_REMOVED', 'a schema version of an event type was removed', { severity: 'breaking' }],
  ['registry', 'compatible', 'EVENT_TYPE_VERSION_DEPRECATED', 'one version of an event type became `deprecated`', { severity: 'warning' }],
  ['registry', 'compatible', 'COMPATIBILITY_CHANGED', 'the compatibility mode of an event type (or the registry default) changed: later versions are judged by the new mode', { metadata: true }],
  ['registry', 'compatible', 'VERSION_SCHEMA_MOVED', 'a version\'s schema file moved (its content is compared on its own)', { metadata: true }],
  ['registry', 'incompatible', 'PRODUCER_CHANGED', 'the producer of an event type changed'],
  ['registry', 'compatible', 'CONTRACT_CHANGED', 'the event type moved to another contract folder', { metadata: true }],
  ['registry', 'narrowing', 'SUBJECT_ADDED', 'events of the type now carry a subject of a given ID kind'],
  ['registry', 'widening', 'SUBJECT_REMOVED', 'events of the type no longer declare a subject kind'],
  ['registry', 'incompatible', 'SUBJECT_CHANGED', 'the subject ID kind of an event type changed'],
  ['registry', 'widening', 'ACTORS_EXTENDED', 'more actor kinds may cause the event'],
  ['registry', 'narrowing', 'ACTORS_NARROWED', 'fewer actor kinds may cause the event'],
  ['registry', 'incompatible', 'ACTORS_CHANGED', 'the actor kinds changed so that neither list contains the other'],
  ['registry', 'compatible', 'ID_KIND_ADDED', 'a new ID kind (prefix) was registered'],
  ['registry', 'narrowing', 'ID_KIND_REMOVED', 'an ID kind was removed', { severity: 'breaking' }],
  ['registry', 'incompatible', 'ID_KIND_PREFIX_CHANGED', 'the prefix of an ID kind changed'],
  ['registry', 'compatible', 'ID_KIND_DESCRIPTION_CHANGED', 'the description of an ID kind changed', { metadata: true }],
  ['registry', 'compatible', 'ENVELOPE_VERSION_ADDED', 'a new envelope version was added'],
  ['registry', 'narrowing', 'ENVELOPE_VERSION_REMOVED', 'an envelope version was removed', { severity: 'breaking' }],
  ['registry', 'compatible', 'SHARED_SCHEMA_ADDED', 'a shared schema file was added'],
  ['registry', 'narrowing', 'SHARED_SCHEMA_REMOVED', 'a shared schema file was removed', { severity: 'breaking' }],
  ['registry', 'compatible', 'SHARED_DEFINITION_ADDED', 'a shared definition (`$defs` entry, e.g. an ID kind\'s schema) was added'],
  ['registry', 'compatible', 'SERVICE_ADDED', 'a service was added to the registry', { metadata: true }],
  ['registry', 'compatible', 'SERVICE_REMOVED', 'a service was removed from the registry', { metadata: true }],
  ['registry', 'compatible', 'SERVICE_OWNER_CHANGED', 'the team that owns a service changed', { metadata: true }],
  ['registry', 'compatible', 'CONSUMER_ADDED', 'a service now consumes an event type', { metadata: true }],
  ['registry', 'compatible', 'CONSUMER_REMOVED', 'a service no longer consumes an event type', { metadata: true }],
  ['registry', 'compatible', 'CONSUMER_VERSIONS_CHANGED', 'the versions of an event type a service reads changed', { metadata: true }],
  ['registry', 'compatible', 'FLOW_ADDED', 'a flow (a chain of event types one correlation follows) was added', { metadata: true }],
  ['registry', 'compatible', 'FLOW_REMOVED', 'a flow was removed', { metadata: true }],
  ['registry', 'compatible', 'FLOW_CHANGED', 'the steps of a flow changed', { metadata: true }],
  ['registry', 'narrowing', 'SHARED_DEFINITION_REMOVED', 'a shared definition was removed: schemas referencing it no longer resolve', { severity: 'breaking' }],

  // Documentation and examples
  ['files', 'compatible', 'DOC_ADDED', 'a Markdown document was added', { metadata: true }],
  ['files', 'compatible', 'DOC_REMOVED', 'a Markdown document was removed', { metadata: true }],
  ['files', 'compatible', 'DOC_CHANGED', 'a Markdown document changed', { metadata: true }],
  ['files', 'compatible', 'EXAMPLE_ADDED', 'an example event was added', { metadata: true }],
  ['files', 'compatible', 'EXAMPLE_REMOVED', 'an example event was removed', { metadata: true }],
  ['files', 'compatible', 'EXAMPLE_CHANGED', 'an example event changed', { metadata: true }],
] as const satisfies readonly Entry[];

/** Every lower/upper bound keyword gets ADDED, REMOVED, INCREASED and DECREASED. */
const BOUNDS = [
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
] as const satisfies readonly (readonly [string, string, 'lower' | 'upper', KindInfo['group']])[];

export type BoundKeyword = (typeof BOUNDS)[number][1];
export type BoundSuffix = 'ADDED' | 'REMOVED' | 'INCREASED' | 'DECREASED';
type BoundKind = `${(typeof BOUNDS)[number][0]}_${BoundSuffix}`;

/** Every change kind id: the catalogue's entries and the bound kinds. */
export type ChangeKind = (typeof ENTRIES)[number][2] | BoundKind;

const BOUND_PREFIX = new Map<string, string>(BOUNDS.map(([prefix, keyword]) => [keyword, prefix]));

/** The kind for a bound keyword's change, e.g. (`maxLength`, `DECREASED`) → `MAX_LENGTH_DECREASED`. */
export function boundKind(keyword: BoundKeyword, suffix: BoundSuffix): ChangeKind {
  return `${BOUND_PREFIX.get(keyword)}_${suffix}` as BoundKind;
}

const kinds: KindInfo[] = [];
for (const [group, effect, id, description, extra] of ENTRIES as readonly Entry[]) {
  kinds.push({ id, group, effect, description, ...extra });
  // The bound kinds read best right after the number kinds, as they always have.
  if (id === 'MULTIPLE_OF_CHANGED') pushBounds();
}

function pushBounds(): void {
  for (const [prefix, keyword, side, group] of BOUNDS) {
    const tighter = side === 'lower' ? 'INCREASED' : 'DECREASED';
    const looser = side === 'lower' ? 'DECREASED' : 'INCREASED';
    kinds.push({ id: `${prefix}_ADDED`, group, effect: 'narrowing', description: `\`${keyword}\` was added` });
    kinds.push({ id: `${prefix}_REMOVED`, group, effect: 'widening', description: `\`${keyword}\` was removed` });
    kinds.push({ id: `${prefix}_${tighter}`, group, effect: 'narrowing', description: `\`${keyword}\` was ${side === 'lower' ? 'raised' : 'lowered'} (tighter)` });
    kinds.push({ id: `${prefix}_${looser}`, group, effect: 'widening', description: `\`${keyword}\` was ${side === 'lower' ? 'lowered' : 'raised'} (looser)` });
  }
}

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
