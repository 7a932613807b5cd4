// One consumer-group worker of the integration suite, in its own process (so it can be
// SIGKILLed): logs every handling with autocommit (survives a kill), records each successful
// one in the batch's transaction (committed exactly with the acknowledgement).
import pg from 'pg';
import { createConsumer } from '../dist/postgres.js';

const { connection, group, name, victimAfter } = JSON.parse(process.argv[2]);
const pool = new pg.Pool({ ...connection, max: 2, application_name: `sguild-${group}-${name}` });
const log = new pg.Pool({ ...connection, max: 1, application_name: `sguild-log-${group}-${name}` });
// A terminated idle connection is reported here; the consumer sees its own errors via onError.
pool.on('error', (error) => process.stderr.write(`worker ${group}/${name}: pool: ${error.message}\n`));
let handled = 0;
const consumer = createConsumer({
  db: pool,
  group,
  batchSize: 100,
  maxAttempts: 3,
  backoff: () => 20,
  pollInterval: 200,
  onError: (error) => process.stderr.write(`worker ${group}/${name}: ${error instanceof Error ? error.message : String(error)}\n`),
  handlers: {
    'lesson.cancelled': async (event, { tx, attempt }) => {
      await log.query('INSERT INTO it.handled_log (group_name, worker, event_id, attempt) VALUES ($1, $2, $3, $4)', [group, name, event.event_id, attempt]);
      if (event.payload.reason_note === 'poison') throw new Error(`made to fail: ${event.event_id}`);
      await tx.query('INSERT INTO it.handled_ok (group_name, worker, event_id, subject) VALUES ($1, $2, $3, $4)', [group, name, event.event_id, event.subject]);
      handled++;
      if (victimAfter && handled === victimAfter) {
        process.send?.('mid-batch'); // the parent SIGKILLs this process now, inside the batch
        await new Promise((resolve) => setTimeout(resolve, 60_000));
      }
    },
  },
}).start();
process.send?.('ready');
process.on('message', async (message) => {
  if (message !== 'stop') return;
  await consumer.stop();
  process.send?.({ stats: consumer.stats });
  await pool.end();
  await log.end();
  process.exit(0);
});
