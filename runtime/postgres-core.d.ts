// Types of runtime/postgres-core.js for the tool's own TypeScript (src/cli/commands/events.ts).
// The generated package's postgres.d.ts is runtime/postgres.d.ts, with typed handlers.
export * from './postgres-types.js';
import type { Queryable } from './postgres-types.js';

export interface EventVerdict {
  ok: boolean;
  errors?: { kind: string; severity: string; pointer: string; message: string }[];
}
export declare function publishEvents(validateEvent: (event: unknown) => EventVerdict, db: Queryable, events: readonly unknown[], options?: { tx?: Queryable }, fingerprint?: string | null): Promise<number>;
