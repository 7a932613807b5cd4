import type { AnyEventEnvelope, EventType } from './events.js';
import type { Queryable } from './postgres-types.js';

export * from './postgres-types.js';

/** What a handler gets besides the event. */
export interface HandlerContext {
  /**
   * The batch's transaction: queries run here commit exactly when the event is acknowledged, and
   * are rolled back (to a savepoint) when the handler throws.
   */
  tx: Queryable;
  /** 1 on first delivery; more after a failure or a worker that died mid-batch. */
  attempt: number;
  group: string;
}

/** Every event of type T, of any registered version, discriminated by `schema_version`. */
export type EventOf<T extends EventType> = Extract<AnyEventEnvelope, { event_type: T }>;

/** One handler per event type; events of types without a handler are acknowledged unhandled. */
export type Handlers = { [T in EventType]?: (event: EventOf<T>, context: HandlerContext) => unknown };

export interface ConsumerOptions<H extends Handlers = Handlers> {
  /** A pg Pool (several workers: one pool each or shared) or a PGlite instance. */
  db: Queryable;
  /** The consumer group: its workers share the stream, each event is handled by one of them. */
  group: string;
  handlers: H;
  /** Events claimed (and committed) together, at most; default 100. */
  batchSize?: number;
  /** Attempts before a failing event is dead-lettered with its last error; default 5. */
  maxAttempts?: number;
  /** Delay in ms before attempt n+1 after n failures; default defaultBackoff. */
  backoff?: (attempt: number) => number;
  /** How long an idle worker waits for a NOTIFY before looking anyway, in ms; default 1000. */
  pollInterval?: number;
  /** Errors of the loop itself (a lost connection, a database that is not migrated); default console.error. */
  onError?: (error: unknown) => void;
}

export interface ConsumerStats {
  batches: number;
  handled: number;
  failed: number;
  deadLettered: number;
  /** Valid events of types with no handler (acknowledged). */
  skipped: number;
}

export interface Consumer {
  readonly group: string;
  readonly stats: ConsumerStats;
  /** Starts the worker loop; it runs until stop(). */
  start(): this;
  /** Stops the loop once the batch in hand is handled and committed. */
  stop(): Promise<void>;
  /** Handles batches until none is available right now; resolves to how many deliveries it took. */
  drain(): Promise<number>;
}

/**
 * Validates every event with the package's validators, then inserts them — all or none — with
 * `db`, or in `options.tx`, the caller's open transaction (a transactional outbox). Publishing an
 * event_id that is already stored is a no-op. Resolves to how many events were new.
 */
export declare function publish(db: Queryable, events: readonly AnyEventEnvelope[], options?: { tx?: Queryable }): Promise<number>;

/** One worker of a consumer group (see ConsumerOptions). */
export declare function createConsumer<H extends Handlers>(options: ConsumerOptions<H>): Consumer;
