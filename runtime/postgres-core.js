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
//   its transaction id (xid8), a position, and a bucket (0-63, a hash of its subject, or of its
//   ID when it has none): all events of a subject share a bucket.
// - a group's progress is a cursor per bucket over (tx_id, position), advanced only below the
//   oldest transaction still running, so an event committed late by a slow publisher is never
//   skipped. A worker's batch locks a few buckets that have events (FOR UPDATE SKIP LOCKED),
//   reads their next events in place, handles them, and moves the cursors in the same
//   transaction: one bucket has one worker at a time, which gives order per subject; a worker
//   that dies releases its locks and the batch is read again (at least once).
// - deliveries: only events parked off the stream — a failed one waiting for its retry, later
//   events of its subject waiting behind it, dead letters re-delivered — claimed with SKIP LOCKED,
//   the oldest of each subject first. A bucket row's `parked` flag says whether to look there.

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
  {
    version: 2,
    name: 'per-bucket cursors: consumer groups read the stream in place',
    sql: `-- Each event falls in one of 64 buckets, by a hash of its subject (of its ID when it has none),
-- so all events of a subject share a bucket. A group's progress is a cursor per bucket over
-- (tx_id, position): every event at or before it has been handled, dead-lettered or parked in
-- the group's deliveries. Workers lock a few buckets at a time and read their events in place.
ALTER TABLE sguild_events.events ADD COLUMN IF NOT EXISTS bucket smallint
  GENERATED ALWAYS AS ((hashtext(coalesce(subject, event_id)) & 63)::smallint) STORED;
CREATE INDEX IF NOT EXISTS events_bucket_stream ON sguild_events.events (bucket, tx_id, position);
-- The fingerprint of the contracts (the generated validators) publish checked the event with;
-- a consumer built from the same contracts need not check it again. NULL: stored otherwise.
ALTER TABLE sguild_events.events ADD COLUMN IF NOT EXISTS validated_by text;
DROP INDEX IF EXISTS sguild_events.events_stream;

-- Deliveries now hold only parked events: retrying after a failure, waiting behind a parked
-- event of their subject, or re-delivered from dead letters. They are ordered like the stream.
ALTER TABLE sguild_events.deliveries ADD COLUMN IF NOT EXISTS tx_id xid8;
UPDATE sguild_events.deliveries d SET tx_id = e.tx_id FROM sguild_events.events e WHERE d.tx_id IS NULL AND e.event_id = d.event_id;
UPDATE sguild_events.deliveries SET tx_id = '0' WHERE tx_id IS NULL;
ALTER TABLE sguild_events.deliveries ALTER COLUMN tx_id SET NOT NULL;
CREATE INDEX IF NOT EXISTS deliveries_subject_stream ON sguild_events.deliveries (group_name, subject, tx_id, position) WHERE subject IS NOT NULL;
DROP INDEX IF EXISTS sguild_events.deliveries_by_subject;

-- parked: the group may have deliveries of this bucket's subjects (set with the bucket locked,
-- cleared by a worker that found none), so a worker checks them only when it is set.
CREATE TABLE IF NOT EXISTS sguild_events.group_buckets (
  group_name text NOT NULL REFERENCES sguild_events.consumer_groups (name) ON DELETE CASCADE,
  bucket smallint NOT NULL,
  cursor_tx xid8 NOT NULL DEFAULT '0',
  cursor_position bigint NOT NULL DEFAULT 0,
  parked boolean NOT NULL DEFAULT false,
  PRIMARY KEY (group_name, bucket)
);
-- Groups of migration 1 start each bucket at the group's cursor (consumer_groups.cursor_tx and
-- cursor_position, no longer maintained), their deliveries parked.
INSERT INTO sguild_events.group_buckets (group_name, bucket, cursor_tx, cursor_position, parked)
SELECT g.name, b, g.cursor_tx, g.cursor_position, true FROM sguild_events.consumer_groups g, generate_series(0, 63) b
ON CONFLICT DO NOTHING;

CREATE OR REPLACE FUNCTION sguild_events.add_group_buckets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO sguild_events.group_buckets (group_name, bucket, cursor_tx, cursor_position)
  SELECT NEW.name, b, NEW.cursor_tx, NEW.cursor_position FROM generate_series(0, 63) b ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER consumer_groups_buckets AFTER INSERT ON sguild_events.consumer_groups
  FOR EACH ROW EXECUTE FUNCTION sguild_events.add_group_buckets();

INSERT INTO sguild_events.migrations (version, name) VALUES (2, 'per-bucket cursors: consumer groups read the stream in place') ON CONFLICT (version) DO NOTHING;
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
    /**
     * Runs a statement the worker runs over and over on `target` (db or a transaction of it): on
     * pg as a named prepared statement, parsed and planned once per connection; PGlite has none.
     */
    prepared: isPglite ? (target, _name, text, params) => target.query(text, params) : (target, name, text, params) => target.query({ name, text, values: params }),
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
const INSERT_EVENTS = `INSERT INTO ${SCHEMA}.events (event_id, event_type, schema_version, subject, correlation_id, causation_id, occurred_at, event, validated_by)
SELECT r.*, $9::text FROM ROWS FROM (unnest($1::text[]), unnest($2::text[]), unnest($3::integer[]), unnest($4::text[]), unnest($5::text[]), unnest($6::text[]), unnest($7::timestamptz[]), json_array_elements($8::json)) r
ON CONFLICT (event_id) DO NOTHING`;

/** Rows per INSERT: keeps each statement's parameters well under what a server accepts at once. */
const PUBLISH_CHUNK = 5000;

/**
 * Validates every event, then inserts them (all or none) with `db`, or with `options.tx` — the
 * caller's open transaction — so an event is durable exactly when the business change is.
 * Publishing an event_id that is already stored changes nothing. Returns how many were new.
 */
export async function publishEvents(validateEvent, db, events, options = {}, fingerprint = null) {
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
      params.push(JSON.stringify(at === 0 && events.length <= PUBLISH_CHUNK ? events : events.slice(at, at + PUBLISH_CHUNK)), fingerprint);
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

/** Buckets of the stream (migration 2's `& 63`). */
const BUCKETS = 64;
/** Buckets a worker locks per batch: up to BUCKETS / CLAIM_BUCKETS workers of a group run at once at full batches. */
const CLAIM_BUCKETS = 8;

/** Buckets of the group that have events to read (below the horizon), for CLAIM's two arms (CTEs, read lazily). */
const BUCKET_ARM = (range) => `(SELECT b.bucket, b.cursor_tx, b.cursor_position, b.parked
    FROM ${SCHEMA}.group_buckets b, horizon h, LATERAL (
      SELECT 1 FROM ${SCHEMA}.events e
      WHERE e.bucket = b.bucket AND (e.tx_id, e.position) > (b.cursor_tx, b.cursor_position) AND e.tx_id < h.xmin
      LIMIT 1) waiting
    WHERE b.group_name = $1 AND ${range}
    ORDER BY b.bucket
    LIMIT $2
    FOR UPDATE OF b SKIP LOCKED)`;

/**
 * One batch, in one statement: the parked deliveries that are due (each the oldest of its
 * subject), then the next events of up to $2 buckets that have some, locked with SKIP LOCKED
 * and taken round-robin from bucket $5 on (the worker moves $5 past the buckets it took, so no
 * bucket waits behind busier ones), $3 per bucket in stream order, $4 in all. Only events whose
 * transaction id is below the oldest transaction still running are read, so an event committed
 * late by a slow transaction never falls behind a cursor that has passed its position. Buckets
 * are looked at one by one only until $2 are locked. `checked`: publish validated the event with
 * contracts of fingerprint $6, this consumer's own.
 */
const CLAIM = `WITH horizon AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
from_here AS ${BUCKET_ARM('b.bucket >= $5')},
round_again AS ${BUCKET_ARM('b.bucket < $5')},
buckets AS (
  SELECT * FROM from_here UNION ALL SELECT * FROM round_again LIMIT $2
), retries AS (
  SELECT d.position, d.attempts, d.event_id FROM ${SCHEMA}.deliveries d
  WHERE d.group_name = $1 AND d.available_at <= now()
    AND (d.subject IS NULL OR NOT EXISTS (
      SELECT 1 FROM ${SCHEMA}.deliveries p
      WHERE p.group_name = d.group_name AND p.subject = d.subject AND (p.tx_id, p.position) < (d.tx_id, d.position)))
  ORDER BY d.tx_id, d.position
  LIMIT $4
  FOR UPDATE OF d SKIP LOCKED
)
SELECT NULL::smallint AS bucket, NULL::boolean AS parked, NULL::xid8 AS tx_id, r.position, r.attempts, r.event_id, e.subject, e.event, e.validated_by = $6 AS checked
FROM retries r JOIN ${SCHEMA}.events e ON e.event_id = r.event_id
UNION ALL
(SELECT b.bucket, b.parked, n.tx_id, n.position, 0, n.event_id, n.subject, n.event, n.validated_by = $6 FROM buckets b, horizon h, LATERAL (
  SELECT e.tx_id, e.position, e.event_id, e.subject, e.event, e.validated_by FROM ${SCHEMA}.events e
  WHERE e.bucket = b.bucket AND (e.tx_id, e.position) > (b.cursor_tx, b.cursor_position) AND e.tx_id < h.xmin
  ORDER BY e.tx_id, e.position
  LIMIT $3) n
LIMIT $4 - (SELECT count(*) FROM retries))`;

/** The subjects the group has parked deliveries of in the given buckets (locked ones whose flag says it may). */
const PARKED = `SELECT DISTINCT p.bucket, p.subject FROM (
  SELECT (hashtext(coalesce(subject, event_id)) & 63)::smallint AS bucket, subject FROM ${SCHEMA}.deliveries WHERE group_name = $1) p
WHERE p.bucket = ANY($2::smallint[])`;

/** Parks an event taken from its bucket: a retry after a failure, or one waiting behind its subject. */
const PARK = `INSERT INTO ${SCHEMA}.deliveries (group_name, position, tx_id, event_id, subject, attempts, available_at, last_error)
VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7::double precision / 1000), $8)
ON CONFLICT DO NOTHING`;

const RETRY = `UPDATE ${SCHEMA}.deliveries SET attempts = attempts + 1, available_at = now() + make_interval(secs => $3::double precision / 1000), last_error = $4
WHERE group_name = $1 AND position = $2`;
const DEAD_LETTER = `INSERT INTO ${SCHEMA}.dead_letters (group_name, event_id, position, reason, error, attempts)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (group_name, event_id) DO UPDATE SET reason = EXCLUDED.reason, error = EXCLUDED.error, attempts = EXCLUDED.attempts, dead_lettered_at = now()`;
const DEAD_LETTER_PARKED = `WITH gone AS (DELETE FROM ${SCHEMA}.deliveries WHERE group_name = $1 AND position = $2 RETURNING event_id, position)
INSERT INTO ${SCHEMA}.dead_letters (group_name, event_id, position, reason, error, attempts)
SELECT $1, event_id, position, $3, $4, $5 FROM gone
ON CONFLICT (group_name, event_id) DO UPDATE SET reason = EXCLUDED.reason, error = EXCLUDED.error, attempts = EXCLUDED.attempts, dead_lettered_at = now()`;

/** The verdict on an event publish validated with the consumer's own contracts. */
const CHECKED = Object.freeze({ ok: true, errors: Object.freeze([]) });

/** Digits only: a bigint or xid8 from the database, safe to write as a literal. */
function digits(value) {
  const text = String(value);
  if (!/^[0-9]{1,20}$/.test(text)) throw new DispatcherError('bad-row', `expected an unsigned integer from the database, got ${JSON.stringify(text)}`);
  return text;
}

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
export function createGroupConsumer(validateEvent, options, fingerprint = null) {
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
  // Buckets locked per batch, and events read from each: an even share of the batch.
  const claimBuckets = Math.min(CLAIM_BUCKETS, batchSize);
  const perBucket = Math.ceil(batchSize / claimBuckets);
  /** The bucket this worker's next claim starts from (workers start apart, then go round). */
  let nextBucket = Math.floor(Math.random() * BUCKETS);
  const backoff = typeof options.backoff === 'function' ? options.backoff : defaultBackoff;
  const onError = typeof options.onError === 'function' ? options.onError : (error) => console.error(`sguild dispatcher [${group}]: ${describeError(error)}`);
  const handlerOf = new Map(Object.entries(handlers));
  const stats = { batches: 0, handled: 0, failed: 0, deadLettered: 0, skipped: 0 };

  let registered = false;
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

  /**
   * Claims, handles and acknowledges one batch in one transaction; returns how many events it
   * took. The acknowledgement is the buckets' cursors moving past the events taken from them
   * (and the parked deliveries handled being deleted), committed with the handlers' queries.
   */
  async function runBatch() {
    return conn.transaction(async (tx, finish) => {
      const claimed = (await conn.prepared(tx, 'sguild_events_claim_2', CLAIM, [group, claimBuckets, perBucket, batchSize, nextBucket, fingerprint])).rows;
      if (!claimed.length) return 0;
      // Round-robin: the next claim starts after the last bucket (in this claim's order) it took.
      let furthest = -1;
      for (const row of claimed) if (row.bucket !== null) furthest = Math.max(furthest, (row.bucket - nextBucket + BUCKETS) % BUCKETS);
      if (furthest >= 0) nextBucket = (nextBucket + furthest + 1) % BUCKETS;
      /** bucket → { tx, position, parked } after this batch. */
      const cursors = new Map();
      /** Subjects that have parked deliveries: their later events are parked behind them. */
      const parkedSubjects = new Set();
      const flagged = [...new Set(claimed.filter((row) => row.bucket !== null && row.parked).map((row) => row.bucket))];
      if (flagged.length) {
        // A fresh statement (its snapshot sees every commit before this batch locked its
        // buckets): which subjects wait, and which flagged buckets have nothing parked any more.
        const stillParked = new Set();
        for (const row of (await tx.query(PARKED, [group, flagged])).rows) {
          stillParked.add(Number(row.bucket));
          if (row.subject !== null) parkedSubjects.add(row.subject);
        }
        for (const bucket of flagged) if (!stillParked.has(bucket)) cursors.set(bucket, { parked: false });
      }
      const done = [];
      const park = async (row, attempts, delay, error) => {
        await tx.query(PARK, [group, row.position, row.tx_id, row.event_id, row.subject, attempts, delay, error]);
        if (row.subject !== null) parkedSubjects.add(row.subject);
        cursors.get(row.bucket).parked = true;
      };
      for (const row of claimed) {
        const fresh = row.bucket !== null;
        if (fresh) {
          const cursor = cursors.get(row.bucket) ?? { parked: row.parked };
          cursor.tx = row.tx_id;
          cursor.position = row.position;
          cursors.set(row.bucket, cursor);
        }
        const position = row.position;
        const event = typeof row.event === 'string' ? JSON.parse(row.event) : row.event;
        if (fresh && row.subject !== null && parkedSubjects.has(row.subject)) {
          // An earlier event of its subject is parked: this one waits behind it.
          await park(row, 0, 0, null);
          continue;
        }
        // An event publish checked with these very contracts (and never changed since: the table
        // is append-only) is valid; any other is checked here.
        const verdict = row.checked ? CHECKED : validateEvent(event);
        if (!verdict.ok) {
          const unknown = verdict.errors.some((e) => e.kind === 'unknown-event-type');
          const message = verdict.errors.filter((e) => e.severity === 'error').map((e) => `${e.pointer || '(root)'}: ${e.message}`).join('; ');
          const reason = unknown ? 'unknown-event-type' : 'invalid-event';
          if (fresh) await tx.query(DEAD_LETTER, [group, row.event_id, position, reason, message, 0]);
          else await tx.query(DEAD_LETTER_PARKED, [group, position, reason, message, row.attempts]);
          stats.deadLettered++;
          continue;
        }
        const handler = handlerOf.get(event.event_type);
        if (!handler) {
          if (!fresh) done.push(position);
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
          if (!fresh) done.push(position);
          stats.handled++;
        } catch (error) {
          if (savepoint) await tx.query('ROLLBACK TO SAVEPOINT sguild_handler');
          stats.failed++;
          const message = describeError(error);
          if (attempt >= maxAttempts) {
            if (fresh) await tx.query(DEAD_LETTER, [group, row.event_id, position, 'handler-failed', message, attempt]);
            else await tx.query(DEAD_LETTER_PARKED, [group, position, 'handler-failed', message, attempt]);
            stats.deadLettered++;
          } else if (fresh) {
            await park(row, attempt, backoff(attempt), message);
          } else {
            await tx.query(RETRY, [group, position, backoff(attempt), message]);
          }
        }
      }
      // The acknowledgement travels with the COMMIT. Transaction ids and positions are digits from
      // the database and group names are restricted to [A-Za-z0-9_.:-], so all are safe as literals.
      const ack = [];
      if (cursors.size) {
        const values = [...cursors].map(([bucket, c]) => `(${Number(bucket)}, ${c.tx === undefined ? 'NULL' : `'${digits(c.tx)}'`}::xid8, ${c.position === undefined ? 'NULL' : digits(c.position)}::bigint, ${c.parked ? 'true' : 'false'})`);
        ack.push(
          `UPDATE ${SCHEMA}.group_buckets b SET cursor_tx = coalesce(v.tx, b.cursor_tx), cursor_position = coalesce(v.position, b.cursor_position), parked = v.parked
FROM (VALUES ${values.join(', ')}) AS v(bucket, tx, position, parked) WHERE b.group_name = '${group}' AND b.bucket = v.bucket`,
        );
      }
      if (done.length) ack.push(`DELETE FROM ${SCHEMA}.deliveries WHERE group_name = '${group}' AND position IN (${done.map(digits).join(', ')})`);
      if (ack.length) await finish(ack.join(';\n'));
      stats.batches++;
      return claimed.length;
    });
  }

  /** Handles one batch; how many events it took (0: nothing available to this worker now). */
  async function step() {
    await register();
    return runBatch();
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
        (SELECT coalesce(sum(n.count), 0) FROM ${SCHEMA}.group_buckets b CROSS JOIN LATERAL (
           SELECT count(*) FROM ${SCHEMA}.events e WHERE e.bucket = b.bucket AND (e.tx_id, e.position) > (b.cursor_tx, b.cursor_position)) n
         WHERE b.group_name = g.name) AS not_taken,
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
         RETURNING x.position, x.event_id, e.tx_id, e.subject, e.bucket),
       parked AS (
         INSERT INTO ${SCHEMA}.deliveries (group_name, position, tx_id, event_id, subject)
         SELECT $1, position, tx_id, event_id, subject FROM back ON CONFLICT DO NOTHING RETURNING 1),
       flagged AS (
         UPDATE ${SCHEMA}.group_buckets b SET parked = true WHERE b.group_name = $1 AND b.bucket IN (SELECT bucket FROM back))
       SELECT count(*) AS n FROM parked`,
      [options.group, options.eventIds ?? null],
    );
    return Number(result.rows[0].n);
  } catch (error) {
    throw notMigrated(error);
  }
}
