/**
 * The generated dist/validators.js: built into a temp folder by the real `build` command, it
 * must have no runtime dependencies, agree with `validate` (the in-process checker) on every
 * fixture event, type-check its .d.ts, and build a correlation chain with createEvent.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { ValidationResult } from '../../src/events/checker.js';
import { eventCheckerOf } from '../../src/events/for-model.js';
import { loadContractSet } from '../../src/load/loader.js';
import { FolderSource } from '../../src/load/source.js';
import { nth, runCli } from '../helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'fixtures', 'validate');
const BUNDLED = join(ROOT, 'contracts');

interface Dist {
  validateEvent(event: unknown): ValidationResult;
  createEvent(type: string, payload: Record<string, unknown>, options?: Record<string, unknown>): Record<string, unknown>;
  EventValidationError: new (...args: never[]) => Error;
}

const temps: string[] = [];
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

async function build(contracts: string): Promise<{ dir: string; dist: Dist; source: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'sguild-validators-'));
  temps.push(dir);
  const run = await runCli(['build', '--contracts', contracts, '--out', dir], { cwd: ROOT });
  assert.equal(run.code, 0, run.stdout + run.stderr);
  // validators.js and the validator code it imports (one module per group of schemas).
  const groups = readdirSync(join(dir, 'validators')).filter((name) => name.endsWith('.js')).sort();
  const source = [readFileSync(join(dir, 'validators.js'), 'utf8'), ...groups.map((name) => readFileSync(join(dir, 'validators', name), 'utf8'))].join('\n');
  const dist = (await import(pathToFileURL(join(dir, 'validators.js')).href)) as Dist;
  return { dir, dist, source };
}

/** Every event in a fixture stream file, parsed (lines that are not JSON are skipped). */
function streamEvents(file: string): unknown[] {
  const text = readFileSync(file, 'utf8');
  if (text.trimStart().startsWith('[')) return JSON.parse(text) as unknown[];
  if (file.endsWith('.json')) return [JSON.parse(text)];
  return text.split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line)];
    } catch {
      return [];
    }
  });
}

function examplesOf(contracts: string): { path: string; event: Record<string, unknown> }[] {
  const model = loadContractSet(new FolderSource(contracts));
  return model.examples.filter((e) => e.doc.ok).map((e) => ({ path: e.path, event: e.doc.value as Record<string, unknown> }));
}

/** Variants that take each check down its failure path. */
function variants(event: Record<string, unknown>): unknown[] {
  const { subject: _s, ...noSubject } = event;
  return [
    event,
    { ...event, producer: event.producer === 'sales' ? 'growth' : 'sales' },
    noSubject,
    { ...event, actor: 'system:nobody' },
    { ...event, actor: 'per_01937b2e-4c1a-7d3e-9f10-000000000999' },
    { ...event, actor: `system:${String(event.producer)}` },
    { ...event, correlation_id: 'evt_not-a-uuid' },
    { ...event, payload: {} },
    { ...event, payload: { ...(event.payload as object), unexpected: true } },
    { ...event, schema_version: 99 },
    { ...event, event_type: 'nobody.registered' },
    { ...event, envelope_version: 2, debug: true },
    [event],
    null,
  ];
}

function assertAgreement(contracts: string, dist: Dist, events: unknown[]): void {
  const checker = eventCheckerOf(loadContractSet(new FolderSource(contracts)));
  for (const event of events) assert.deepEqual(dist.validateEvent(event), checker.validateEvent(event), JSON.stringify(event).slice(0, 200));
}

describe('generated validators.js (fixtures/validate/contracts)', () => {
  let built: Awaited<ReturnType<typeof build>>;
  before(async () => {
    built = await build(join(FIXTURES, 'contracts'));
  });

  it('has no runtime dependencies and no machine-specific text', () => {
    // The only imports: validators.js's of its own group modules.
    const imports = built.source.match(/^\s*import\b.*$/gm) ?? [];
    assert.ok(imports.length > 0);
    for (const line of imports) assert.match(line, /^import \{ validators_\w+ as make_\w+ \} from '\.\/validators\/(group-\d+|envelope)\.js';$/);
    assert.doesNotMatch(built.source.replace(/^import \{[^}]*\} from '\.\/validators\/[\w-]+\.js';$/gm, ''), /\bfrom\s*['"]/);
    assert.doesNotMatch(built.source, /\bimport\s*\(/);
    assert.ok(!built.source.includes(ROOT), 'no absolute paths');
    // Standalone code only: ajv itself is never loaded (it would compile schemas at import time).
    assert.doesNotMatch(built.source, /require\("ajv"\)|new Ajv/);
    assert.match(built.source, /^export function validateEvent\(event\) \{$/m);
    assert.match(built.source, /^export function createEvent\(eventType, payload, options\) \{$/m);
  });

  it('builds byte-identical output twice', async () => {
    const again = await build(join(FIXTURES, 'contracts'));
    assert.equal(again.source, built.source);
    assert.equal(readFileSync(join(again.dir, 'validators.d.ts'), 'utf8'), readFileSync(join(built.dir, 'validators.d.ts'), 'utf8'));
  });

  it('agrees with `validate` on every fixture event and its failing variants', () => {
    const events: unknown[] = [];
    for (const file of ['valid.ndjson', 'invalid.ndjson', 'batch.json', 'single.json']) events.push(...streamEvents(join(FIXTURES, file)));
    for (const { event } of examplesOf(join(FIXTURES, 'contracts'))) events.push(...variants(event));
    assert.ok(events.length > 80);
    assertAgreement(join(FIXTURES, 'contracts'), built.dist, events);
  });

  it('createEvent builds valid events and throws its typed error', () => {
    const event = built.dist.createEvent('lesson.scheduled', { lesson_id: 'les_01937b2e-4c1a-7d3e-9f10-000000000101', starts_at: '2026-05-04T15:00:00Z', duration_minutes: 30 });
    assert.equal(built.dist.validateEvent(event).ok, true);
    assert.equal(event.subject, 'les_01937b2e-4c1a-7d3e-9f10-000000000101');
    assert.throws(() => built.dist.createEvent('lesson.scheduled', {}), built.dist.EventValidationError);
  });

  it('its declarations type-check, typing payloads by event type and version', () => {
    writeFileSync(
      join(built.dir, 'consumer.ts'),
      [
        "import { createEvent, validateEvent, EventValidationError, type EventFailure } from './index.js';",
        "const lesson = 'les_01937b2e-4c1a-7d3e-9f10-000000000101';",
        "const v2 = createEvent('lesson.scheduled', { lesson_id: lesson, starts_at: '2026-05-04T15:00:00Z', duration_minutes: 30 });",
        'const two: 2 = v2.schema_version;',
        "const v1 = createEvent('lesson.scheduled', { lesson_id: lesson, starts_at: '2026-05-04T15:00:00Z' }, { schemaVersion: 1, causedBy: v2 });",
        'const one: 1 = v1.schema_version;',
        '// @ts-expect-error version 2 requires duration_minutes',
        "createEvent('lesson.scheduled', { lesson_id: lesson, starts_at: '2026-05-04T15:00:00Z' });",
        '// @ts-expect-error not a registered event type',
        "createEvent('lesson.nope', {});",
        'const result = validateEvent(JSON.parse("{}"));',
        "if (result.ok && result.event.event_type === 'lesson.scheduled' && result.event.schema_version === 2) { const d: number = result.event.payload.duration_minutes; void d; }",
        'if (!result.ok) { const f: EventFailure = result.errors[0]; void f; }',
        'try { createEvent(\'lesson.rated\', { lesson_id: lesson, person_id: \'per_x\', stars: 9 }, { actor: \'per_01937b2e-4c1a-7d3e-9f10-000000000201\' }); } catch (e) { if (e instanceof EventValidationError) void e.errors.length; }',
        'void two; void one;',
        '',
      ].join('\n'),
    );
    writeFileSync(join(built.dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, types: [] }, files: ['consumer.ts'] }));
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', built.dir], { encoding: 'utf8' });
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  });
});

describe('generated validators.js (bundled contracts)', { skip: !existsSync(join(BUNDLED, 'event-types-registry.json')) && 'contracts/ is not there' }, () => {
  let built: Awaited<ReturnType<typeof build>>;
  before(async () => {
    built = await build(BUNDLED);
  });

  it('agrees with `validate` on every bundled example and its failing variants', () => {
    const examples = examplesOf(BUNDLED);
    assert.ok(examples.length > 0);
    assertAgreement(BUNDLED, built.dist, examples.flatMap(({ event }) => variants(event)));
  });

  it('builds the seed correlation chain with createEvent: every event carries the first event id', () => {
    const registry = JSON.parse(readFileSync(join(BUNDLED, 'event-types-registry.json'), 'utf8')) as { event_types: Record<string, { contract: string; subject?: string; actors: string[]; versions: Record<string, unknown> }> };
    const chain = ['intake.captured', 'person.created', 'intake.matched', 'lead.qualified', 'credit.purchased', 'credit.reserved', 'credit.funded', 'credit.locked', 'customer.handoff'];
    const events: Record<string, unknown>[] = [];
    for (const type of chain) {
      const entry = registry.event_types[type];
      assert.ok(entry, `${type} is registered`);
      const current = Math.max(...Object.keys(entry.versions).map(Number));
      const examples = readdirSync(join(BUNDLED, entry.contract, 'examples')).filter((f) => f === `${type}-v${current}.json`);
      assert.equal(examples.length, 1, `${type} v${current} has an example`);
      const example = JSON.parse(readFileSync(join(BUNDLED, entry.contract, 'examples', nth(examples, 0)), 'utf8')) as Record<string, unknown>;
      const payload = example.payload as Record<string, unknown>;
      const options: Record<string, unknown> = {};
      // The default actor is system:<producer>; person-only event types get the example's person.
      if (!entry.actors.includes('system')) options.actor = example.actor;
      // The subject comes from the payload's <kind>_id when it has one.
      if (entry.subject && typeof payload[`${entry.subject}_id`] !== 'string') options.subject = example.subject;
      if (events.length) options.causedBy = events[events.length - 1];
      const event = built.dist.createEvent(type, payload, options);
      assert.equal(built.dist.validateEvent(event).ok, true, type);
      assert.equal(event.schema_version, current);
      if (entry.subject && typeof payload[`${entry.subject}_id`] === 'string') assert.equal(event.subject, payload[`${entry.subject}_id`]);
      events.push(event);
    }
    const root = nth(events, 0).event_id;
    assert.deepEqual(events.map((e) => e.correlation_id), chain.map(() => root));
    const ids = events.map((e) => e.event_id as string);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual([...ids].sort(), ids, 'UUID v7 ids sort in creation order');
  });
});
