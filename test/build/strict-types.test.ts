/**
 * The generated types are as strict as the runtime. For every bundled example event, createEvent
 * is called at run time without `subject` and without `actor` to learn which it requires; then one
 * TypeScript file makes the same calls against dist/, each call that throws at run time marked
 * `@ts-expect-error` (so tsc fails if the types accept it) and each that works left bare (so tsc
 * fails if the types refuse it). Further misuses (unknown type, another producer's system actor,
 * a subject of another kind, a payload of the wrong version or with a wrong enum value) are
 * listed by hand. tsc --strict must pass the file.
 *
 * Also: each payload property's constraints (minimum, maxLength, format, pattern, …) appear in
 * its JSDoc in payloads.d.ts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createEvent } from '../../dist/index.js';
import { payloadTypeName } from '../../src/build/type-plan.js';
import { BUNDLED, REPO, tempDir } from './util.js';
import { nth } from '../helpers.js';

interface Example {
  path: string;
  event: { event_type: string; schema_version: number; producer: string; subject?: string; actor?: string; payload: Record<string, unknown> };
}

function examples(): Example[] {
  const found: Example[] = [];
  for (const contract of readdirSync(BUNDLED).sort()) {
    let names: string[] = [];
    try {
      names = readdirSync(join(BUNDLED, contract, 'examples')).filter((n) => n.endsWith('.json')).sort();
    } catch {
      continue;
    }
    for (const name of names) found.push({ path: `${contract}/examples/${name}`, event: JSON.parse(readFileSync(join(BUNDLED, contract, 'examples', name), 'utf8')) });
  }
  return found;
}

/** The failure kinds createEvent throws for these options, or [] when it builds the event. */
function runtimeFailures(type: string, payload: unknown, options: Record<string, unknown>): string[] {
  try {
    (createEvent as unknown as (t: string, p: unknown, o: unknown) => unknown)(type, payload, options);
    return [];
  } catch (error) {
    return ((error as { errors?: { kind: string }[] }).errors ?? []).map((e) => e.kind);
  }
}

const PRODUCERS = ['platform', 'growth', 'sales', 'operations', 'revenue'];

describe('createEvent types as strict as createEvent', () => {
  it('require subject and actor exactly when the runtime does, and accept only registered kinds', () => {
    const lines = [`import { createEvent } from ${JSON.stringify(join(REPO, 'dist', 'index.js'))};`, ''];
    const counts = { subjectRequired: 0, subjectOptional: 0, actorRequired: 0, actorOptional: 0 };
    for (const { path, event } of examples()) {
      const call = (options: Record<string, unknown>) => `createEvent(${JSON.stringify(event.event_type)}, ${JSON.stringify(event.payload)}, ${JSON.stringify(options)});`;
      const full: Record<string, unknown> = { schemaVersion: event.schema_version };
      if (event.subject !== undefined) full.subject = event.subject;
      if (event.actor !== undefined) full.actor = event.actor;
      assert.deepEqual(runtimeFailures(event.event_type, event.payload, full), [], `${path} builds with its own subject and actor`);
      lines.push(`// ${path}`, call(full));

      const { subject: _s, ...noSubject } = full;
      const subjectKinds = runtimeFailures(event.event_type, event.payload, noSubject);
      if (subjectKinds.includes('subject-missing')) {
        counts.subjectRequired++;
        lines.push('// @ts-expect-error the payload does not name the subject: subject is required', call(noSubject));
      } else {
        assert.deepEqual(subjectKinds, [], path);
        counts.subjectOptional++;
        lines.push(call(noSubject));
      }

      const { actor: _a, ...noActor } = full;
      const actorKinds = runtimeFailures(event.event_type, event.payload, noActor);
      if (actorKinds.includes('actor-not-allowed')) {
        counts.actorRequired++;
        lines.push('// @ts-expect-error the registry allows no system actor: actor is required', call(noActor));
      } else {
        assert.deepEqual(actorKinds, [], path);
        counts.actorOptional++;
        lines.push(call(noActor));
      }

      const other = PRODUCERS.find((p) => p !== event.producer)!;
      assert.ok(runtimeFailures(event.event_type, event.payload, { ...full, actor: `system:${other}` }).includes('actor-not-allowed'));
      lines.push("// @ts-expect-error another producer's system actor", call({ ...full, actor: `system:${other}` }));
      if (event.subject !== undefined) {
        const wrongKind = event.subject.startsWith('evt_') ? `per_${event.subject.slice(4)}` : `evt_${event.subject.slice(4)}`;
        assert.ok(runtimeFailures(event.event_type, event.payload, { ...full, subject: wrongKind }).length > 0);
        lines.push('// @ts-expect-error a subject of another kind', call({ ...full, subject: wrongKind }));
      }
      lines.push('');
    }
    // Every branch above was taken at least once, so no half of the check is vacuous.
    for (const [what, n] of Object.entries(counts)) assert.ok(n > 0, `no example where ${what}`);

    const lesson = { lesson_id: 'les_0193a7c4-1f00-7000-8000-000000000001', initiator: 'customer', reason_code: 'schedule_conflict', cancelled_at: '2026-03-12T09:00:00Z' };
    const misuses: [string, unknown[]][] = [
      ['an unregistered event type', ['lesson.canceled', lesson]],
      ['a value outside an enum', ['lesson.cancelled', { ...lesson, initiator: 'alien' }]],
      ['a missing required payload field', ['lesson.cancelled', { lesson_id: lesson.lesson_id }]],
      ['an unregistered schema version', ['lesson.cancelled', lesson, { schemaVersion: 2 }]],
      ['an ID of the wrong kind in the payload', ['lesson.cancelled', { ...lesson, lesson_id: 'per_0193a7c4-1f00-7000-8000-000000000001' }]],
      ['an actor that is neither a person nor a system', ['lesson.cancelled', lesson, { actor: 'coach-42' }]],
    ];
    for (const [why, args] of misuses) {
      assert.ok(runtimeFailures(args[0] as string, args[1], (args[2] as Record<string, unknown>) ?? {}).length > 0, why);
      lines.push(`// @ts-expect-error ${why}`, `createEvent(${args.map((a) => JSON.stringify(a)).join(', ')});`);
    }

    const dir = tempDir();
    writeFileSync(join(dir, 'calls.ts'), lines.join('\n') + '\n');
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022'], types: [], skipLibCheck: true }, files: ['calls.ts'] }));
    const tsc = spawnSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8' });
    assert.equal(tsc.status, 0, `tsc --strict rejected the calls (an unused @ts-expect-error means the types accept what the runtime refuses):\n${tsc.stdout}${tsc.stderr}`);
  });
});

describe('payload JSDoc', () => {
  const CONSTRAINTS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'pattern', 'format', 'minItems', 'maxItems', 'uniqueItems'];
  it("carries each top-level payload property's constraints", () => {
    const dts = readFileSync(join(REPO, 'dist', 'payloads.d.ts'), 'utf8');
    const registry = JSON.parse(readFileSync(join(BUNDLED, 'event-types-registry.json'), 'utf8')) as { event_types: Record<string, { contract: string; versions: Record<string, { schema: string }> }> };
    let checked = 0;
    for (const [type, entry] of Object.entries(registry.event_types)) {
      for (const [version, { schema }] of Object.entries(entry.versions)) {
        const payload = JSON.parse(readFileSync(join(BUNDLED, schema), 'utf8')) as { properties?: Record<string, Record<string, unknown>> };
        const name = payloadTypeName(type, version);
        const start = dts.indexOf(`export interface ${name} {`);
        assert.ok(start >= 0, name);
        const body = dts.slice(start, dts.indexOf('\n}\n', start));
        for (const [property, spec] of Object.entries(payload.properties ?? {})) {
          const present = CONSTRAINTS.filter((k) => k in spec);
          if (!present.length) continue;
          const escaped = property.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          const doc = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\n {2}"?${escaped}"?\\??:`).exec(body);
          assert.ok(doc, `${name}.${property} has a doc comment`);
          for (const keyword of present) {
            const value = typeof spec[keyword] === 'string' ? (spec[keyword]) : JSON.stringify(spec[keyword]);
            assert.ok(nth(doc, 1).includes(`@${keyword} ${value.replaceAll('*/', '*\\/')}`), `${name}.${property}: @${keyword} ${value} in\n${doc[1]}`);
            checked++;
          }
        }
      }
    }
    assert.ok(checked > 10, `only ${checked} constraints checked`);
  });
});
