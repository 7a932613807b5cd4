/**
 * The Postgres dispatcher of the generated package (dist/postgres.js) on PGlite: the migration,
 * publishing (validation, idempotence, the caller's transaction), and consumer groups (sharing,
 * per-subject order, retries and dead letters, bad events, LISTEN/NOTIFY, stop()).
 * The same code runs against a real server in test-integration/ (`npm run test:postgres`).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { cancelled, createEvent, emptyDb, insertRaw, lessonId, migratedDb, postgres, until } from './helpers.js';
import { nth } from '../helpers.js';

const REPO = join(import.meta.dirname, '..', '..');
const { createConsumer, migrate, publish, DispatcherError } = postgres;

async function count(db: PGlite, sql: string, params: unknown[] = []): Promise<number> {
  return Number(((await db.query(sql, params)).rows[0] as { n: unknown }).n);
}

describe('migrate', () => {
  it('is idempotent and versioned, and ships the same SQL as a file', async () => {
    const db = await emptyDb();
    assert.deepEqual(await migrate(db), [1, 2]);
    assert.deepEqual(await migrate(db), []);
    assert.equal(await postgres.schemaVersion(db), postgres.SCHEMA_VERSION);
    for (const [i, name] of ['001-sguild-events.sql', '002-sguild-events.sql'].entries()) {
      const sql = readFileSync(join(REPO, 'dist', 'sql', name), 'utf8');
      assert.ok(sql.endsWith(nth(postgres.MIGRATIONS, i).sql));
      await db.exec(sql); // applying the shipped files again changes nothing
    }
    assert.equal(await count(db, 'SELECT count(*) AS n FROM sguild_events.migrations'), 2);
  });

  it('carries a group of migration 1 over to migration 2: its cursor and its pending deliveries', async () => {
    const db = await emptyDb();
    await db.exec(nth(postgres.MIGRATIONS, 0).sql);
    const [first, second, third] = [cancelled(1, 'first'), cancelled(1, 'second'), cancelled(2, 'third')];
    for (const event of [first, second, third]) await insertRaw(db, { ...event });
    // Migration 1's consumer took the first two in (one still pending) and had not reached the third.
    const positions = (await db.query<{ event_id: string; position: number; subject: string }>('SELECT event_id, position, subject FROM sguild_events.events ORDER BY position')).rows;
    await db.query(`INSERT INTO sguild_events.consumer_groups (name, cursor_tx, cursor_position) SELECT 'g', tx_id, position FROM sguild_events.events WHERE event_id = $1`, [second.event_id]);
    await db.query(`INSERT INTO sguild_events.deliveries (group_name, position, event_id, subject) VALUES ('g', $1, $2, $3)`, [nth(positions, 1).position, second.event_id, nth(positions, 1).subject]);
    assert.deepEqual(await migrate(db), [2]);
    const handled: string[] = [];
    const consumer = createConsumer({ db, group: 'g', handlers: { 'lesson.cancelled': (e) => void handled.push(e.payload.reason_note ?? '') } });
    await consumer.drain();
    assert.deepEqual(handled.sort(), ['second', 'third']);
    assert.deepEqual((await postgres.groupLag(db, 'g'))[0], { group: 'g', notTaken: 0, pending: 0, retrying: 0, deadLetters: 0, lag: 0 });
  });

  it('says the database is not migrated, as a DispatcherError', async () => {
    const db = await emptyDb();
    await assert.rejects(publish(db, [cancelled(1)]), (e: InstanceType<typeof DispatcherError>) => e.code === 'not-migrated' && /run migrate\(db\)/.test(e.message));
    await assert.rejects(postgres.schemaVersion(db), { code: 'not-migrated' });
  });
});

describe('publish', () => {
  it('stores valid events once (publishing twice is a no-op) and keeps the table append-only', async () => {
    const db = await migratedDb();
    const events = [cancelled(1), cancelled(2)];
    assert.equal(await publish(db, events), 2);
    assert.equal(await publish(db, events), 0);
    assert.equal(await count(db, 'SELECT count(*) AS n FROM sguild_events.events'), 2);
    const stored = (await db.query<{ event: unknown; subject: string }>('SELECT event, subject FROM sguild_events.events ORDER BY position')).rows;
    assert.deepEqual(stored.map((r) => r.event), events);
    assert.equal(nth(stored, 0).subject, lessonId(1));
    await assert.rejects(db.query('UPDATE sguild_events.events SET event_type = $1', ['x']), /append-only: UPDATE refused/);
    await assert.rejects(db.query('DELETE FROM sguild_events.events'), /append-only: DELETE refused/);
  });

  it('refuses the whole batch when one event is invalid, saying which and why', async () => {
    const db = await migratedDb();
    const bad = { ...cancelled(2), payload: { lesson_id: lessonId(2) } } as unknown as ReturnType<typeof cancelled>;
    await assert.rejects(publish(db, [cancelled(1), bad]), (e: InstanceType<typeof DispatcherError>) => {
      assert.equal(e.code, 'invalid-event');
      assert.match(e.message, /^publish: 1 of 2 events are invalid, nothing was published; event 1: \/payload\/initiator: missing required property "initiator"/);
      return true;
    });
    assert.equal(await count(db, 'SELECT count(*) AS n FROM sguild_events.events'), 0);
  });

  it("inserts in the caller's transaction: rolled back with it, committed with it", async () => {
    const db = await migratedDb();
    await db.exec('CREATE TABLE lessons (id text PRIMARY KEY, status text)');
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO lessons VALUES ($1, 'cancelled')`, [lessonId(1)]);
        await publish(db, [cancelled(1)], { tx });
        throw new Error('the business change failed');
      }),
      /business change failed/,
    );
    assert.equal(await count(db, 'SELECT count(*) AS n FROM sguild_events.events'), 0);
    await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO lessons VALUES ($1, 'cancelled')`, [lessonId(1)]);
      await publish(db, [cancelled(1)], { tx });
    });
    assert.equal(await count(db, 'SELECT count(*) AS n FROM sguild_events.events'), 1);
  });
});

describe('createConsumer', () => {
  it('hands every event of a group to one worker, in order per subject, and every group gets all', async () => {
    const db = await migratedDb();
    // Three subjects, four events each, published interleaved.
    const events = [];
    for (let round = 0; round < 4; round++) for (let subject = 1; subject <= 3; subject++) events.push(cancelled(subject, `round ${round}`));
    await publish(db, events);
    const seen = new Map<string, string[]>(); // group/worker → event IDs
    const order = new Map<string, string[]>(); // group|subject → notes in handling order
    const worker = (group: string, name: string) =>
      createConsumer({
        db,
        group,
        batchSize: 2,
        handlers: {
          'lesson.cancelled': (event) => {
            seen.set(`${group}/${name}`, [...(seen.get(`${group}/${name}`) ?? []), event.event_id]);
            const key = `${group}|${event.subject}`;
            order.set(key, [...(order.get(key) ?? []), event.payload.reason_note ?? '']);
          },
        },
      });
    const workers = [worker('billing', 'a'), worker('billing', 'b'), worker('mail', 'a')];
    await Promise.all(workers.map((w) => w.drain()));
    for (const group of ['billing', 'mail']) {
      const handled = [...seen].filter(([k]) => k.startsWith(`${group}/`)).flatMap(([, ids]) => ids);
      assert.deepEqual([...handled].sort(), events.map((e) => e.event_id).sort(), `${group}: each event exactly once`);
      for (let subject = 1; subject <= 3; subject++) assert.deepEqual(order.get(`${group}|${lessonId(subject)}`), ['round 0', 'round 1', 'round 2', 'round 3']);
    }
    assert.deepEqual(await postgres.groupLag(db), [
      { group: 'billing', notTaken: 0, pending: 0, retrying: 0, deadLetters: 0, lag: 0 },
      { group: 'mail', notTaken: 0, pending: 0, retrying: 0, deadLetters: 0, lag: 0 },
    ]);
  });

  it('retries a throwing handler with backoff, rolls back its queries, then dead-letters it with the error', async () => {
    const db = await migratedDb();
    await db.exec('CREATE TABLE side_effects (event_id text)');
    const good = cancelled(1);
    const doomed = cancelled(2);
    await publish(db, [good, doomed]);
    const attempts: number[] = [];
    const delays: number[] = [];
    const consumer = createConsumer({
      db,
      group: 'g',
      maxAttempts: 3,
      backoff: (attempt) => {
        delays.push(attempt);
        return 0;
      },
      handlers: {
        'lesson.cancelled': async (event, { tx, attempt }) => {
          await tx.query('INSERT INTO side_effects VALUES ($1)', [event.event_id]);
          if (event.event_id === doomed.event_id) {
            attempts.push(attempt);
            throw new Error(`card declined (attempt ${attempt})`);
          }
        },
      },
    });
    await consumer.drain();
    assert.deepEqual(attempts, [1, 2, 3]);
    assert.deepEqual(delays, [1, 2], 'a backoff before each retry, none after the last attempt');
    assert.deepEqual((await db.query('SELECT event_id FROM side_effects')).rows, [{ event_id: good.event_id }]);
    const dead = await postgres.listDeadLetters(db, { group: 'g' });
    assert.equal(dead.length, 1);
    assert.equal(nth(dead, 0).event_id, doomed.event_id);
    assert.equal(nth(dead, 0).reason, 'handler-failed');
    assert.equal(nth(dead, 0).attempts, 3);
    assert.equal(nth(dead, 0).error, 'Error: card declined (attempt 3)');
    assert.deepEqual(consumer.stats, { batches: 3, handled: 1, failed: 3, deadLettered: 1, skipped: 0 });

    // Re-delivered after a fix: handled once more, and gone from the dead letters.
    assert.equal(await postgres.redeliverDeadLetters(db, { group: 'g' }), 1);
    const fixed = createConsumer({ db, group: 'g', handlers: { 'lesson.cancelled': () => {} } });
    assert.equal(await fixed.drain(), 1);
    assert.deepEqual(await postgres.listDeadLetters(db, { group: 'g' }), []);
  });

  it('holds back later events of a subject while an earlier one is retrying', async () => {
    const db = await migratedDb();
    const first = cancelled(1, 'first');
    const second = cancelled(1, 'second');
    await publish(db, [first, second]);
    const handled: string[] = [];
    let fail = true;
    const consumer = createConsumer({
      db,
      group: 'g',
      backoff: () => 60_000,
      handlers: {
        'lesson.cancelled': (event) => {
          if (fail && event.event_id === first.event_id) throw new Error('not yet');
          handled.push(event.payload.reason_note ?? '');
        },
      },
    });
    await consumer.drain();
    assert.deepEqual(handled, [], 'the second waits behind the first');
    assert.deepEqual((await postgres.groupLag(db, 'g'))[0], { group: 'g', notTaken: 0, pending: 2, retrying: 1, deadLetters: 0, lag: 2 });
    fail = false;
    await db.query('UPDATE sguild_events.deliveries SET available_at = now()');
    await consumer.drain();
    assert.deepEqual(handled, ['first', 'second']);
  });

  it('lets other subjects of the same bucket go on while one is parked, and clears the parked flag after', async () => {
    const db = await migratedDb();
    // Two lessons whose events fall in the same bucket (the bucket is a hash of the subject).
    const bucketOf = async (n: number) => Number(nth((await db.query<{ b: number }>('SELECT (hashtext($1) & 63) AS b', [lessonId(n)])).rows, 0).b);
    const target = await bucketOf(1);
    let other = 2;
    while ((await bucketOf(other)) !== target) other++;
    const stuck = cancelled(1, 'stuck');
    const after = cancelled(1, 'after');
    const neighbour = cancelled(other, 'neighbour');
    await publish(db, [stuck, after, neighbour]);
    const handled: string[] = [];
    let fail = true;
    const consumer = createConsumer({
      db,
      group: 'g',
      backoff: () => 60_000,
      handlers: {
        'lesson.cancelled': (event) => {
          if (fail && event.event_id === stuck.event_id) throw new Error('not yet');
          handled.push(event.payload.reason_note ?? '');
        },
      },
    });
    await consumer.drain();
    assert.deepEqual(handled, ['neighbour'], 'the neighbour in the same bucket is not held back');
    const flag = () => db.query<{ parked: boolean }>(`SELECT parked FROM sguild_events.group_buckets WHERE group_name = 'g' AND bucket = $1`, [target]).then((r) => nth(r.rows, 0).parked);
    assert.equal(await flag(), true);
    fail = false;
    await db.query('UPDATE sguild_events.deliveries SET available_at = now()');
    await consumer.drain();
    assert.deepEqual(handled, ['neighbour', 'stuck', 'after']);
    // A later event of the bucket finds nothing parked and clears the flag.
    await publish(db, [cancelled(other, 'later')]);
    await consumer.drain();
    assert.equal(await flag(), false);
    assert.deepEqual((await postgres.groupLag(db, 'g'))[0], { group: 'g', notTaken: 0, pending: 0, retrying: 0, deadLetters: 0, lag: 0 });
  });

  it('sends malformed events, unknown types and failing payloads straight to dead letters', async () => {
    const db = await migratedDb();
    const good = cancelled(1);
    const unknown = { ...cancelled(2), event_type: 'lesson.vanished' };
    const badPayload = { ...cancelled(3), payload: { lesson_id: 'not-an-id' } };
    const malformed = { event_id: 'evt_0193a7c4-1f00-7000-8000-000000000009', event_type: 'lesson.cancelled', schema_version: 1 };
    for (const event of [good, unknown, badPayload, malformed]) await insertRaw(db, event);
    const handled: string[] = [];
    const consumer = createConsumer({ db, group: 'g', handlers: { 'lesson.cancelled': (e) => void handled.push(e.event_id) } });
    await consumer.drain();
    assert.deepEqual(handled, [good.event_id]);
    const dead = (await postgres.listDeadLetters(db, { group: 'g' })).map((d) => [d.event_id, d.reason, d.attempts]);
    assert.deepEqual(dead.sort(), [
      [unknown.event_id, 'unknown-event-type', 0],
      [badPayload.event_id, 'invalid-event', 0],
      [malformed.event_id, 'invalid-event', 0],
    ].sort());
    const why = await postgres.listDeadLetters(db, { group: 'g' });
    assert.match(why.find((d) => d.event_id === unknown.event_id)!.error, /event type "lesson\.vanished" is not registered/);
    assert.match(why.find((d) => d.event_id === malformed.event_id)!.error, /missing required property "occurred_at"/);
  });

  it('checks again every event not published with its own contracts (stored raw, or by another build)', async () => {
    const db = await migratedDb();
    await publish(db, [cancelled(1)]);
    const stamp = nth((await db.query<{ validated_by: string | null }>('SELECT validated_by FROM sguild_events.events')).rows, 0).validated_by;
    assert.match(stamp ?? '', /^[0-9a-f]{32}$/, 'publish stores the fingerprint of the contracts it checked with');
    const foreign = { ...cancelled(2), payload: { lesson_id: 'not-an-id' } };
    await insertRaw(db, foreign);
    await db.query('ALTER TABLE sguild_events.events DISABLE TRIGGER events_append_only');
    await db.query(`UPDATE sguild_events.events SET validated_by = 'another-build' WHERE event_id = $1`, [foreign.event_id]);
    await db.query('ALTER TABLE sguild_events.events ENABLE TRIGGER events_append_only');
    const handled: string[] = [];
    const consumer = createConsumer({ db, group: 'g', handlers: { 'lesson.cancelled': (e) => void handled.push(e.event_id) } });
    await consumer.drain();
    assert.equal(handled.length, 1);
    assert.deepEqual((await postgres.listDeadLetters(db, { group: 'g' })).map((d) => [d.event_id, d.reason]), [[foreign.event_id, 'invalid-event']]);
  });

  it('acknowledges valid events of types it has no handler for, without handling them', async () => {
    const db = await migratedDb();
    await publish(db, [cancelled(1)]);
    const consumer = createConsumer({ db, group: 'g', handlers: {} });
    assert.equal(await consumer.drain(), 1);
    assert.equal(consumer.stats.skipped, 1);
    assert.equal(nth(await postgres.groupLag(db, 'g'), 0).lag, 0);
  });

  it('wakes an idle worker on NOTIFY, and stop() finishes the batch in hand', async () => {
    const db = await migratedDb();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handled: string[] = [];
    let entered = false;
    const consumer = createConsumer({
      db,
      group: 'g',
      pollInterval: 3_600_000, // only a notification can wake it
      handlers: {
        'lesson.cancelled': async (event) => {
          entered = true;
          await gate;
          handled.push(event.event_id);
        },
      },
    }).start();
    await new Promise((resolve) => setTimeout(resolve, 200)); // let it go idle first
    const event = cancelled(1);
    await publish(db, [event]);
    await until(() => entered);
    const stopped = consumer.stop();
    release();
    await stopped;
    assert.deepEqual(handled, [event.event_id]);
    assert.equal(nth(await postgres.groupLag(db, 'g'), 0).lag, 0, 'the batch in hand was committed');
  });

  it('types handlers per event type and version, and refuses bad options', async () => {
    const db = await migratedDb();
    assert.throws(() => createConsumer({ db, group: '', handlers: {} }), /group must be 1 to 200 letters, digits/);
    assert.throws(() => createConsumer({ db, group: 'g', handlers: {}, batchSize: 0 }), /batchSize must be a positive integer/);
    // @ts-expect-error not an event type
    createConsumer({ db, group: 'g', handlers: { 'lesson.canceled': () => {} } });
    createConsumer({
      db,
      group: 'g',
      handlers: {
        'intake.captured': (event) => {
          // The payload follows the version: v2 only adds optional fields.
          if (event.schema_version === 2) void event.payload;
          // @ts-expect-error no version 3
          if (event.schema_version === 3) void event;
        },
      },
    });
    const event = createEvent('lesson.cancelled', { lesson_id: lessonId(1), initiator: 'customer', reason_code: 'schedule_conflict', cancelled_at: '2026-03-12T09:00:00Z' }, { actor: 'system:operations' });
    assert.equal(await publish(db, [event]), 1);
  });
});
