/** What the dispatcher needs of a database handle; a pg Pool, Client or PoolClient and a PGlite instance or transaction all fit. */
export interface Queryable {
  query(text: string, params?: unknown[]): Promise<{ rows: any[]; rowCount?: number | null; affectedRows?: number }>;
}

/** Every error the dispatcher throws on purpose; `code` says which. */
export declare class DispatcherError extends Error {
  readonly code: 'bad-db' | 'bad-input' | 'invalid-event' | 'not-migrated';
  readonly details?: unknown;
  constructor(code: DispatcherError['code'], message: string, details?: unknown);
}

/** The Postgres schema holding the dispatcher's tables. */
export declare const SCHEMA: 'sguild_events';
/** The channel NOTIFY'd when events are published (consumers LISTEN on it). */
export declare const NOTIFY_CHANNEL: 'sguild_events';
/** The versioned migrations `migrate` applies, as SQL (also shipped as sql/*.sql). */
export declare const MIGRATIONS: readonly { readonly version: number; readonly name: string; readonly sql: string }[];
/** The highest migration version. */
export declare const SCHEMA_VERSION: number;

/** Creates or updates the dispatcher's tables; idempotent and safe to run concurrently. Resolves to the versions it applied. */
export declare function migrate(db: Queryable): Promise<number[]>;
/** The highest migration applied; rejects with DispatcherError 'not-migrated' when none is. */
export declare function schemaVersion(db: Queryable): Promise<number>;
/** The default delay (ms) before attempt n+1: 100 ms doubling, capped at 30 s. */
export declare function defaultBackoff(attempt: number): number;

export interface StoredEvent {
  position: number;
  event_id: string;
  event_type: string;
  schema_version: number;
  subject: string | null;
  correlation_id: string | null;
  causation_id: string | null;
  occurred_at: Date | string;
  published_at: Date | string;
}
export interface GroupLag {
  group: string;
  /** Events past the group's bucket cursors: not yet handled, dead-lettered or parked. */
  notTaken: number;
  /** Parked deliveries, not yet acknowledged (retrying, waiting behind their subject, re-delivered). */
  pending: number;
  /** Parked deliveries that failed at least once. */
  retrying: number;
  deadLetters: number;
  /** notTaken + pending. */
  lag: number;
}
export interface DeadLetter {
  group: string;
  event_id: string;
  event_type: string;
  position: number;
  reason: 'invalid-event' | 'unknown-event-type' | 'handler-failed';
  error: string;
  attempts: number;
  dead_lettered_at: Date | string;
}
/** The most recent events, newest first. */
export declare function listEvents(db: Queryable, options?: { limit?: number; eventType?: string }): Promise<StoredEvent[]>;
/** Each group's lag (or one group's). */
export declare function groupLag(db: Queryable, group?: string): Promise<GroupLag[]>;
/** Dead letters, oldest first. */
export declare function listDeadLetters(db: Queryable, options?: { group?: string; limit?: number }): Promise<DeadLetter[]>;
/** Moves a group's dead letters (all, or those of the given event IDs) back to its deliveries; resolves to how many. */
export declare function redeliverDeadLetters(db: Queryable, options: { group: string; eventIds?: string[] }): Promise<number>;
