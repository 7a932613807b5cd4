/**
 * The soundness check of the schema comparison: for a pair of schemas, the diff's verdicts are
 * confronted with instances validated by ajv. A pair called backward compatible while some
 * instance is accepted by the old schema and rejected by the new one (or forward compatible with
 * the reverse) is unsound; every witness must validate as it claims. Instances come from the
 * engine's own generator, from an independent random generator (below) and from perturbing both.
 *
 * Used by test/diff/soundness.test.ts (a fixed seed, in `npm test`) and `npm run fuzz -- --soundness`.
 */
import { diffSchemaFiles } from '../../src/diff/contract-diff.js';
import { makeSide, rootNode } from '../../src/diff/schema-node.js';
import { InstanceGenerator } from '../../src/diff/semantic/instances.js';
import type { Change, Policy, Witness } from '../../src/diff/types.js';
import { loadContractSet } from '../../src/load/loader.js';
import { MemorySource } from '../../src/load/source.js';
import type { ContractSet } from '../../src/model/types.js';
import { createAjv } from '../../src/schema/compile.js';
import type { Schema } from './schemas.js';

export interface PairResult {
  changes: Change[];
  backward: boolean;
  forward: boolean;
  instances: number;
  /** Instances that disprove a compatible verdict (empty when sound). */
  counterexamples: { direction: 'backward' | 'forward'; value: unknown }[];
  /** Witnesses that do not validate as they claim (empty when correct). */
  badWitnesses: { kind: string; witness: Witness }[];
  /** Incompatible directions of changes that carry no witness. */
  missingWitnesses: { kind: string; direction: 'backward' | 'forward'; message: string }[];
  witnesses: number;
}

const encoder = new TextEncoder();

function model(path: string, schema: Schema): ContractSet {
  return loadContractSet(new MemorySource('soundness', new Map([[path, encoder.encode(JSON.stringify(schema, null, 2) + '\n')]])));
}

/** One ajv for every pair: a fresh one compiles the 2020-12 meta-schema before the schema itself. */
let ajv: ReturnType<typeof createAjv> | undefined;

/** ajv's verdicts for a raw schema, compiled on its own (independently of the differ's validators). */
function compile(schema: Schema): (v: unknown) => boolean {
  if (typeof schema === 'boolean') return () => schema;
  ajv ??= createAjv('2020-12');
  const validate = ajv.compile(schema);
  // Forgotten again, so that the next schema may reuse this one's $id.
  ajv.removeSchema(schema);
  return (v) => validate(v);
}

export function checkPair(before: Schema, after: Schema, seed: number, policy: Policy = 'strict', randomCount = 60): PairResult {
  const oldModel = model('old.json', before);
  const newModel = model('new.json', after);
  const changes = diffSchemaFiles(oldModel, 'old.json', newModel, 'new.json', { policy, dialect: '2020-12' });
  const backward = changes.every((c) => c.backward);
  const forward = changes.every((c) => c.forward);
  const accepts = { old: compile(before), new: compile(after) };

  const candidates: unknown[] = [];
  // The engine's own candidates, from both sides.
  const generator = new InstanceGenerator();
  for (const [m, file] of [[oldModel, 'old.json'], [newModel, 'new.json']] as const) {
    const node = rootNode(makeSide(m, '2020-12'), file);
    if (node) candidates.push(...generator.samples([node]).map((s) => s.value));
  }
  // Independent ones: random instances shaped by each schema, and perturbations of everything so far.
  const rng = mulberry32(seed);
  for (const schema of [before, after]) for (let i = 0; i < randomCount / 2; i++) candidates.push(randomInstance(schema, schema, rng, 0));
  for (const value of candidates.slice()) candidates.push(perturb(value, rng));
  for (const c of changes) for (const w of [c.witness, c.reverseWitness]) if (w) candidates.push(w.value);

  const counterexamples: PairResult['counterexamples'] = [];
  for (const value of candidates) {
    const o = accepts.old(value);
    const n = accepts.new(value);
    if (backward && o && !n) counterexamples.push({ direction: 'backward', value });
    if (forward && n && !o) counterexamples.push({ direction: 'forward', value });
  }
  const badWitnesses: PairResult['badWitnesses'] = [];
  const missingWitnesses: PairResult['missingWitnesses'] = [];
  let witnesses = 0;
  for (const c of changes) {
    const all = [c.witness, c.reverseWitness].filter((w): w is Witness => w !== undefined);
    witnesses += all.length;
    for (const w of all) {
      const other = w.acceptedBy === 'old' ? 'new' : 'old';
      if (!accepts[w.acceptedBy](w.value) || accepts[other](w.value)) badWitnesses.push({ kind: c.kind, witness: w });
    }
    if (!c.backward && !all.some((w) => w.acceptedBy === 'old')) missingWitnesses.push({ kind: c.kind, direction: 'backward', message: c.message });
    if (!c.forward && !all.some((w) => w.acceptedBy === 'new')) missingWitnesses.push({ kind: c.kind, direction: 'forward', message: c.message });
  }
  return { changes, backward, forward, instances: candidates.length, counterexamples, badWitnesses, missingWitnesses, witnesses };
}

// ---- an independent instance generator ------------------------------------------------------

type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (rng: Rng, n: number) => Math.floor(rng() * n);
/** A random item of a list that is not empty. */
const choose = <T>(rng: Rng, list: readonly T[]): T => list[int(rng, list.length)]!;
const STRINGS = ['', 'a', 'ab', 'abc', 'open', 'Zed', 'x-y', 'ld_0123abcd', 'ld_0123abcg', '123', '2024-01-02T03:04:05Z', '2024-01-02', 'a@example.com', '123e4567-e89b-12d3-a456-426614174000', 'aaaaaaaaaaa', 'new', 'won', 'zz', 'other'];
const NUMBERS = [0, 1, -1, 2, 3, 4, 5, 6, 9, 10, 11, 49, 50, 51, 100, 1.5, -3, 0.5, 1e6];

function anyValue(rng: Rng, depth: number): unknown {
  switch (int(rng, depth > 2 ? 4 : 6)) {
    case 0:
      return STRINGS[int(rng, STRINGS.length)];
    case 1:
      return NUMBERS[int(rng, NUMBERS.length)];
    case 2:
      return rng() < 0.5;
    case 3:
      return null;
    case 4:
      return Array.from({ length: int(rng, 3) }, () => anyValue(rng, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: int(rng, 3) }, () => [['id', 'name', 'status', 'x'][int(rng, 4)], anyValue(rng, depth + 1)]));
  }
}

/** A value roughly shaped by the schema (often valid, sometimes not: ajv decides). */
function randomInstance(schema: unknown, root: unknown, rng: Rng, depth: number): unknown {
  if (depth > 6 || schema === true || schema === undefined) return anyValue(rng, depth);
  if (schema === false || typeof schema !== 'object' || schema === null) return anyValue(rng, depth);
  const s = schema as Record<string, unknown>;
  if (rng() < 0.05) return anyValue(rng, depth);
  if (typeof s.$ref === 'string') {
    const name = s.$ref.replace('#/$defs/', '');
    return randomInstance(((root as Record<string, Record<string, unknown>>).$defs ?? {})[name], root, rng, depth + 1);
  }
  for (const m of ['anyOf', 'oneOf', 'allOf']) {
    const list = s[m];
    if (Array.isArray(list) && list.length) return randomInstance(list[int(rng, list.length)], root, rng, depth + 1);
  }
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[int(rng, s.enum.length)];
  const type = Array.isArray(s.type) ? s.type[int(rng, s.type.length)] : s.type;
  if (type === 'object' || s.properties) {
    const out: Record<string, unknown> = {};
    const props = (s.properties ?? {}) as Record<string, unknown>;
    const required = new Set(Array.isArray(s.required) ? s.required : []);
    for (const [name, sub] of Object.entries(props)) if (required.has(name) || rng() < 0.6) out[name] = randomInstance(sub, root, rng, depth + 1);
    if (rng() < 0.3) out[choose(rng, ['extra', 'note', 'owner', 'id'])] = s.additionalProperties && typeof s.additionalProperties === 'object' ? randomInstance(s.additionalProperties, root, rng, depth + 1) : anyValue(rng, depth + 1);
    return out;
  }
  if (type === 'array' || s.prefixItems || s.items) {
    const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : [];
    const length = int(rng, prefix.length + 4);
    return Array.from({ length }, (_, i) => randomInstance(i < prefix.length ? prefix[i] : s.items, root, rng, depth + 1));
  }
  if (type === 'string') {
    const base = choose(rng, STRINGS);
    return rng() < 0.3 ? base.repeat(1 + int(rng, 4)) : base;
  }
  if (type === 'integer') return Math.round(choose(rng, NUMBERS));
  if (type === 'number') return NUMBERS[int(rng, NUMBERS.length)];
  if (type === 'boolean') return rng() < 0.5;
  if (type === 'null') return null;
  return anyValue(rng, depth);
}

/** The value with one thing changed: a property dropped or added, a leaf replaced, an item appended. */
function perturb(value: unknown, rng: Rng): unknown {
  const copy = structuredClone(value);
  const holders: (Record<string, unknown> | unknown[])[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) {
      holders.push(v);
      v.forEach(walk);
    } else if (v !== null && typeof v === 'object') {
      holders.push(v as Record<string, unknown>);
      Object.values(v).forEach(walk);
    }
  };
  walk(copy);
  if (!holders.length) return anyValue(rng, 0);
  const h = choose(rng, holders);
  if (Array.isArray(h)) {
    if (rng() < 0.5 && h.length) h.pop();
    else h.push(h.length && rng() < 0.5 ? structuredClone(h[0]) : anyValue(rng, 2));
  } else {
    const keys = Object.keys(h);
    const r = rng();
    if (r < 0.35 && keys.length) delete h[choose(rng, keys)];
    else if (r < 0.7 && keys.length) h[choose(rng, keys)] = anyValue(rng, 2);
    else h[choose(rng, ['id', 'name', 'status', 'count', 'tags', 'owner', 'note', 'extra'])] = anyValue(rng, 2);
  }
  return copy;
}
