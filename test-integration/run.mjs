// npm run test:postgres [-- --events N]
//
// The dispatcher of dist/ on a real Postgres server (started here on a Unix socket; skipped with
// the reason printed when none can start). Two consumer groups (A: 4 worker processes, B: 2)
// consume N published events (default 100,000) while the publisher is still publishing; one A
// worker is SIGKILLed inside a batch and one B worker's connections are terminated
// (pg_terminate_backend). Bad input goes in too: events made to fail in every handler, a malformed
// event, an unknown type and a payload failing its schema stored behind publish's back, and a
// publish call with an invalid event. Afterwards, per group:
//   - every good event was handled successfully (committed with its acknowledgement) exactly once;
//   - every re-delivery is explained: the batch of the killed worker, or of the terminated one;
//   - events of one subject were handled in publishing order;
//   - nothing is pending or left behind the cursor;
//   - the dead letters are exactly the events made to fail and the three bad ones.
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { createEvent } from '../dist/index.js';
import { groupLag, listDeadLetters, migrate, publish } from '../dist/postgres.js';
import { startPostgres } from './postgres-server.mjs';

const args = process.argv.slice(2);
const EVENTS = Number(args[args.indexOf('--events') + 1] || 100_000) || 100_000;
const EVENTS_PER_SUBJECT = 4;
const POISON_EVERY = 2_000;
const PUBLISH_BATCH = 1_000;
const HERE = import.meta.dirname;
const BAD = {
  malformed: 'evt_0193a7c4-1f00-7000-8000-00000000bad1',
  unknown: 'evt_0193a7c4-1f00-7000-8000-00000000bad2',
  payload: 'evt_0193a7c4-1f00-7000-8000-00000000bad3',
};

const server = startPostgres();
if (server.skipped) {
  console.log(`integration suite skipped: ${server.skipped}`);
  process.exit(0);
}
const workers = [];
let exitCode = 0;
try {
  await main(server.connection);
} catch (error) {
  exitCode = 1;
  console.error(`integration suite FAILED: ${error instanceof Error ? error.stack : String(error)}`);
} finally {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  server.stop();
}
process.exit(exitCode);

function lessonId(n) {
  return `les_0193a7c4-1f00-7000-8000-${String(n).padStart(12, '0')}`;
}

async function main(connection) {
  const pool = new pg.Pool({ ...connection, max: 4 });
  pool.on('error', () => {});
  assert.deepEqual(await migrate(pool), [1, 2]);
  assert.deepEqual(await migrate(pool), [], 'migrate is idempotent');
  await pool.query(`CREATE SCHEMA it;
    CREATE TABLE it.handled_log (id bigserial PRIMARY KEY, group_name text, worker text, event_id text, attempt int);
    CREATE TABLE it.handled_ok (id bigserial PRIMARY KEY, group_name text, worker text, event_id text, subject text);`);
  // Register the groups before publishing, so the workers run while events are being published.
  await pool.query(`INSERT INTO sguild_events.consumer_groups (name) VALUES ('A'), ('B')`);

  const started = [];
  const spawnWorker = (group, name, extra = {}) => {
    const child = fork(join(HERE, 'worker.mjs'), [JSON.stringify({ connection, group, name, ...extra })], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    child.stderrText = '';
    child.stderr.on('data', (chunk) => (child.stderrText += chunk));
    child.label = `${group}/${name}`;
    workers.push(child);
    started.push(new Promise((resolve) => child.once('message', resolve)));
    return child;
  };
  const victim = spawnWorker('A', 'a1', { victimAfter: 1_500 });
  for (const name of ['a2', 'a3', 'a4']) spawnWorker('A', name);
  const terminated = spawnWorker('B', 'b1');
  spawnWorker('B', 'b2');
  await Promise.all(started);

  const killed = new Promise((resolve) =>
    victim.on('message', (message) => {
      if (message === 'mid-batch') {
        victim.kill('SIGKILL');
        resolve(Date.now());
      }
    }),
  );

  // Publish, in transactions of PUBLISH_BATCH events; subjects repeat so order per subject shows.
  const subjects = EVENTS / EVENTS_PER_SUBJECT;
  const poison = new Set();
  const publishStart = performance.now();
  const all = [];
  let rejected;
  for (let at = 0; at < EVENTS; at += PUBLISH_BATCH) {
    const batch = [];
    for (let i = at; i < Math.min(EVENTS, at + PUBLISH_BATCH); i++) {
      const bad = i % POISON_EVERY === POISON_EVERY - 1;
      const event = createEvent('lesson.cancelled', { lesson_id: lessonId(i % subjects), initiator: 'customer', reason_code: 'schedule_conflict', cancelled_at: '2026-03-12T09:00:00Z', reason_note: bad ? 'poison' : `event ${i}` }, { actor: 'system:operations' });
      if (bad) poison.add(event.event_id);
      batch.push(event);
      all.push(event);
    }
    assert.equal(await publish(pool, batch), batch.length);
    if (at === EVENTS / 2) {
      // Halfway: the bad input, and B's first worker loses its connections.
      assert.equal(await publish(pool, batch), 0, 'publishing the same events again is a no-op');
      try {
        await publish(pool, [batch[0], { ...batch[1], event_id: 'evt_bad', payload: {} }]);
      } catch (error) {
        rejected = error;
      }
      await insertBadEvents(pool);
      await terminateBackends(pool, 'sguild-B-b1');
    }
  }
  const publishSeconds = (performance.now() - publishStart) / 1000;
  assert.equal(rejected?.code, 'invalid-event', 'publish refuses a batch with an invalid event');
  assert.match(rejected.message, /^publish: 1 of 2 events are invalid, nothing was published; event 1: \/event_id: /);
  const killedAt = await killed;
  console.log(`published ${EVENTS.toLocaleString('en-US')} events in ${publishSeconds.toFixed(1)} s while consuming; worker A/a1 SIGKILLed mid-batch ${killedAt ? '' : 'never'}`);

  // Wait until both groups have nothing left but dead letters.
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    const lag = await groupLag(pool);
    if (lag.length === 2 && lag.every((g) => g.lag === 0)) break;
    if (Date.now() > deadline) throw new Error(`groups still lagging after 30 minutes: ${JSON.stringify(lag)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const stats = await Promise.all(
    workers
      .filter((w) => w !== victim)
      .map(
        (w) =>
          new Promise((resolve) => {
            w.once('message', (m) => resolve({ worker: w.label, ...m.stats }));
            w.send('stop');
          }),
      ),
  );
  await Promise.all(workers.filter((w) => w !== victim).map((w) => new Promise((resolve) => (w.exitCode !== null ? resolve() : w.once('exit', resolve)))));

  const good = all.filter((e) => !poison.has(e.event_id));
  for (const group of ['A', 'B']) {
    const ok = (await pool.query('SELECT event_id, count(*)::int AS n FROM it.handled_ok WHERE group_name = $1 GROUP BY event_id', [group])).rows;
    const okIds = new Map(ok.map((r) => [r.event_id, r.n]));
    assert.equal(okIds.size, good.length, `${group}: every good event handled successfully`);
    for (const e of good) assert.equal(okIds.get(e.event_id), 1, `${group}: ${e.event_id} handled successfully exactly once`);
    for (const id of poison) assert.equal(okIds.has(id), false);

    // Re-deliveries: handlings of good events beyond the one that committed.
    const log = (await pool.query(`SELECT l.event_id, l.worker, l.attempt FROM it.handled_log l WHERE l.group_name = $1 ORDER BY l.id`, [group])).rows;
    const firstBy = new Map();
    let redeliveries = 0;
    const causes = new Map();
    const seen = new Set();
    for (const row of log) {
      if (poison.has(row.event_id)) continue;
      if (seen.has(row.event_id)) {
        redeliveries++;
        const cause = firstBy.get(row.event_id);
        causes.set(cause, (causes.get(cause) ?? 0) + 1);
      } else {
        seen.add(row.event_id);
        firstBy.set(row.event_id, row.worker);
      }
    }
    assert.equal(log.filter((r) => !poison.has(r.event_id)).length, good.length + redeliveries);
    const explained = group === 'A' ? new Set(['a1']) : new Set(['b1']);
    for (const [worker] of causes) assert.ok(explained.has(worker), `${group}: an event re-delivered after ${worker} handled it, which neither died nor lost its connection`);
    if (group === 'A') assert.ok((causes.get('a1') ?? 0) > 0, 'the killed worker was inside a batch: its handled events came again');
    assert.ok(redeliveries <= 100 * 2, `${group}: at most the batches in hand come again (${redeliveries})`);

    // Order per subject: a subject's events committed in publishing order.
    const order = (await pool.query('SELECT subject, event_id FROM it.handled_ok WHERE group_name = $1 ORDER BY id', [group])).rows;
    const position = new Map(all.map((e, i) => [e.event_id, i]));
    const last = new Map();
    for (const row of order) {
      const p = position.get(row.event_id);
      assert.ok((last.get(row.subject) ?? -1) < p, `${group}: ${row.subject} handled out of order`);
      last.set(row.subject, p);
    }

    const dead = await listDeadLetters(pool, { group, limit: 1_000 });
    const byReason = (reason) => dead.filter((d) => d.reason === reason).map((d) => d.event_id).sort();
    assert.deepEqual(byReason('handler-failed'), [...poison].sort(), `${group}: dead letters hold exactly the events made to fail`);
    for (const d of dead.filter((x) => x.reason === 'handler-failed')) {
      assert.equal(d.attempts, 3);
      assert.equal(d.error, `Error: made to fail: ${d.event_id}`);
    }
    assert.deepEqual(byReason('invalid-event'), [BAD.malformed, BAD.payload].sort());
    assert.deepEqual(byReason('unknown-event-type'), [BAD.unknown]);
    assert.equal(dead.length, poison.size + 3);

    const retriesOfPoison = log.filter((r) => poison.has(r.event_id)).length;
    console.log(
      `group ${group} (${group === 'A' ? '4 workers, a1 SIGKILLed mid-batch' : "2 workers, b1's connections terminated"}): ` +
        `${good.length.toLocaleString('en-US')} events handled successfully exactly once; ` +
        `${redeliveries} re-deliveries (${[...causes].map(([w, n]) => `${n} from ${w}'s batch in hand`).join(', ') || 'none'}); ` +
        `dead letters: ${poison.size} made to fail (after ${retriesOfPoison} attempts, 3 each) + 3 bad events (malformed, payload, unknown type); order per subject kept; 0 pending`,
    );
  }
  const lag = await groupLag(pool);
  assert.deepEqual(lag.map((g) => [g.group, g.notTaken, g.pending]), [['A', 0, 0], ['B', 0, 0]]);
  assert.equal(Number((await pool.query('SELECT count(*) FROM sguild_events.deliveries')).rows[0].count), 0, 'nothing unacknowledged');

  // Clear errors: the terminated worker reported its lost connection in one line, no stack.
  const lines = terminated.stderrText.split('\n').filter(Boolean);
  assert.ok(lines.some((l) => /terminating connection due to administrator command|Connection terminated/.test(l)), `b1 reported the lost connection:\n${terminated.stderrText}`);
  assert.ok(!/\n\s+at /.test(terminated.stderrText), 'no stack traces');
  console.log(`b1's report of its lost connection: ${JSON.stringify(lines[0])}`);
  console.log(`worker stats: ${stats.map((s) => `${s.worker} handled ${s.handled}, failed ${s.failed}, dead-lettered ${s.deadLettered}`).join('; ')}`);
  console.log('integration suite passed');
  await pool.end();
}


/** Events a foreign or outdated producer could store without publish's validation. */
async function insertBadEvents(pool) {
  const base = createEvent('lesson.cancelled', { lesson_id: lessonId(999_999_999), initiator: 'customer', reason_code: 'schedule_conflict', cancelled_at: '2026-03-12T09:00:00Z' }, { actor: 'system:operations' });
  const rows = [
    { event_id: BAD.malformed, event_type: 'lesson.cancelled', schema_version: 1 },
    { ...base, event_id: BAD.unknown, event_type: 'lesson.vanished' },
    { ...base, event_id: BAD.payload, payload: { lesson_id: 'not-an-id' } },
  ];
  for (const row of rows) {
    await pool.query(`INSERT INTO sguild_events.events (event_id, event_type, schema_version, subject, occurred_at, event) VALUES ($1, $2, $3, NULL, now(), $4::json)`, [row.event_id, row.event_type, row.schema_version, JSON.stringify(row)]);
  }
}

async function terminateBackends(pool, applicationName) {
  const r = await pool.query('SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
  console.log(`terminated ${r.rows[0].n} backend(s) of ${applicationName}`);
}
