/**
 * `sguild-contracts events tail|lag|dead-letters|replay`: inspect the Postgres dispatcher's tables
 * (runtime/postgres-core.js, the code the generated package ships) in a database given by
 * `--db URL` (or DATABASE_URL) or a PGlite folder (`--pglite DIR`). A database that cannot be
 * reached or is not migrated is one line and exit code 2.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXIT, UsageError, type CliIo } from '../io.js';
import type { SetExit } from './index.js';

interface DbFlags {
  db?: string;
  pglite?: string;
  format: string;
}

interface Handle {
  db: import('../../../runtime/postgres-core.js').Queryable;
  close(): Promise<void>;
  where: string;
}

export function registerEvents(program: Command, io: CliIo, setExit: SetExit): void {
  const events = program.command('events').description("inspect the Postgres dispatcher's events, consumer groups and dead letters");
  const withDb = (command: Command) =>
    command
      .option('--db <url>', 'Postgres connection URL (default: $DATABASE_URL)')
      .option('--pglite <dir>', 'a PGlite data folder instead of a server')
      .option('--format <format>', 'text or json', 'text');

  withDb(events.command('tail').description('list the most recent events, newest first'))
    .option('-n, --limit <n>', 'how many', '20')
    .option('--type <event-type>', 'only events of this type')
    .action(async (flags: DbFlags & { limit: string; type?: string }) => {
      setExit(await withDatabase(flags, io, async (core, handle) => {
        const rows = await core.listEvents(handle.db, { limit: count(flags.limit, '--limit'), eventType: flags.type });
        if (flags.format === 'json') return io.stdout(JSON.stringify(rows, null, 2) + '\n');
        if (!rows.length) return io.stdout(`no events in ${handle.where}\n`);
        for (const r of rows) io.stdout(`#${r.position} ${iso(r.published_at)} ${r.event_type} v${r.schema_version} ${r.event_id}${r.subject ? ` subject ${r.subject}` : ''}${r.causation_id ? ` caused by ${r.causation_id}` : ''}\n`);
      }));
    });

  withDb(events.command('lag').description("each consumer group's lag: events not taken in, pending, retrying, dead letters"))
    .option('--group <name>', 'only this group')
    .action(async (flags: DbFlags & { group?: string }) => {
      setExit(await withDatabase(flags, io, async (core, handle) => {
        const rows = await core.groupLag(handle.db, flags.group);
        if (flags.format === 'json') return io.stdout(JSON.stringify(rows, null, 2) + '\n');
        if (!rows.length) return io.stdout(flags.group ? `no consumer group ${JSON.stringify(flags.group)} in ${handle.where}\n` : `no consumer groups in ${handle.where}\n`);
        for (const g of rows) io.stdout(`${g.group}: lag ${g.lag} (${g.notTaken} not taken in, ${g.pending} pending, ${g.retrying} retrying), ${g.deadLetters} dead letters\n`);
      }));
    });

  withDb(events.command('dead-letters').description('list dead letters, oldest first, with why they failed'))
    .option('--group <name>', 'only this group')
    .option('-n, --limit <n>', 'how many', '100')
    .action(async (flags: DbFlags & { group?: string; limit: string }) => {
      setExit(await withDatabase(flags, io, async (core, handle) => {
        const rows = await core.listDeadLetters(handle.db, { group: flags.group, limit: count(flags.limit, '--limit') });
        if (flags.format === 'json') return io.stdout(JSON.stringify(rows, null, 2) + '\n');
        if (!rows.length) return io.stdout(`no dead letters in ${handle.where}\n`);
        for (const d of rows) io.stdout(`${d.group} ${d.event_id} ${d.event_type} ${d.reason} after ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}: ${d.error}\n`);
      }));
    });

  withDb(events.command('replay').description("re-deliver a group's dead letters (all, or --event ID…) to the group"))
    .requiredOption('--group <name>', 'the consumer group')
    .option('--event <id...>', 'only these event IDs')
    .action(async (flags: DbFlags & { group: string; event?: string[] }) => {
      setExit(await withDatabase(flags, io, async (core, handle) => {
        const n = await core.redeliverDeadLetters(handle.db, { group: flags.group, eventIds: flags.event });
        if (flags.format === 'json') return io.stdout(JSON.stringify({ group: flags.group, redelivered: n }) + '\n');
        io.stdout(`re-delivered ${n} dead letter${n === 1 ? '' : 's'} to ${flags.group}\n`);
      }));
    });
}

type Core = typeof import('../../../runtime/postgres-core.js');

function count(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, not ${JSON.stringify(value)}`);
  return n;
}

function iso(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

async function withDatabase(flags: DbFlags, io: CliIo, body: (core: Core, handle: Handle) => Promise<void>): Promise<number> {
  if (flags.format !== 'text' && flags.format !== 'json') throw new UsageError(`--format must be text or json, not ${JSON.stringify(flags.format)}`);
  const core = (await import('../../../runtime/postgres-core.js'));
  const handle = await open(flags, io);
  try {
    await core.schemaVersion(handle.db);
    await body(core, handle);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof core.DispatcherError && error.code === 'not-migrated') {
      throw new UsageError(`${handle.where} has no sguild_events tables: run migrate(db) from the generated package's ./postgres entry, or apply its sql/*.sql migrations in order`);
    }
    throw new UsageError(`${handle.where}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await handle.close().catch(() => {});
  }
}

async function open(flags: DbFlags, io: CliIo): Promise<Handle> {
  if (flags.db !== undefined && flags.pglite !== undefined) throw new UsageError('give --db or --pglite, not both');
  if (flags.pglite !== undefined) {
    const dir = resolve(io.cwd, flags.pglite);
    // PGlite would create a new, empty database in any folder: inspecting must never do that.
    if (!existsSync(join(dir, 'PG_VERSION'))) throw new UsageError(`--pglite ${flags.pglite} is not a PGlite data folder (no PG_VERSION file)`);
    const { PGlite } = await import('@electric-sql/pglite');
    let db: InstanceType<typeof PGlite>;
    try {
      db = await PGlite.create(dir);
    } catch (error) {
      throw new UsageError(`cannot open the PGlite database in ${flags.pglite}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { db, close: () => db.close(), where: `the PGlite database in ${flags.pglite}` };
  }
  const url = flags.db ?? io.env.DATABASE_URL;
  if (!url) throw new UsageError('no database: pass --db postgres://… (or set DATABASE_URL), or --pglite DIR');
  const { default: pg } = await import('pg');
  const shown = redact(url);
  const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 5000 });
  pool.on('error', () => {}); // an idle connection dropping is not this command's concern
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    const code = (error as { code?: string }).code;
    throw new UsageError(`cannot connect to the database at ${shown}: ${error instanceof Error && error.message ? error.message : code ?? String(error)}`);
  }
  return { db: pool, close: () => pool.end(), where: `the database at ${shown}` };
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the given --db URL';
  }
}
