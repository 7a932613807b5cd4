/**
 * Realistic payload schemas and the edits teams make to them, as fast-check arbitraries, for the
 * soundness check of the schema comparison (./check.ts): objects with required and optional
 * properties, enums, consts, string bounds, patterns and formats, numbers with bounds, arrays with
 * items and prefixItems, anyOf/oneOf/allOf, additionalProperties true/false/schema, and `$ref`s
 * to shared definitions (`$defs`, as the bundled contracts' ID definitions).
 */
import fc from 'fast-check';

export type Schema = boolean | Record<string, unknown>;

const NAMES = ['id', 'name', 'status', 'count', 'tags', 'owner', 'note'];
const PATTERNS = ['^[a-z]+$', '^[a-z0-9_]*$', '^ld_[0-9a-f]{8}$', '^[A-Z][a-z]*$', '^[0-9]{3}$', '^.{2,5}$'];
const FORMATS = ['date-time', 'email', 'uuid', 'date'];
const WORDS = ['a', 'b', 'open', 'closed', 'x-y', ''];
/** Shared definitions every generated schema carries, referenced with `#/$defs/<name>`. */
export const DEFS: Record<string, Schema> = {
  lead_id: { type: 'string', pattern: '^ld_[0-9a-f]{8}$' },
  money: { type: 'integer', minimum: 0 },
  stage: { enum: ['new', 'won', 'lost'] },
};

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });

function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

// A string has length bounds, or a pattern, or a format, as real payloads do (a uuid pattern with a
// maxLength of 3 accepts nothing, which tells nothing about compatibility).
const stringSchema = fc.oneof(
  fc.record({ minLength: maybe(fc.integer({ min: 0, max: 4 })), maxLength: maybe(fc.integer({ min: 2, max: 10 })) }).map((r) => compact({ type: 'string', ...r })),
  fc.record({ pattern: fc.constantFrom(...PATTERNS), maxLength: fc.option(fc.constantFrom(8, 11, 40), { nil: undefined, freq: 3 }) }).map((r) => compact({ type: 'string', ...r })),
  fc.constantFrom(...FORMATS).map((format) => ({ type: 'string', format })),
);

const numberSchema = fc
  .record({
    type: fc.constantFrom('integer', 'number'),
    minimum: maybe(fc.integer({ min: -5, max: 5 })),
    maximum: maybe(fc.integer({ min: 5, max: 50 })),
    exclusiveMinimum: fc.option(fc.integer({ min: -10, max: 0 }), { nil: undefined, freq: 5 }),
    multipleOf: fc.option(fc.constantFrom(2, 3, 0.5), { nil: undefined, freq: 5 }),
  })
  .map(compact);

const leaf: fc.Arbitrary<Schema> = fc.oneof(
  { weight: 4, arbitrary: stringSchema },
  { weight: 3, arbitrary: numberSchema },
  { weight: 1, arbitrary: fc.constant({ type: 'boolean' }) },
  { weight: 2, arbitrary: fc.uniqueArray(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }).map((e) => ({ enum: e })) },
  { weight: 1, arbitrary: fc.constantFrom(...WORDS, 1, true).map((c) => ({ const: c })) },
  { weight: 2, arbitrary: fc.constantFrom(...Object.keys(DEFS)).map((d) => ({ $ref: `#/$defs/${d}` })) },
  { weight: 1, arbitrary: fc.constant({ type: ['string', 'null'] }) },
);

export const schemaArb: fc.Arbitrary<Schema> = fc.letrec<{ node: Schema; object: Schema; array: Schema; composite: Schema }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, { weight: 5, arbitrary: leaf }, { weight: 3, arbitrary: tie('object') }, { weight: 2, arbitrary: tie('array') }, { weight: 1, arbitrary: tie('composite') }),
  object: fc
    .record({
      props: fc.uniqueArray(fc.tuple(fc.constantFrom(...NAMES), tie('node')), { minLength: 1, maxLength: 4, selector: ([name]) => name }),
      required: fc.array(fc.nat(3), { maxLength: 3 }),
      additional: fc.oneof(fc.constant(undefined), fc.constant(true), fc.constant(false), leaf),
    })
    .map(({ props, required, additional }) => {
      const names = props.map(([name]) => name);
      return compact({
        type: 'object',
        properties: Object.fromEntries(props),
        required: [...new Set(required.filter((i) => i < names.length).map((i) => names[i]))].sort(),
        additionalProperties: additional,
      });
    }),
  array: fc
    .record({
      prefix: fc.array(tie('node'), { maxLength: 2 }),
      items: fc.oneof(fc.constant(undefined), fc.constant(false), tie('node')),
      minItems: maybe(fc.integer({ min: 0, max: 2 })),
      maxItems: maybe(fc.integer({ min: 2, max: 5 })),
      uniqueItems: fc.option(fc.constant(true), { nil: undefined, freq: 4 }),
    })
    .map(({ prefix, ...rest }) => compact({ type: 'array', ...(prefix.length ? { prefixItems: prefix } : {}), ...rest })),
  composite: fc.record({ method: fc.constantFrom('anyOf', 'oneOf', 'allOf'), members: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }).map(({ method, members }) => ({ [method]: members })),
})).node;

/** A whole payload schema: an object at the root, the shared definitions beside it. */
export const payloadArb: fc.Arbitrary<Schema> = fc
  .tuple(fc.uniqueArray(fc.tuple(fc.constantFrom(...NAMES), schemaArb), { minLength: 1, maxLength: 4, selector: ([n]) => n }), fc.array(fc.nat(3), { maxLength: 2 }), fc.constantFrom(undefined, false, true))
  .map(([props, required, additional]) => {
    const names = props.map(([n]) => n);
    return compact({
      type: 'object',
      properties: Object.fromEntries(props),
      required: [...new Set(required.filter((i) => i < names.length).map((i) => names[i]))].sort(),
      additionalProperties: additional,
      $defs: DEFS,
    });
  });

// ---- edits -------------------------------------------------------------------------------

type Edit = (s: Record<string, unknown>, pick: (n: number) => number) => void;

const EDITS: Edit[] = [
  // properties and required
  (s, pick) => isObj(s.properties) && delete s.properties[keys(s.properties)[pick(keys(s.properties).length)] ?? ''],
  (s, pick) => isObj(s.properties) && (s.properties[NAMES[pick(NAMES.length)]!] = [{ type: 'string' }, { type: 'integer' }, true, false][pick(4)]),
  (s, pick) => isObj(s.properties) && (s.required = toggle(arr(s.required), keys(s.properties)[pick(keys(s.properties).length)])),
  (s, pick) => s.type === 'object' && (s.additionalProperties = [undefined, true, false, { type: 'string' }][pick(4)]),
  // types, values
  (s, pick) => s.type !== undefined && (s.type = ['string', 'integer', 'number', ['string', 'null'], 'object'][pick(5)]),
  (s, pick) => Array.isArray(s.enum) && (s.enum = pick(2) ? [...s.enum, 'zz'] : s.enum.slice(1).length ? s.enum.slice(1) : ['zz']),
  (s, pick) => s.const !== undefined && (s.const = pick(2) ? 'other' : 2),
  // bounds
  (s, pick) => s.type === 'string' && (s.maxLength = [undefined, 1, 3, 8, 40][pick(5)]),
  (s, pick) => s.type === 'string' && (s.minLength = [undefined, 0, 1, 3][pick(4)]),
  (s, pick) => s.type === 'string' && (s.pattern = [undefined, ...PATTERNS][pick(PATTERNS.length + 1)]),
  (s, pick) => s.type === 'string' && (s.format = [undefined, ...FORMATS][pick(FORMATS.length + 1)]),
  (s, pick) => (s.type === 'integer' || s.type === 'number') && (s.minimum = [undefined, -3, 0, 1, 10][pick(5)]),
  (s, pick) => (s.type === 'integer' || s.type === 'number') && (s.maximum = [undefined, 5, 9, 100][pick(4)]),
  (s, pick) => (s.type === 'integer' || s.type === 'number') && (s.multipleOf = [undefined, 2, 4, 0.5][pick(4)]),
  // arrays
  (s, pick) => {
    if (!Array.isArray(s.prefixItems) || !s.prefixItems.length) return;
    if (pick(2)) s.prefixItems.push({ type: 'string' });
    else if (s.prefixItems.length > 1) s.prefixItems.pop();
    else delete s.prefixItems; // an empty prefixItems is not a valid schema
  },
  (s, pick) => s.type === 'array' && (s.items = [undefined, false, { type: 'string' }, { type: 'integer' }][pick(4)]),
  (s, pick) => s.type === 'array' && (s.maxItems = [undefined, 1, 3, 10][pick(4)]),
  (s, pick) => s.type === 'array' && (s.uniqueItems = [undefined, true][pick(2)]),
  (s) => s.type === 'array' && s.items === false && (delete s.items, (s.unevaluatedItems = false)),
  // composition: widen into a union, duplicate a member, swap the method
  (s, pick) => wrap(s, pick),
  (s) => Array.isArray(s.allOf) && s.allOf.push(s.allOf[0]),
  (s, pick) => {
    for (const m of ['anyOf', 'oneOf', 'allOf']) {
      if (Array.isArray(s[m])) {
        const to = ['anyOf', 'oneOf', 'allOf'][pick(3)]!;
        const list = s[m];
        delete s[m];
        s[to] = list;
        return;
      }
    }
  },
  (s, pick) => {
    for (const m of ['anyOf', 'oneOf']) if (Array.isArray(s[m]) && s[m].length > 1) s[m].splice(pick(s[m].length), 1);
  },
  // references: inline the target, or point elsewhere
  (s, pick) => typeof s.$ref === 'string' && (s.$ref = `#/$defs/${Object.keys(DEFS)[pick(3)]}`),
];

function wrap(s: Record<string, unknown>, pick: (n: number) => number): void {
  const { $defs, ...inner } = s;
  for (const k of Object.keys(s)) delete s[k];
  s.anyOf = pick(2) ? [inner, { type: 'integer' }] : [inner, { type: 'null' }];
  // The shared definitions stay at the root, where `#/$defs/…` finds them.
  if ($defs !== undefined) s.$defs = $defs;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const keys = (o: unknown) => (isObj(o) ? Object.keys(o) : []);
const arr = (v: unknown): string[] => (Array.isArray(v) ? v : []);
const toggle = (list: string[], name: string | undefined) => (name === undefined ? list : list.includes(name) ? list.filter((x) => x !== name) : [...list, name].sort());

/** Every subschema of a schema (not the shared definitions), for choosing where to edit. */
function subschemas(s: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (!isObj(s)) return out;
  out.push(s);
  for (const [k, v] of Object.entries(s)) {
    if (k === '$defs' || k === 'enum' || k === 'const') continue;
    if (k === 'properties' && isObj(v)) for (const p of Object.values(v)) subschemas(p, out);
    else if (Array.isArray(v)) for (const x of v) subschemas(x, out);
    else if (isObj(v)) subschemas(v, out);
  }
  return out;
}

/**
 * The schema after 1–3 edits at places chosen by `choices` (a copy; the original is untouched).
 * Edits that do not apply where they land are retried elsewhere, so the result differs when it can.
 */
export function mutate(schema: Schema, choices: readonly number[]): Schema {
  const copy = structuredClone(schema) as Record<string, unknown>;
  const original = JSON.stringify(schema);
  let i = 0;
  const pick = (n: number) => (n <= 0 ? 0 : (choices[i % choices.length]! + 7919 * Math.floor(i++ / choices.length)) % n);
  const edits = 1 + pick(3);
  for (let e = 0; e < edits || (JSON.stringify(copy) === original && e < 40); e++) {
    const places = subschemas(copy);
    const place = places[pick(places.length)]!; // the root at least
    EDITS[pick(EDITS.length)]!(place, pick);
    // An edit may leave `undefined` members: drop them, as JSON would.
    for (const p of subschemas(copy)) for (const k of Object.keys(p)) if (p[k] === undefined) delete p[k];
  }
  return copy;
}

export const editsArb = fc.array(fc.nat(1000), { minLength: 8, maxLength: 8 });
