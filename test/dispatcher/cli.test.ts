/**
 * `sguild-contracts events tail|lag|dead-letters|replay` on a PGlite data folder, and its
 * one-line errors (exit 2) for a database that is unreachable, not migrated, or not given.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { nth, runCli } from '../helpers.js';
import { cancelled, insertRaw, lessonId, postgres } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sguild-events-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const data = join(dir, 'db');
const events = [cancelled(1, 'first'), cancelled(2, 'second')];
const unknown = { ...cancelled(3), event_type: 'lesson.vanished' };
// A data folder with no tables: a copy of the fresh one, made before it is migrated (creating a
// PGlite data folder runs initdb, about five seconds; copying one is instant).
const empty = join(dir, 'empty');

describe('sguild-contracts events', () => {
  before(async () => {
    await new PGlite(data).close();
    cpSync(data, empty, { recursive: true });
    const db = new PGlite(data);
    await postgres.migrate(db);
    await postgres.publish(db, events);
    await insertRaw(db, unknown);
    await postgres.createConsumer({ db, group: 'mail', handlers: { 'lesson.cancelled': () => {} } }).drain();
    await db.close();
  });

  it('tail lists the most recent events, newest first', async () => {
    const run = await runCli(['events', 'tail', '--pglite', data], { cwd: dir });
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 3);
    assert.match(nth(lines, 0), new RegExp(`^#3 \\S+ lesson\\.vanished v1 ${unknown.event_id} subject ${lessonId(3)}$`));
    assert.match(nth(lines, 2), new RegExp(`^#1 \\S+Z lesson\\.cancelled v1 ${nth(events, 0).event_id} subject ${lessonId(1)}$`));
  });

  it('lag and dead-letters show the group, replay re-delivers', async () => {
    const lag = await runCli(['events', 'lag', '--pglite', data], { cwd: dir });
    assert.equal(lag.stdout, 'mail: lag 0 (0 not taken in, 0 pending, 0 retrying), 1 dead letters\n');
    const dead = await runCli(['events', 'dead-letters', '--pglite', data], { cwd: dir });
    assert.match(dead.stdout, new RegExp(`^mail ${unknown.event_id} lesson\\.vanished unknown-event-type after 0 attempts: /event_type: event type "lesson\\.vanished" is not registered`));
    const replay = await runCli(['events', 'replay', '--pglite', data, '--group', 'mail'], { cwd: dir });
    assert.equal(replay.stdout, 're-delivered 1 dead letter to mail\n');
    const after = await runCli(['events', 'lag', '--pglite', data, '--group', 'mail', '--format', 'json'], { cwd: dir });
    assert.deepEqual(JSON.parse(after.stdout), [{ group: 'mail', notTaken: 0, pending: 1, retrying: 0, deadLetters: 0, lag: 1 }]);
  });

  it('says in one line, exit 2, when the database is unreachable, not migrated or not given', async () => {
    const unreachable = await runCli(['events', 'tail', '--db', 'postgres://someone:secret@127.0.0.1:1/nowhere'], { cwd: dir });
    assert.equal(unreachable.code, 2);
    assert.match(unreachable.stderr, /^sguild-contracts: cannot connect to the database at postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/nowhere: .+\n$/);

    const unmigrated = await runCli(['events', 'lag', '--pglite', empty], { cwd: dir });
    assert.equal(unmigrated.code, 2);
    assert.equal(unmigrated.stderr, `sguild-contracts: the PGlite database in ${empty} has no sguild_events tables: run migrate(db) from the generated package's ./postgres entry, or apply its sql/*.sql migrations in order\n`);

    mkdirSync(join(dir, 'not-a-db'));
    const notDb = await runCli(['events', 'tail', '--pglite', 'not-a-db'], { cwd: dir });
    assert.equal(notDb.code, 2);
    assert.equal(notDb.stderr, 'sguild-contracts: --pglite not-a-db is not a PGlite data folder (no PG_VERSION file)\n');

    const none = await runCli(['events', 'tail'], { cwd: dir, env: { DATABASE_URL: '' } });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^sguild-contracts: no database: pass --db/);
  });
});
