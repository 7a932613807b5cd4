/**
 * Deterministic generator of realistic contract sets for the benchmarks.
 *
 *   node --import tsx bench/generate.ts [--size M|L|S] [--out DIR] [--changed] [--events N]
 *
 * Shapes follow the bundled set: shared prefixed IDs behind $ref, nested objects, enums, dates,
 * READMEs naming their events, one example event per version. `--changed` writes a second tree
 * with a few hundred scattered edits (some breaking) for the diff benchmark; `--events N` writes
 * an NDJSON stream of N valid events for the validation benchmark.
 */
import { mkdirSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';

export const SIZES = { S: { contracts: 10, eventTypes: 100 }, M: { contracts: 100, eventTypes: 1000 }, L: { contracts: 1000, eventTypes: 10000 } } as const;
const PRODUCERS = ['platform', 'growth', 'sales', 'operations', 'revenue'];
const KINDS: Record<string, string> = { event: 'evt_', person: 'per_', lesson: 'les_', order: 'ord_', invoice: 'inv_', credit_account: 'cac_', organization: 'org_', offering: 'off_' };
const NOUNS = ['account', 'booking', 'voucher', 'coach', 'venue', 'quote', 'refund', 'ticket', 'session', 'plan', 'badge', 'review'];
const VERBS = ['created', 'updated', 'archived', 'approved', 'rejected', 'scheduled', 'cancelled', 'completed', 'assigned', 'expired'];
const MARTS = ['finance-mart', 'growth-mart', 'portfolio-mart', 'warehouse-silver', 'ops-reporting', 'sales-reporting', 'audit-log'];
const FLOW_LENGTH = 6;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuid7(random: () => number, n: number): string {
  const hex = (len: number) => Array.from({ length: len }, () => Math.floor(random() * 16).toString(16)).join('');
  const ms = (1767225600000 + n * 1000).toString(16).padStart(12, '0');
  return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7${hex(3)}-${'89ab'[Math.floor(random() * 4)]}${hex(3)}-${hex(12)}`;
}

interface Generated {
  files: Map<string, string>;
  events: { type: string; version: number; contract: string; producer: string; subject: string; payload: () => Record<string, unknown> }[];
}

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';
const ref = (kind: string) => ({ $ref: `../../../event-envelope/schema/ids-v1.json#/$defs/${kind}_id` });

export function generate(size: keyof typeof SIZES, changed = false): Generated {
  const random = rng(42);
  const { contracts, eventTypes } = SIZES[size];
  const files = new Map<string, string>();
  const kinds = Object.keys(KINDS);
  const id = (kind: string, n: number) => `${KINDS[kind]}${uuid7(random, n)}`;
  const registry: Record<string, unknown> = {};
  const events: Generated['events'] = [];
  const readmes = new Map<string, string[]>();
  const changeRandom = rng(7);
  const typeNames: string[] = [];
  const flows: Record<string, unknown> = {};
  let flowCount = 0;

  for (let i = 0; i < eventTypes; i++) {
    const contract = `domain-${String(i % contracts).padStart(4, '0')}`;
    const type = `d${i % contracts}.${NOUNS[i % NOUNS.length]}${Math.floor(i / contracts)}.${VERBS[i % VERBS.length]}`;
    const producer = PRODUCERS[i % PRODUCERS.length]!;
    typeNames.push(type);
    const subject = kinds[1 + (i % (kinds.length - 1))]!;
    const versionCount = 1 + (i % 3);
    const versions: Record<string, { schema: string }> = {};
    for (let v = 1; v <= versionCount; v++) {
      const path = `${contract}/schema/payloads/${type}-v${v}.json`;
      versions[String(v)] = { schema: path };
      const statusEnum = ['pending', 'active', 'closed', ...(v > 1 ? ['reopened'] : [])];
      const schema: Record<string, any> = {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: `https://schemas.example.com/contracts/${path}`,
        title: `${type} v${v} payload`,
        description: `Payload of ${type}, version ${v}.`,
        type: 'object',
        required: [`${subject}_id`, 'status', 'occurred_on', 'details', `${type.split('.')[2]}_at`],
        additionalProperties: false,
        properties: {
          [`${subject}_id`]: ref(subject),
          actor_person_id: ref('person'),
          status: { type: 'string', enum: statusEnum },
          occurred_on: { type: 'string', format: 'date' },
          [`${type.split('.')[2]}_at`]: { type: 'string', format: 'date-time' },
          amount: { type: 'integer', minimum: 0, maximum: 10_000_000 },
          currency: { type: 'string', pattern: '^[A-Z]{3}$' },
          details: {
            type: 'object',
            additionalProperties: false,
            required: ['label'],
            properties: {
              label: { type: 'string', minLength: 1, maxLength: 200 },
              tags: { type: 'array', items: { type: 'string', maxLength: 40 }, maxItems: 20, uniqueItems: true },
              organization_id: ref('organization'),
            },
          },
          ...(v > 1 ? { note: { type: 'string', maxLength: 500 } } : {}),
        },
      };
      if (changed && changeRandom() < 0.15) mutate(schema, changeRandom);
      files.set(path, json(schema));
      const n = i * 3 + v;
      const payload = () => ({
        [`${subject}_id`]: id(subject, n),
        actor_person_id: id('person', n + 1),
        status: statusEnum[n % 3],
        occurred_on: '2026-05-04',
        [`${type.split('.')[2]}_at`]: '2026-05-04T10:00:00Z',
        amount: 1200,
        currency: 'EUR',
        details: { label: `item ${n}`, tags: ['a', 'b'], organization_id: id('organization', n + 2) },
      });
      const example = { event_id: id('event', n), event_type: type, schema_version: v, occurred_at: '2026-05-04T10:00:00Z', producer, envelope_version: 1, subject: id(subject, n), actor: `system:${producer}`, payload: payload() };
      example.subject = example.payload[`${subject}_id`] as string;
      files.set(`${contract}/examples/${type}-v${v}.json`, json(example));
      events.push({ type, version: v, contract, producer, subject, payload });
    }
    // Readers: the next producer (so consecutive event types form flows with documented hand-overs) and one mart.
    const all = Object.keys(versions);
    const consumers = [
      { service: PRODUCERS[(i + 1) % PRODUCERS.length], versions: all },
      { service: MARTS[i % MARTS.length], versions: all.slice(-1) },
    ];
    // Later versions add an enum value and an optional property to closed objects: additive, so
    // BACKWARD (as the bundled intake.* v2s), which keeps the set clean under check's FULL default.
    registry[type] = { contract, producer, subject, actors: ['person', 'system'], status: 'active', description: `A ${NOUNS[i % NOUNS.length]} was ${VERBS[i % VERBS.length]}.`, ...(versionCount > 1 ? { compatibility: 'BACKWARD' } : {}), versions, consumers };
    if (i % FLOW_LENGTH === FLOW_LENGTH - 1) {
      const steps = Array.from({ length: FLOW_LENGTH }, (_, k) => i - FLOW_LENGTH + 1 + k).map((j) => ({ event_type: typeNames[j], producer: PRODUCERS[j % PRODUCERS.length] }));
      flows[`flow-${String(flowCount++).padStart(4, '0')}`] = { description: `Chain ${flowCount} of ${FLOW_LENGTH} event types across producers.`, steps };
    }
    if (!readmes.has(contract)) readmes.set(contract, []);
    readmes.get(contract)!.push(`- \`${type}\` (v1–v${versionCount}): a ${NOUNS[i % NOUNS.length]} was ${VERBS[i % VERBS.length]}.`);
  }
  if (changed) {
    // A few registry-level changes as well: a removed event type, a changed producer, a deprecation.
    const names = Object.keys(registry); // 100 at least, in every size
    const deprecated = names[5]!;
    const moved = names[11]!;
    (registry[deprecated] as any).status = 'deprecated';
    (registry[moved] as any).producer = PRODUCERS[(PRODUCERS.indexOf((registry[moved] as any).producer) + 1) % 5];
  }
  for (const [contract, lines] of readmes) {
    files.set(`${contract}/README.md`, `# ${contract}\n\n**Status:** active\n**Owner:** Team ${contract}\n**Version:** 1.0.0\n\nEvents this contract owns:\n\n${lines.join('\n')}\n`);
  }
  const sortedRegistry = Object.fromEntries(Object.keys(registry).sort().map((k) => [k, registry[k]]));
  files.set('event-types-registry.json', json({ registry_version: changed ? '1.1.0' : '1.0.0', id_kinds: Object.fromEntries(kinds.map((k) => [k, { prefix: KINDS[k], description: `A ${k.replace('_', ' ')}.` }])), event_types: sortedRegistry, services: Object.fromEntries([...PRODUCERS, ...MARTS].map((name) => [name, { owner: `Team ${name}`, description: `The ${name} service.` }])), flows }));
  files.set('event-envelope/README.md', '# Event envelope\n\n**Status:** active\n**Owner:** Platform\n**Version:** 1.0.0\n\nThe envelope every event shares.\n');
  files.set('event-envelope/schema/ids-v1.json', json({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://schemas.example.com/contracts/event-envelope/schema/ids-v1.json',
    title: 'Shared ID definitions',
    $defs: Object.fromEntries(kinds.map((k) => [`${k}_id`, { type: 'string', title: `${k} ID`, pattern: `^${KINDS[k]}${UUID}$` }])),
  }));
  const prefixes = kinds.filter((k) => k !== 'event').map((k) => KINDS[k]!.slice(0, -1)).join('|');
  files.set('event-envelope/schema/envelope-v1.json', json({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://schemas.example.com/contracts/event-envelope/schema/envelope-v1.json',
    title: 'Event envelope v1',
    type: 'object',
    required: ['event_id', 'event_type', 'schema_version', 'occurred_at', 'producer', 'envelope_version', 'payload'],
    additionalProperties: false,
    properties: {
      event_id: { $ref: 'ids-v1.json#/$defs/event_id' },
      event_type: { type: 'string', pattern: '^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)+$' },
      schema_version: { type: 'integer', minimum: 1 },
      occurred_at: { type: 'string', format: 'date-time' },
      producer: { enum: PRODUCERS },
      envelope_version: { const: 1 },
      payload: { type: 'object' },
      subject: { type: 'string', pattern: `^(${prefixes})_${UUID}$` },
      actor: { type: 'string', pattern: `^(per_${UUID}|system:(${PRODUCERS.join('|')}))$` },
      correlation_id: { $ref: 'ids-v1.json#/$defs/event_id' },
    },
  }));
  return { files, events };
}

/** One scattered change: some breaking (narrowed enum, new required field), some not. */
function mutate(schema: Record<string, any>, random: () => number): void {
  const r = random();
  if (r < 0.25) schema.properties.status.enum = schema.properties.status.enum.slice(0, 2);
  else if (r < 0.5) schema.properties.details.properties.label.maxLength = 100;
  else if (r < 0.75) schema.properties.channel = { type: 'string', enum: ['web', 'app'] };
  else {
    schema.properties.channel = { type: 'string' };
    schema.required = [...schema.required, 'channel'];
  }
}

export function writeTree(out: string, files: Map<string, string>): void {
  rmSync(out, { recursive: true, force: true });
  for (const [path, content] of files) {
    mkdirSync(join(out, path, '..'), { recursive: true });
    writeFileSync(join(out, path), content);
  }
}

export async function writeEvents(path: string, generated: Generated, count: number): Promise<void> {
  const random = rng(99);
  const stream = createWriteStream(path);
  for (let n = 0; n < count; n++) {
    const e = generated.events[n % generated.events.length]!; // a generated set has events
    const payload = e.payload();
    const event = { event_id: `evt_${uuid7(random, n)}`, event_type: e.type, schema_version: e.version, occurred_at: '2026-05-04T10:00:00Z', producer: e.producer, envelope_version: 1, subject: payload[`${e.subject}_id`], actor: `system:${e.producer}`, payload };
    if (!stream.write(JSON.stringify(event) + '\n')) await new Promise<void>((r) => stream.once('drain', () => r()));
  }
  await new Promise<void>((r) => stream.end(r));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const size = (opt('--size') ?? 'M') as keyof typeof SIZES;
  const out = opt('--out') ?? join('bench', '.data', size);
  const generated = generate(size, args.includes('--changed'));
  writeTree(out, generated.files);
  const events = opt('--events');
  if (events) await writeEvents(join(out, '..', `${size}-events.ndjson`), generated, Number(events));
  console.log(`wrote ${generated.files.size} files to ${out}`);
}
