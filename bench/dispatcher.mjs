// node bench/dispatcher.mjs [--events N] [--rounds R]   (also run by `npm run bench`)
//
// Throughput of the dispatcher of dist/ on a real Postgres server (started here on a Unix
// socket), next to floors measured in the same run on the same server, rounds alternating:
//   publish: publish(pool, batch) of 1,000 events at a time (validation, the events table)
//     floor: a plain batched INSERT … SELECT FROM unnest(…) of the same events into a bare table
//   consume: one createConsumer worker (batchSize 100, a no-op handler) draining a fresh group
//     floor: a plain SKIP LOCKED select-delete loop over a bare queue table, 100 rows at a time
// Targets: each ratio ≥ 0.5. Memory: this process's RSS is sampled every 50 ms; the report gives
// its growth over the run (flat: it does not grow with the number of events handled).
import pg from 'pg';
import { createEvent } from '../dist/index.js';
import { createConsumer, migrate, publish } from '../dist/postgres.js';
import { startPostgres } from '../test-integration/postgres-server.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const EVENTS = opt('--events', 100_000);
const ROUNDS = opt('--rounds', 3);
const BATCH = 1_000;

const server = startPostgres({ port: 54331 });
if (server.skipped) {
  console.log(`dispatcher bench skipped: ${server.skipped}`);
  process.exit(0);
}
try {
  await main(server.connection);
} finally {
  server.stop();
}

async function main(connection) {
  const pool = new pg.Pool({ ...connection, max: 4 });
  pool.on('error', () => {});
  const lesson = (n) => `les_0193a7c4-1f00-7000-8000-${String(n).padStart(12, '0')}`;
  const events = Array.from({ length: EVENTS }, (_, i) =>
    createEvent('lesson.cancelled', { lesson_id: lesson(i), initiator: 'customer', reason_code: 'schedule_conflict', cancelled_at: '2026-03-12T09:00:00Z', reason_note: `event ${i}` }, { actor: 'system:operations' }),
  );
  const batches = [];
  for (let at = 0; at < EVENTS; at += BATCH) batches.push(events.slice(at, at + BATCH));

  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const rssAtStart = process.memoryUsage().rss;

  const runs = { publishFloor: [], publish: [], consumeFloor: [], consume: [] };
  const rssAfterRound = [];
  for (let round = 0; round < ROUNDS; round++) {
    await pool.query('DROP SCHEMA IF EXISTS sguild_events CASCADE; DROP TABLE IF EXISTS floor_events, floor_queue');
    await migrate(pool);
    await pool.query('CREATE TABLE floor_events (event_id text PRIMARY KEY, event json NOT NULL); CREATE TABLE floor_queue (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, event json NOT NULL)');

    runs.publishFloor.push(
      await rate(async () => {
        for (const batch of batches) {
          await pool.query('INSERT INTO floor_events (event_id, event) SELECT * FROM unnest($1::text[], $2::json[])', [batch.map((e) => e.event_id), batch.map((e) => JSON.stringify(e))]);
        }
      }),
    );
    runs.publish.push(
      await rate(async () => {
        for (const batch of batches) await publish(pool, batch);
      }),
    );

    for (const batch of batches) await pool.query('INSERT INTO floor_queue (event) SELECT * FROM unnest($1::json[])', [batch.map((e) => JSON.stringify(e))]);
    runs.consumeFloor.push(
      await rate(async () => {
        let handled = 0;
        for (;;) {
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            const { rows } = await client.query('DELETE FROM floor_queue WHERE id IN (SELECT id FROM floor_queue ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED) RETURNING event');
            await client.query('COMMIT');
            handled += rows.length;
            if (!rows.length) break;
          } finally {
            client.release();
          }
        }
        if (handled !== EVENTS) throw new Error(`floor consumed ${handled}`);
      }),
    );
    let handled = 0;
    runs.consume.push(
      await rate(async () => {
        const consumer = createConsumer({ db: pool, group: `bench-${round}`, batchSize: 100, handlers: { 'lesson.cancelled': () => void handled++ } });
        await consumer.drain();
      }),
    );
    if (handled !== EVENTS) throw new Error(`the consumer handled ${handled} of ${EVENTS}`);
    rssAfterRound.push(process.memoryUsage().rss);
  }
  clearInterval(sampler);
  await pool.end();

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const mb = (bytes) => `${(bytes / 1048576).toFixed(0)} MB`;
  const row = (what, ours, floor) => {
    const r = median(ours) / median(floor);
    return `| ${what} | ${Math.round(median(ours)).toLocaleString('en-US')} | ${Math.round(median(floor)).toLocaleString('en-US')} | ${r.toFixed(2)}× | ≥ 0.5× ${r >= 0.5 ? '✔' : '✘'} |`;
  };
  console.log(`\nDispatcher on ${await serverVersion(connection)}, ${EVENTS.toLocaleString('en-US')} events, median of ${ROUNDS} alternating rounds (events/s):\n`);
  console.log('| measure | dispatcher | floor | ratio | target |');
  console.log('| --- | ---: | ---: | ---: | --- |');
  console.log(row('publish (validate + insert, batches of 1,000)', runs.publish, runs.publishFloor));
  console.log(row('consume (1 worker, batches of 100)', runs.consume, runs.consumeFloor));
  console.log(`\nRSS: ${mb(rssAtStart)} with the events built, ${rssAfterRound.map(mb).join(' / ')} after each round, peak ${mb(peak)}.`);
}

async function rate(fn) {
  const start = performance.now();
  await fn();
  return EVENTS / ((performance.now() - start) / 1000);
}

async function serverVersion(connection) {
  const client = new pg.Client(connection);
  await client.connect();
  const { rows } = await client.query('SHOW server_version');
  await client.end();
  return `PostgreSQL ${rows[0].server_version.split(' ')[0]}`;
}
