/** `new contract` and `init`: a contract folder with its README, and a whole new contract set. */
import type { FileSource } from '../load/source.js';
import { AuthorError, type FileChange } from './plan.js';

const CONTRACT_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export interface NewContractOptions {
  owner?: string;
  description?: string;
}

export function planNewContract(source: FileSource, name: string, options: NewContractOptions): FileChange[] {
  if (!CONTRACT_NAME.test(name)) throw new AuthorError(`"${name}" is not a contract folder name: use lower-case words joined by "-", e.g. coach-ratings`);
  const folders = new Set(source.list().filter((p) => p.includes('/')).map((p) => p.slice(0, p.indexOf('/'))));
  if (folders.has(name)) throw new AuthorError(`contract folder "${name}" already exists`);
  if (!source.list().includes('event-types-registry.json')) throw new AuthorError('this is not a contract set (no event-types-registry.json); run sguild-contracts init first');
  return [{ path: `${name}/README.md`, content: contractReadme(name, options), action: 'create' }];
}

export function contractReadme(name: string, options: NewContractOptions): string {
  const title = name.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
  return [
    `# ${title} Contract`,
    '',
    '**Status:** Proposed',
    `**Owner:** ${options.owner ?? 'TODO: owning team'}`,
    '**Version:** 0.1.0',
    '',
    '## Purpose',
    '',
    options.description ?? 'TODO: what this contract covers, who produces its events and who consumes them.',
    '',
    '## Events',
    '',
    '| Event type | Versions | Producer | Subject | Actors | Meaning |',
    '|---|---|---|---|---|---|',
    '',
    'Payload schemas live in schema/payloads/ (one file per event type and version); one complete example event per version lives in examples/. All are registered in ../event-types-registry.json.',
    '',
  ].join('\n');
}

export interface InitOptions {
  producers: readonly string[];
  /** Base URI of every schema `$id`, ending with "/". */
  baseUri: string;
}

const UUID_V7 = '[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';

/** A new contract set: registry, envelope, shared IDs, and their READMEs; refused unless the folder holds nothing. */
export function planInit(existing: readonly string[], options: InitOptions): FileChange[] {
  if (existing.length) throw new AuthorError(`the folder is not empty (it holds ${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ', …' : ''}); init only starts a contract set in an empty or new folder`);
  for (const p of options.producers) if (!/^[a-z][a-z0-9_-]*$/.test(p)) throw new AuthorError(`producer "${p}" must be a lower-case word (it is also used in system:${p} actors)`);
  if (!/^[a-z][a-z0-9+.-]*:\/\/.+\/$/.test(options.baseUri)) throw new AuthorError(`--base-uri must be an absolute URI ending with "/", e.g. https://schemas.example.com/contracts/, not "${options.baseUri}"`);
  const idKinds = {
    event: { prefix: 'evt_', description: 'Unique identifier of one emitted event envelope; also the correlation_id of the first event of a causal chain.' },
    person: { prefix: 'per_', description: 'A person: every human the events talk about.' },
  };
  const registry = { registry_version: '0.1.0', id_kinds: idKinds, event_types: {} };
  const ids = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${options.baseUri}event-envelope/schema/ids-v1.json`,
    title: 'Shared ID definitions v1',
    description: 'One definition per ID kind in the registry\'s id_kinds: a prefix, an underscore and a lower-case UUID v7. Payload schemas reference these for every *_id property.',
    $defs: Object.fromEntries(
      Object.entries(idKinds).map(([kind, { prefix, description }]) => [
        `${kind}_id`,
        { type: 'string', title: `${kind.charAt(0).toUpperCase()}${kind.slice(1)} ID`, description: `${description} Format: ${prefix}<UUID v7>.`, pattern: `^${prefix}${UUID_V7}$` },
      ]),
    ),
  };
  const producers = [...options.producers];
  const envelope = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${options.baseUri}event-envelope/schema/envelope-v1.json`,
    title: 'Event envelope v1',
    description: 'Envelope around every event. The payload is validated separately against the payload schema registered for (event_type, schema_version).',
    type: 'object',
    properties: {
      event_id: { $ref: 'ids-v1.json#/$defs/event_id', description: 'Unique ID of this event; consumers deduplicate on it.' },
      event_type: { type: 'string', pattern: '^[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)+$', description: 'Registered event type.' },
      schema_version: { type: 'integer', minimum: 1, description: 'Version of the payload schema for this event_type.' },
      occurred_at: { type: 'string', format: 'date-time', description: 'When the fact happened (RFC 3339).' },
      producer: { type: 'string', enum: producers, description: 'Domain that owns and emitted the event.' },
      envelope_version: { type: 'integer', const: 1, description: 'Version of this envelope contract.' },
      subject: { type: 'string', description: 'ID of the entity the event is about.', anyOf: [{ pattern: `^per_${UUID_V7}$` }] },
      actor: { type: 'string', pattern: `^(per_${UUID_V7}|system:(${producers.join('|')}))$`, description: 'Who caused the event: a person ID, or system:<producer>.' },
      correlation_id: { $ref: 'ids-v1.json#/$defs/event_id', description: 'event_id of the event that started the causal chain.' },
      payload: { type: 'object', description: 'Event-type-specific body, validated against the registered payload schema.' },
    },
    required: ['event_id', 'event_type', 'schema_version', 'occurred_at', 'producer', 'envelope_version', 'payload'],
    additionalProperties: false,
  };
  const envelopeReadme = [
    '# Event Envelope Contract',
    '',
    '**Status:** Active',
    `**Owner:** ${producers[0]}`,
    '**Version:** 1.0.0',
    '',
    'Every event shares this envelope (schema/envelope-v1.json); the shared ID definitions every payload references are in schema/ids-v1.json.',
    '',
  ].join('\n');
  const rootReadme = [
    '# Event contracts',
    '',
    'The event types, their payload schemas and examples. Checked with `sguild-contracts check`; add an event type with `sguild-contracts new event <type> --contract <folder>` (make the folder with `sguild-contracts new contract <folder>`).',
    '',
  ].join('\n');
  return [
    { path: 'README.md', content: rootReadme, action: 'create' },
    { path: 'event-types-registry.json', content: json(registry), action: 'create' },
    { path: 'event-envelope/README.md', content: envelopeReadme, action: 'create' },
    { path: 'event-envelope/schema/envelope-v1.json', content: json(envelope), action: 'create' },
    { path: 'event-envelope/schema/ids-v1.json', content: json(ids), action: 'create' },
  ];
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
