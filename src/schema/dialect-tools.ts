/**
 * What ajv knows about a JSON Schema dialect, without compiling any contract schema: the
 * keywords it accepts, which data types each keyword applies to, the formats it can check, and
 * a meta-schema validator. The schema/invalid rule uses these to find every problem ajv's strict
 * mode would raise, with exact positions, at a fraction of the cost of a full compile
 * (meta-schema validation is ~10 µs per schema; compiling is ~2.4 ms).
 *
 * One ajv instance per dialect per process: none of this depends on the contract set.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { loadPrecompiled, validatorStamp, type PrecompileTarget } from '../core/precompiled.js';
import { addFormats, ajv2020Module, ajvDraft7Module, type Dialect } from './compile.js';

export const DIALECT_META: Record<Dialect, string> = {
  '2020-12': 'https://json-schema.org/draft/2020-12/schema',
  'draft-07': 'http://json-schema.org/draft-07/schema',
};

/** The `$schema` value to recommend for each dialect. */
export const DIALECT_SCHEMA_URI: Record<Dialect, string> = {
  '2020-12': 'https://json-schema.org/draft/2020-12/schema',
  'draft-07': 'http://json-schema.org/draft-07/schema#',
};

export const JSON_TYPES: ReadonlySet<string> = new Set(['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']);

/**
 * Keywords ajv accepts but that are not part of the dialect, or that ajv handles in its own
 * non-standard way: other validators and the code generator would read the schema differently.
 * Each maps to the advice given with the finding.
 */
const NON_STANDARD: Record<Dialect, Record<string, string>> = {
  '2020-12': {
    id: '"id" is not a keyword since draft-06 (ajv refuses it); use "$id"',
    nullable: '"nullable" is an OpenAPI keyword, not JSON Schema; add "null" to "type" instead (e.g. "type": ["string", "null"])',
    $async: '"$async" is an ajv extension that makes validation asynchronous; remove it',
    $recursiveRef: '"$recursiveRef" is a draft 2019-09 keyword; in 2020-12 use "$dynamicRef"',
    $recursiveAnchor: '"$recursiveAnchor" is a draft 2019-09 keyword; in 2020-12 use "$dynamicAnchor"',
  },
  'draft-07': {
    id: '"id" is not a keyword since draft-06 (ajv refuses it); use "$id"',
    nullable: '"nullable" is an OpenAPI keyword, not JSON Schema; add "null" to "type" instead (e.g. "type": ["string", "null"])',
    $async: '"$async" is an ajv extension that makes validation asynchronous; remove it',
  },
};

/** Keywords of the other dialect, so a schema mixing them gets a precise hint. */
const OTHER_DIALECT_HINT: Record<Dialect, Record<string, string>> = {
  '2020-12': {
    additionalItems: '"additionalItems" does not exist in 2020-12: use "prefixItems" for the tuple and "items" for the rest',
  },
  'draft-07': {
    prefixItems: '"prefixItems" is a 2020-12 keyword: in draft-07 use an array in "items" (or declare "$schema" 2020-12)',
    dependentSchemas: '"dependentSchemas" is a 2020-12 keyword: in draft-07 use "dependencies" (or declare "$schema" 2020-12)',
    dependentRequired: '"dependentRequired" is a 2020-12 keyword: in draft-07 use "dependencies" (or declare "$schema" 2020-12)',
    unevaluatedProperties: '"unevaluatedProperties" is a 2020-12 keyword (or declare "$schema" 2020-12)',
    unevaluatedItems: '"unevaluatedItems" is a 2020-12 keyword (or declare "$schema" 2020-12)',
    $dynamicRef: '"$dynamicRef" is a 2020-12 keyword (or declare "$schema" 2020-12)',
    $dynamicAnchor: '"$dynamicAnchor" is a 2020-12 keyword (or declare "$schema" 2020-12)',
    $anchor: '"$anchor" is a 2020-12 keyword: in draft-07 use "$id": "#name" (or declare "$schema" 2020-12)',
    minContains: '"minContains" is a 2020-12 keyword (or declare "$schema" 2020-12)',
    maxContains: '"maxContains" is a 2020-12 keyword (or declare "$schema" 2020-12)',
  },
};

export interface DialectTools {
  readonly dialect: Dialect;
  /** Every keyword the dialect (as ajv implements it) accepts. */
  readonly keywords: ReadonlySet<string>;
  /** Keyword → data types it applies to (absent or empty: applies to every type). */
  readonly keywordTypes: ReadonlyMap<string, readonly string[]>;
  readonly formats: readonly string[];
  /** Why a keyword is not accepted, when there is something more useful to say than "unknown". */
  unknownHint(keyword: string): string | undefined;
  /** Meta-schema validation; `undefined` when the schema is too deep for ajv's recursive validator. */
  validateMeta(schema: unknown): readonly ErrorObject[] | undefined;
}

const tools = new Map<Dialect, DialectTools>();

export function dialectTools(dialect: Dialect): DialectTools {
  let t = tools.get(dialect);
  if (!t) tools.set(dialect, (t = build(dialect)));
  return t;
}

// Not compile.ts's createAjv: that one runs patterns on the backtracking-safe engine, which
// the meta-schema's own trusted patterns do not need and which makes validating a schema
// three times slower. The keywords and formats are the same (same ajv, same ajv-formats).
const META_OPTIONS = { strict: false, allErrors: true, unicodeRegExp: true, logger: false as const };

function metaAjv(dialect: Dialect, source = false) {
  const options = source ? { ...META_OPTIONS, code: { source: true } } : META_OPTIONS;
  const ajv = dialect === 'draft-07' ? new (ajvDraft7Module().Ajv)(options) : new (ajv2020Module().Ajv2020)(options);
  addFormats(ajv);
  return ajv;
}

/** The meta-schema validators, generated at compile time (src/core/precompiled.ts). */
export const META_TARGETS: readonly PrecompileTarget[] = (['2020-12', 'draft-07'] as const).map((dialect) => ({
  name: `meta-${dialect}`,
  stamp: () => validatorStamp({ dialect, ...META_OPTIONS }),
  compile: () => {
    const ajv = metaAjv(dialect, true);
    return { ajv, validate: ajv.getSchema(DIALECT_META[dialect])! };
  },
}));

function build(dialect: Dialect): DialectTools {
  const ajv = metaAjv(dialect);
  const nonStandard = NON_STANDARD[dialect];
  const keywords = new Set(Object.keys(ajv.RULES.keywords).filter((k) => !(k in nonStandard)));
  // ajv resolves "$anchor" but its strict mode calls it unknown; it is a core 2020-12 keyword.
  if (dialect === '2020-12') keywords.add('$anchor');
  const keywordTypes = new Map<string, readonly string[]>();
  for (const [keyword, rule] of Object.entries(ajv.RULES.all)) {
    if (typeof rule === 'object' && rule.definition.type?.length) keywordTypes.set(keyword, [...rule.definition.type]);
  }
  const formats = Object.keys(ajv.formats).sort();
  let meta: ValidateFunction | undefined;
  return {
    dialect,
    keywords,
    keywordTypes,
    formats,
    unknownHint: (keyword) => ownValue(nonStandard, keyword) ?? ownValue(OTHER_DIALECT_HINT[dialect], keyword),
    validateMeta(schema) {
      meta ??= loadPrecompiled<ValidateFunction>(`meta-${dialect}`, validatorStamp({ dialect, ...META_OPTIONS })) ?? ajv.getSchema(DIALECT_META[dialect])!;
      try {
        return meta(schema) ? [] : [...(meta.errors ?? [])];
      } catch {
        return undefined; // stack overflow on absurdly deep nesting: nothing sensible to report here
      }
    },
  };
}

/** A table lookup that never reaches Object.prototype (`constructor` is a legitimate key). */
function ownValue(table: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
