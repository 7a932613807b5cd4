// The Postgres dispatcher: durable publishing (a transactional outbox) and consumer groups that
// share the stream. Shipped verbatim inside the generated package as postgres.js (bound there to
// the package's precompiled validators) and used by `sguild-contracts events` for inspection.
//
// Written in the small ES dialect the build can twin into CommonJS (src/build/gen-package.ts):
// top-level `export function|const|class`, no imports, nothing module-relative. It imports no driver:
// callers hand it a `pg` Pool or Client, or a PGlite instance, and `adapt` below papers over
// the differences (transactions, LISTEN, multi-statement text).
//
// Design (docs/dispatcher.md says it for users):
// - events: append-only, keyed by event_id (publishing twice is a no-op), each row stamped with
//   its transaction id (xid8) and a position. A group's cursor advances over (tx_id, position)
//   only below the oldest transaction still running, so an event committed late by a slow
//   publisher is never skipped.
// - deliveries: a group's workers move events past the cursor into the group's deliveries (one
//   short statement, serialised by the group row), then each worker claims a batch with
//   FOR UPDATE SKIP LOCKED, taking only the oldest pending delivery of each subject. Handling
//   and acknowledging happen in the batch's transaction: a worker that dies releases its locks
//   and the batch is delivered again (at least once).

export const SCHEMA = 'sguild_events';
export const NOTIFY_CHANNEL = 'sguild_events';

export const MIGRATIONS = [
  {
    version: 1,
    name: 'events, consumer groups, deliveries, dead letters',
    sql: `CREATE SCHEMA IF NOT EXISTS sguild_events;

CREATE TABLE IF NOT EXISTS sguild_events.migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);

-- Append-only: one row per event, never updated or deleted (the triggers below refuse it).
CREATE TABLE IF NOT EXISTS sguild_events.events (
  event_id text PRIMARY KEY,
  position bigint GENERATED ALWAYS AS IDENTITY,
  tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  event_type text NOT NULL,
  schema_version integer NOT NULL,
  subject text,
  correlation_id text,
  causation_id text,
  occurred_at timestamptz NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  event json NOT NULL
);
CREATE INDEX IF NOT EXISTS events_stream ON sguild_events.events (tx_id, position);

CREATE OR REPLACE FUNCTION sguild_events.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'sguild_events.events is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END $$;
CREATE OR REPLACE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON sguild_events.events
  FOR EACH ROW EXECUTE FUNCTION sguild_events.refuse_change();
CREATE OR REPLACE TRIGGER events_no_truncate BEFORE TRUNCATE ON sguild_events.events
  FOR EACH STATEMENT EXECUTE FUNCTION sguild_events.refuse_change();

-- Wakes idle consumers (LISTEN sguild_events) when the publishing transaction commits.
CREATE OR REPLACE FUNCTION sguild_events.notify_published() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('sguild_events', '');
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER events_notify AFTER INSERT ON sguild_events.events
  FOR EACH STATEMENT EXECUTE FUNCTION sguild_events.notify_published();

-- A consumer group's progress: every event at or before the cursor is in its deliveries,
-- handled, or dead-lettered.
CREATE TABLE IF NOT EXISTS sguild_events.consumer_groups (
  name text PRIMARY KEY,
  cursor_tx xid8 NOT NULL DEFAULT '0',
  cursor_position bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Events a group has taken in but not yet acknowledged; a row is deleted when handled. (No
-- foreign key to consumer_groups: its check would cost more than taking the events in.)
CREATE TABLE IF NOT EXISTS sguild_events.deliveries (
  group_name text NOT NULL,
  position bigint NOT NULL,
  event_id text NOT NULL,
  subject text,
  attempts integer NOT NULL DEFAULT 0,
  available_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  PRIMARY KEY (group_name, position)
);
CREATE INDEX IF NOT EXISTS deliveries_by_subject ON sguild_events.deliveries (group_name, subject, position) WHERE subject IS NOT NULL;

CREATE TABLE IF NOT EXISTS sguild_events.dead_letters (
  group_name text NOT NULL REFERENCES sguild_events.consumer_groups (name) ON DELETE CASCADE,
  event_id text NOT NULL,
  position bigint NOT NULL,
  reason text NOT NULL CHECK (reason IN ('invalid-event', 'unknown-event-type', 'handler-failed')),
  error text NOT NULL,
  attempts integer NOT NULL,
  dead_lettered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_name, event_id)
);

INSERT INTO sguild_events.migrations (version, name) VALUES (1, 'events, consumer groups, deliveries, dead letters') ON CONFLICT (version) DO NOTHING;
`,
  },
];

/** The schema version this module needs: the highest migration. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** Every error this module throws on purpose; `code` says which. */
export class DispatcherError extends Error {
  constructor(code, message, details) {
    super(message);
    this.name = 'DispatcherError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }
}

const UNDEFINED_TABLE = '42P01';
const INVALID_SCHEMA = '3F000';

function notMigrated(error) {
  if (error && (error.code === UNDEFINED_TABLE || error.code === INVALID_SCHEMA)) {
    return new DispatcherError('not-migrated', `the database has no ${SCHEMA} tables (${error.message}); run migrate(db) or apply the package's sql/ migration first`);
  }
  return error;
}

/**
 * One interface over the drivers: query, exec (several statements), transaction, listen.
 * - PGlite: has transaction() and listen(); one connection, so transactions queue up.
 * - pg Pool: a transaction checks out a client; LISTEN holds one client for the consumer.
 * - pg Client (or a PoolClient, or a PGlite transaction): used as it is; BEGIN/COMMIT on it.
 */
export function adapt(db) {
  if (db === null || typeof db !== 'object' || typeof db.query !== 'function') {
    throw new DispatcherError('bad-db', 'db must be a pg Pool or Client or a PGlite instance (an object with query(text, params))');
  }
  const isPglite = typeof db.transaction === 'function' && typeof db.listen === 'function';
  const isPool = !isPglite && typeof db.connect === 'function' && 'totalCount' in db;
  const execOn = (target, text) => (typeof target.exec === 'function' ? target.exec(text) : target.query(text));
  return {
    db,
    query: (text, params) => db.query(text, params),
    exec: (text) => execOn(db, text),
    /**
     * Runs fn(tx, finish) in a transaction. `finish(sql)` (parameterless SQL) ends it: on a pg
     * connection the SQL and COMMIT go in one round trip (the simple query protocol takes both).
     */
    async transaction(fn) {
      if (isPglite) return db.transaction((tx) => fn(tx, (sql) => tx.exec(sql)));
      const client = isPool ? await db.connect() : db;
      // A backend terminated while the client is checked out emits 'error' on it; the failing
      // query reports it, so the event itself must not crash the process.
      const ignore = () => {};
      if (isPool) client.on('error', ignore);
      let broken;
      let committed = false;
      const finish = async (sql) => {
        await client.query(`${sql};\nCOMMIT`);
        committed = true;
      };
      try {
        await client.query('BEGIN');
        const result = await fn(client, finish);
        if (!committed) await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (lost) {
          // The connection is gone (the server rolled the transaction back): never reuse it.
          broken = lost;
        }
        throw error;
      } finally {
        if (isPool) {
          client.off('error', ignore);
          client.release(broken);
        }
      }
    },
    /** Calls onNotify on every NOTIFY of the channel; returns a function that stops listening. */
    async listen(channel, onNotify, onError) {
      if (isPglite) {
        const unlisten = await db.listen(channel, () => onNotify());
        return () => unlisten();
      }
      const client = isPool ? await db.connect() : undefined;
      if (!client) return () => Promise.resolve(); // a single Client cannot listen while it works: polling only
      let closed = false;
      const handler = (message) => {
        if (message.channel === channel) onNotify();
      };
      const failed = (error) => {
        if (closed) return;
        closed = true;
        client.off('notification', handler);
        // A listening connection that failed is destroyed, not returned: the pool would hand it
        // out again (and a leaked one would use up the pool). The loop listens anew.
        client.release(error);
        onError(error);
      };
      client.on('notification', handler);
      client.on('error', failed);
      try {
        await client.query(`LISTEN ${channel}`);
      } catch (error) {
        client.off('notification', handler);
        client.release(error);
        throw error;
      }
      return async () => {
        if (closed) return;
        closed = true;
        client.off('notification', handler);
        try {
          await client.query(`UNLISTEN ${channel}`);
          client.off('error', failed);
          client.release();
        } catch (error) {
          client.off('error', failed);
          client.release(error);
        }
      };
    },
  };
}

/**
 * Creates or updates the dispatcher's tables. Idempotent and safe to run from several processes
 * at once (an advisory lock serialises them); returns the versions it applied.
 */
export async function migrate(db) {
  const conn = adapt(db);
  return conn.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('${SCHEMA}.migrate'))`);
    const exists = await tx.query(`SELECT to_regclass('${SCHEMA}.migrations') IS NOT NULL AS present`);
    const applied = new Set();
    if (exists.rows[0].present) for (const row of (await tx.query(`SELECT version FROM ${SCHEMA}.migrations`)).rows) applied.add(Number(row.version));
    const done = [];
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await (typeof tx.exec === 'function' ? tx.exec(migration.sql) : tx.query(migration.sql));
      done.push(migration.version);
    }
    return done;
  });
}

/** The highest migration applied, or throws DispatcherError 'not-migrated'. */
export async function schemaVersion(db) {
  const conn = adapt(db);
  let rows;
  try {
    rows = (await conn.query(`SELECT max(version) AS version FROM ${SCHEMA}.migrations`)).rows;
  } catch (error) {
    throw notMigrated(error);
  }
  const version = rows[0] && rows[0].version !== null ? Number(rows[0].version) : 0;
  if (version < 1) throw new DispatcherError('not-migrated', `the database has no ${SCHEMA} migrations applied; run migrate(db) first`);
  return version;
}

// The metadata columns travel as arrays of short values; the events themselves as one JSON
// array (a single JSON.stringify, no per-element array-literal escaping on either side), split
// by json_array_elements, whose elements keep their text exactly. ROWS FROM zips them by row.
const INSERT_EVENTS = `INSERT INTO ${SCHEMA}.events (event_id, event_type, schema_version, subject, correlation_id, causation_id, occurred_at, event)
SELECT * FROM ROWS FROM (unnest($1::text[]), unnest($2::text[]), unnest($3::integer[]), unnest($4::text[]), unnest($5::text[]), unnest($6::text[]), unnest($7::timestamptz[]), json_array_elements($8::json))
ON CONFLICT (event_id) DO NOTHING`;

/** Rows per INSERT: keeps each statement's parameters well under what a server accepts at once. */
const PUBLISH_CHUNK = 5000;

/**
 * Validates every event, then inserts them (all or none) with `db`, or with `options.tx` — the
 * caller's open transaction — so an event is durable exactly when the business change is.
 * Publishing an event_id that is already stored changes nothing. Returns how many were new.
 */
export async function publishEvents(validateEvent, db, events, options = {}) {
  if (!Array.isArray(events)) throw new DispatcherError('bad-input', 'publish(db, events): events must be an array of events');
  const columns = [[], [], [], [], [], [], []];
  const problems = [];
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const verdict = validateEvent(event);
    if (!verdict.ok) {
      problems.push({ index: i, errors: verdict.errors });
      continue;
    }
    columns[0].push(event.event_id);
    columns[1].push(event.event_type);
    columns[2].push(event.schema_version);
    columns[3].push(event.subject ?? null);
    columns[4].push(event.correlation_id ?? null);
    columns[5].push(event.causation_id ?? null);
    columns[6].push(event.occurred_at);
  }
  if (problems.length) {
    const first = problems[0];
    const what = first.errors.filter((e) => e.severity === 'error').map((e) => `${e.pointer || '(root)'}: ${e.message}`).join('; ');
    throw new DispatcherError('invalid-event', `publish: ${problems.length} of ${events.length} events are invalid, nothing was published; event ${first.index}: ${what}`, problems);
  }
  if (!events.length) return 0;
  const insert = async (target) => {
    let inserted = 0;
    for (let at = 0; at < events.length; at += PUBLISH_CHUNK) {
      const params = columns.map((column) => column.slice(at, at + PUBLISH_CHUNK));
      params.push(JSON.stringify(at === 0 && events.length <= PUBLISH_CHUNK ? events : events.slice(at, at + PUBLISH_CHUNK)));
      const result = await target.query(INSERT_EVENTS, params);
      inserted += Number(result.rowCount ?? result.affectedRows ?? 0);
    }
    return inserted;
  };
  try {
    if (options.tx) return await insert(options.tx);
    if (events.length <= PUBLISH_CHUNK) return await insert(adapt(db));
    return await adapt(db).transaction((tx) => insert(tx));
  } catch (error) {
    throw notMigrated(error);
  }
}

const PULL = `WITH g AS (
  SELECT cursor_tx, cursor_position FROM ${SCHEMA}.consumer_groups WHERE name = $1 FOR UPDATE SKIP LOCKED
), next AS (
  SELECT n.* FROM g, LATERAL (
    SELECT e.tx_id, e.position, e.event_id, e.subject FROM ${SCHEMA}.events e
    WHERE (e.tx_id, e.position) > (g.cursor_tx, g.cursor_position)
      AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
    ORDER BY e.tx_id, e.position
    LIMIT $2) n
), moved AS (
  INSERT INTO ${SCHEMA}.deliveries (group_name, position, event_id, subject)
  SELECT $1, position, event_id, subject FROM next
  ON CONFLICT DO NOTHING
)
UPDATE ${SCHEMA}.consumer_groups c SET cursor_tx = last.tx_id, cursor_position = last.position
FROM (SELECT tx_id, position FROM next ORDER BY tx_id DESC, position DESC LIMIT 1) last
WHERE c.name = $1
RETURNING (SELECT count(*) FROM next) AS pulled`;

const CLAIM = `SELECT d.position, d.attempts, e.event
FROM ${SCHEMA}.deliveries d JOIN ${SCHEMA}.events e ON e.event_id = d.event_id
WHERE d.group_name = $1 AND d.available_at <= now()
  AND (d.subject IS NULL OR NOT EXISTS (
    SELECT 1 FROM ${SCHEMA}.deliveries p WHERE p.group_name = d.group_name AND p.subject = d.subject AND p.position < d.position))
ORDER BY d.position
LIMIT $2
FOR UPDATE OF d SKIP LOCKED`;

const RETRY = `UPDATE ${SCHEMA}.deliveries SET attempts = attempts + 1, available_at = now() + make_interval(secs => $3::double precision / 1000), last_error = $4
WHERE group_name = $1 AND position = $2`;
const DEAD_LETTER = `WITH gone AS (DELETE FROM ${SCHEMA}.deliveries WHERE group_name = $1 AND position = $2 RETURNING event_id, position)
INSERT INTO ${SCHEMA}.dead_letters (group_name, event_id, position, reason, error, attempts)
SELECT $1, event_id, position, $3, $4, $5 FROM gone
ON CONFLICT (group_name, event_id) DO UPDATE SET reason = EXCLUDED.reason, error = EXCLUDED.error, attempts = EXCLUDED.attempts, dead_lettered_at = now()`;

function describeError(error) {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  try {
    return String(error);
  } catch {
    return 'a thrown value that cannot be shown';
  }
}

/** The default backoff before attempt n+1: 100 ms doubling, capped at 30 s. */
export function defaultBackoff(attempt) {
  return Math.min(30000, 100 * 2 ** Math.max(0, attempt - 1));
}

/**
 * One worker of a consumer group. Several workers (in one process or many) with the same group
 * share its events; each event is handled by one of them, at least once. See docs/dispatcher.md.
 */
export function createGroupConsumer(validateEvent, options) {
  const { db, group, handlers } = options ?? {};
  if (typeof group !== 'string' || !/^[A-Za-z0-9_.:-]{1,200}$/.test(group)) throw new DispatcherError('bad-input', `createConsumer: group must be 1 to 200 letters, digits, '_', '.', ':' or '-', not ${JSON.stringify(group)}`);
  if (handlers === null || typeof handlers !== 'object') throw new DispatcherError('bad-input', 'createConsumer: handlers must be an object of event type → function');
  for (const [type, handler] of Object.entries(handlers)) {
    if (typeof handler !== 'function') throw new DispatcherError('bad-input', `createConsumer: the handler for ${JSON.stringify(type)} is not a function`);
  }
  const conn = adapt(db);
  const batchSize = positiveInteger(options.batchSize, 100, 'batchSize');
  const maxAttempts = positiveInteger(options.maxAttempts, 5, 'maxAttempts');
  const pollInterval = positiveInteger(options.pollInterval, 1000, 'pollInterval');
  const pullSize = Math.max(batchSize * 4, 500);
  const backoff = typeof options.backoff === 'function' ? options.backoff : defaultBackoff;
  const onError = typeof options.onError === 'function' ? options.onError : (error) => console.error(`sguild dispatcher [${group}]: ${describeError(error)}`);
  const handlerOf = new Map(Object.entries(handlers));
  const stats = { batches: 0, handled: 0, failed: 0, deadLettered: 0, skipped: 0 };

  let registered = false;
  /** Deliveries this worker believes the group still has (taken in, not yet claimed). */
  let ahead = 0;
  let running;
  let stopping = false;
  let wake;
  let pending = false;

  async function register() {
    if (registered) return;
    try {
      await conn.query(`INSERT INTO ${SCHEMA}.consumer_groups (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [group]);
    } catch (error) {
      throw notMigrated(error);
    }
    registered = true;
  }

  /** Moves the next events past the group's cursor into its deliveries; 0 when none (or another worker is at it). */
  async function pull() {
    const result = await conn.query(PULL, [group, pullSize]);
    return result.rows.length ? Number(result.rows[0].pulled) : 0;
  }

  /** Claims, handles and acknowledges one batch in one transaction; returns how many deliveries it took. */
  async function runBatch() {
    return conn.transaction(async (tx, finish) => {
      const claimed = (await tx.query(CLAIM, [group, batchSize])).rows;
      if (!claimed.length) return 0;
      const acked = [];
      for (const row of claimed) {
        const position = row.position;
        const event = typeof row.event === 'string' ? JSON.parse(row.event) : row.event;
        const verdict = validateEvent(event);
        if (!verdict.ok) {
          const unknown = verdict.errors.some((e) => e.kind === 'unknown-event-type');
          const message = verdict.errors.filter((e) => e.severity === 'error').map((e) => `${e.pointer || '(root)'}: ${e.message}`).join('; ');
          await tx.query(DEAD_LETTER, [group, position, unknown ? 'unknown-event-type' : 'invalid-event', message, row.attempts]);
          stats.deadLettered++;
          continue;
        }
        const handler = handlerOf.get(event.event_type);
        if (!handler) {
          acked.push(position);
          stats.skipped++;
          continue;
        }
        // The handler's own queries run in a savepoint, opened on its first query only, so a
        // handler that fails leaves no half-done changes and one that uses no SQL costs none.
        let savepoint = false;
        const handlerTx = {
          async query(text, params) {
            if (!savepoint) {
              await tx.query('SAVEPOINT sguild_handler');
              savepoint = true;
            }
            return tx.query(text, params);
          },
        };
        const attempt = row.attempts + 1;
        try {
          await handler(event, { tx: handlerTx, attempt, group });
          if (savepoint) await tx.query('RELEASE SAVEPOINT sguild_handler');
          acked.push(position);
          stats.handled++;
        } catch (error) {
          if (savepoint) await tx.query('ROLLBACK TO SAVEPOINT sguild_handler');
          stats.failed++;
          const message = describeError(error);
          if (attempt >= maxAttempts) {
            await tx.query(DEAD_LETTER, [group, position, 'handler-failed', message, attempt]);
            stats.deadLettered++;
          } else {
            await tx.query(RETRY, [group, position, backoff(attempt), message]);
          }
        }
      }
      // The acknowledgement travels with the COMMIT. Positions are integers from the database and
      // group names are restricted to [A-Za-z0-9_.:-], so both are safe as literals.
      if (acked.length) await finish(`DELETE FROM ${SCHEMA}.deliveries WHERE group_name = '${group}' AND position IN (${acked.map((p) => String(BigInt(p))).join(', ')})`);
      stats.batches++;
      return claimed.length;
    });
  }

  /**
   * Handles one batch; how many deliveries it took (0: nothing available now). Events are taken
   * in only when the group's deliveries run short, so claiming scans a short table.
   */
  async function step() {
    await register();
    // Take events in first when this worker's estimate of the group's deliveries says they are
    // used up (other workers claim from them too, hence the second chance below).
    let pulled = false;
    if (ahead <= 0) {
      ahead = await pull();
      pulled = true;
    }
    let taken = await runBatch();
    ahead -= taken;
    if (taken === 0 && !pulled) {
      ahead = await pull();
      if (ahead > 0) {
        taken = await runBatch();
        ahead -= taken;
      }
    }
    return taken;
  }

  function idle(ms) {
    if (pending) {
      pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
  }

  function poke() {
    if (wake) wake();
    else pending = true;
  }

  async function loop() {
    let failures = 0;
    let unlisten;
    const listen = async () => {
      try {
        unlisten = await conn.listen(NOTIFY_CHANNEL, poke, (error) => {
          onError(error);
          unlisten = undefined;
        });
      } catch (error) {
        onError(error);
      }
    };
    await listen();
    while (!stopping) {
      let taken = 0;
      try {
        taken = await step();
        failures = 0;
      } catch (error) {
        failures++;
        onError(notMigrated(error));
        if (!stopping) await idle(Math.min(pollInterval * 5, backoff(failures)));
        continue;
      }
      if (stopping) break;
      if (!unlisten) await listen();
      if (taken === 0) await idle(pollInterval);
    }
    if (unlisten) await unlisten().catch(() => {});
  }

  return {
    group,
    stats,
    /** Starts the worker loop (idempotent); it runs until stop(). */
    start() {
      if (!running) {
        stopping = false;
        running = loop().finally(() => {
          running = undefined;
        });
      }
      return this;
    },
    /** Asks the loop to stop; resolves once the batch in hand is handled and committed. */
    async stop() {
      stopping = true;
      poke();
      if (running) await running;
    },
    /** Handles batches until none is available right now (retries waiting for their backoff are left). */
    async drain() {
      let total = 0;
      for (;;) {
        const taken = await step();
        if (taken === 0) return total;
        total += taken;
      }
    },
  };
}

function positiveInteger(value, fallback, name) {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new DispatcherError('bad-input', `createConsumer: ${name} must be a positive integer`);
  return value;
}

// Inspection and repair, used by `sguild-contracts events` and available to services.

/** The most recent events (newest first), optionally of one type. */
export async function listEvents(db, options = {}) {
  const limit = options.limit ?? 20;
  try {
    const result = await adapt(db).query(
      `SELECT position, event_id, event_type, schema_version, subject, correlation_id, causation_id, occurred_at, published_at
       FROM ${SCHEMA}.events WHERE ($1::text IS NULL OR event_type = $1) ORDER BY position DESC LIMIT $2`,
      [options.eventType ?? null, limit],
    );
    return result.rows.map((row) => ({ ...row, position: Number(row.position) }));
  } catch (error) {
    throw notMigrated(error);
  }
}

/**
 * Each group's lag: events not yet taken in (past its cursor), deliveries pending (of which
 * retrying, i.e. failed at least once), and dead letters.
 */
export async function groupLag(db, group) {
  try {
    const result = await adapt(db).query(
      `SELECT g.name AS group,
        (SELECT count(*) FROM ${SCHEMA}.events e WHERE (e.tx_id, e.position) > (g.cursor_tx, g.cursor_position)) AS not_taken,
        (SELECT count(*) FROM ${SCHEMA}.deliveries d WHERE d.group_name = g.name) AS pending,
        (SELECT count(*) FROM ${SCHEMA}.deliveries d WHERE d.group_name = g.name AND d.attempts > 0) AS retrying,
        (SELECT count(*) FROM ${SCHEMA}.dead_letters x WHERE x.group_name = g.name) AS dead_letters
       FROM ${SCHEMA}.consumer_groups g WHERE ($1::text IS NULL OR g.name = $1) ORDER BY g.name`,
      [group ?? null],
    );
    return result.rows.map((row) => ({ group: row.group, notTaken: Number(row.not_taken), pending: Number(row.pending), retrying: Number(row.retrying), deadLetters: Number(row.dead_letters), lag: Number(row.not_taken) + Number(row.pending) }));
  } catch (error) {
    throw notMigrated(error);
  }
}

/** Dead letters, oldest first, optionally of one group. */
export async function listDeadLetters(db, options = {}) {
  try {
    const result = await adapt(db).query(
      `SELECT x.group_name AS group, x.event_id, x.position, x.reason, x.error, x.attempts, x.dead_lettered_at, e.event_type
       FROM ${SCHEMA}.dead_letters x JOIN ${SCHEMA}.events e ON e.event_id = x.event_id
       WHERE ($1::text IS NULL OR x.group_name = $1) ORDER BY x.dead_lettered_at, x.position LIMIT $2`,
      [options.group ?? null, options.limit ?? 100],
    );
    return result.rows.map((row) => ({ ...row, position: Number(row.position) }));
  } catch (error) {
    throw notMigrated(error);
  }
}

/** Moves a group's dead letters (all, or the given event IDs) back into its deliveries; returns how many. */
export async function redeliverDeadLetters(db, options) {
  if (!options || typeof options.group !== 'string') throw new DispatcherError('bad-input', 'redeliverDeadLetters: a group is required');
  try {
    const result = await adapt(db).query(
      `WITH back AS (
         DELETE FROM ${SCHEMA}.dead_letters x USING ${SCHEMA}.events e
         WHERE x.group_name = $1 AND e.event_id = x.event_id AND ($2::text[] IS NULL OR x.event_id = ANY($2::text[]))
         RETURNING x.position, x.event_id, e.subject)
       INSERT INTO ${SCHEMA}.deliveries (group_name, position, event_id, subject)
       SELECT $1, position, event_id, subject FROM back ON CONFLICT DO NOTHING`,
      [options.group, options.eventIds ?? null],
    );
    return Number(result.rowCount ?? result.affectedRows ?? 0);
  } catch (error) {
    throw notMigrated(error);
  }
}
