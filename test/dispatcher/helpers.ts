/** Shared by the dispatcher tests: the committed package's modules, events to publish, a PGlite database. */
import { PGlite } from '@electric-sql/pglite';
import { after } from 'node:test';
import { createEvent, validateEvent } from '../../dist/index.js';
import * as postgres from '../../dist/postgres.js';

export { createEvent, postgres, validateEvent };

/** A lesson ID whose last digits are `n` (a valid UUID v7). */
export function lessonId(n: number): `les_${string}` {
  return `les_0193a7c4-1f00-7000-8000-${String(n).padStart(12, '0')}`;
}

/** A valid lesson.cancelled event about lesson `n` (its subject). */
export function cancelled(n: number, note?: string) {
  return createEvent('lesson.cancelled', { lesson_id: lessonId(n), initiator: 'customer', reason_code: 'schedule_conflict', cancelled_at: '2026-03-12T09:00:00Z', ...(note ? { reason_note: note } : {}) }, { actor: 'system:operations' });
}

let shared: PGlite | undefined;
after(async () => {
  await shared?.close();
});

/**
 * The test file's in-process database (starting PGlite costs seconds, emptying it nothing),
 * emptied: no dispatcher tables, no test tables. Tests run one after another in a file.
 */
export async function emptyDb(): Promise<PGlite> {
  shared ??= new PGlite();
  await shared.exec('DROP SCHEMA IF EXISTS sguild_events CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  return shared;
}

/** The emptied database with the dispatcher's tables. */
export async function migratedDb(): Promise<PGlite> {
  const db = await emptyDb();
  await postgres.migrate(db);
  return db;
}

/** Inserts an event bypassing publish's validation (what a foreign or older producer could store). */
export async function insertRaw(db: PGlite, event: Record<string, unknown>): Promise<void> {
  await db.query(
    `INSERT INTO sguild_events.events (event_id, event_type, schema_version, subject, occurred_at, event) VALUES ($1, $2, $3, $4, $5, $6::json)`,
    [String(event.event_id), String(event.event_type), Number(event.schema_version) || 1, (event.subject as string | undefined) ?? null, String(event.occurred_at ?? '2026-03-12T09:00:00Z'), JSON.stringify(event)],
  );
}

export function until(condition: () => boolean, ms = 20_000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (condition()) resolve();
      else if (Date.now() - start > ms) reject(new Error('condition not met in time'));
      else setTimeout(tick, 10);
    };
    tick();
  });
}
