/**
 * Validates event streams: reads each input with the streaming reader, parses one event at a
 * time, runs the shared event checks and tallies the results. Returns data and hands each event
 * with failures to a callback; it prints nothing. Memory stays flat: one event is alive at a
 * time, and the tallies are keyed by registered event types and failure kinds only.
 */
import { parseJson } from '../json/document.js';
import { byCodeUnit } from '../load/source.js';
import { FAILURE_KINDS, type EventChecker, type EventFailure, type FailureKind } from '../events/checker.js';
import { EventReader, type ReadItem } from './read.js';

export interface ValidateInput {
  /** How reports name the input: a path relative to the working folder, or `<stdin>`. */
  name: string;
  open(): AsyncIterable<Uint8Array | string>;
}

/** An input could not be read (permissions, a device error): a usage problem, not a verdict on events. */
export class InputReadError extends Error {}

export interface ValidateOptions {
  ndjson: boolean;
  maxEventBytes: number;
  /** Stop after the event that brings the error count to this number. */
  maxErrors?: number;
  /** The registered name an unregistered event type is likely a misspelling of. */
  suggestEventType?: (name: string) => string | undefined;
  /** Called with the number of events read so far, every few thousand events (for a progress line). */
  progress?: (events: number) => void;
  /** True when nobody reads the report any more (stdout closed): stop reading, keep the tallies so far. */
  abandoned?: () => boolean;
}

/** One event with failures. The object and its `failures` array are reused: read them in the callback. */
export interface EventResult {
  input: string;
  line: number;
  eventId: string | undefined;
  eventType: string | undefined;
  schemaVersion: number | undefined;
  failures: readonly EventFailure[];
  errors: number;
}

export interface TypeCount {
  events: number;
  invalid: number;
}

export interface ValidationSummary {
  inputs: number;
  events: number;
  valid: number;
  invalid: number;
  errors: number;
  warnings: number;
  /** Reading stopped at --max-errors. */
  stopped: boolean;
  maxErrors?: number;
  /** Sorted by name; events whose type is not registered are grouped (see BUCKETS). */
  eventTypes: [string, TypeCount][];
  /** Sorted by kind. */
  failureKinds: [FailureKind, number][];
}

/** Groups for events that have no registered type, so the tally cannot grow with the input. */
export const BUCKETS = { notJson: '(not JSON)', tooLarge: '(too large)', unregistered: '(unregistered)', untyped: '(no event_type)' } as const;

export async function validateInputs(inputs: readonly ValidateInput[], checker: EventChecker, options: ValidateOptions, onEvent: (result: EventResult) => void): Promise<ValidationSummary> {
  const byType = new Map<string, TypeCount>();
  const byKind = new Map<FailureKind, number>();
  const summary: ValidationSummary = { inputs: 0, events: 0, valid: 0, invalid: 0, errors: 0, warnings: 0, stopped: false, maxErrors: options.maxErrors, eventTypes: [], failureKinds: [] };
  const failures: EventFailure[] = [];
  const result: EventResult = { input: '', line: 0, eventId: undefined, eventType: undefined, schemaVersion: undefined, failures, errors: 0 };

  const tally = (bucket: string, errors: number) => {
    let count = byType.get(bucket);
    if (!count) byType.set(bucket, (count = { events: 0, invalid: 0 }));
    count.events++;
    summary.events++;
    if (errors > 0) {
      count.invalid++;
      summary.invalid++;
    } else summary.valid++;
    for (const f of failures) {
      byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
      if (f.severity === 'error') summary.errors++;
      else summary.warnings++;
    }
  };

  let gone = false; // the report's reader went away
  const handle = (item: ReadItem): boolean => {
    failures.length = 0;
    result.line = item.line;
    result.eventId = undefined;
    result.eventType = undefined;
    result.schemaVersion = undefined;
    let bucket: string;
    let errors: number;
    if ('failure' in item) {
      failures.push({ kind: item.failure.kind, severity: FAILURE_KINDS[item.failure.kind], pointer: '', message: item.failure.message });
      errors = 1;
      bucket = item.failure.kind === 'too-large' ? BUCKETS.tooLarge : BUCKETS.notJson;
    } else {
      let event: unknown;
      let parsed = true;
      try {
        event = JSON.parse(item.text);
      } catch {
        parsed = false;
      }
      if (!parsed) {
        // Only failures pay for the position-aware parse that says where the text breaks.
        const problem = parseJson(item.text).problems[0];
        const line = item.line + (problem ? problem.line - 1 : 0);
        result.line = line;
        failures.push({ kind: 'not-json', severity: 'error', pointer: '', message: `${problem?.message ?? 'invalid JSON'} (column ${problem?.column ?? 1}); each event must be one complete JSON object` });
        errors = 1;
        bucket = BUCKETS.notJson;
      } else {
        errors = checker.check(event, failures);
        if (event !== null && typeof event === 'object' && !Array.isArray(event)) {
          const e = event as Record<string, unknown>;
          if (typeof e.event_id === 'string') result.eventId = e.event_id;
          if (typeof e.event_type === 'string') result.eventType = e.event_type;
          if (typeof e.schema_version === 'number') result.schemaVersion = e.schema_version;
        }
        const type = result.eventType;
        if (type !== undefined && options.suggestEventType) {
          for (const f of failures) {
            if (f.kind !== 'unknown-event-type') continue;
            const near = options.suggestEventType(type);
            if (near !== undefined) f.message = f.message.replace('; fix the name', `; did you mean "${near}"? Fix the name`);
          }
        }
        bucket = type === undefined ? BUCKETS.untyped : checker.isRegistered(type) ? type : BUCKETS.unregistered;
      }
    }
    result.errors = errors;
    tally(bucket, errors);
    if (options.progress && (summary.events & 4095) === 0) options.progress(summary.events);
    if (failures.length) {
      onEvent(result);
      if (options.abandoned?.()) {
        gone = true;
        return false;
      }
    }
    if (options.maxErrors !== undefined && summary.errors >= options.maxErrors) {
      summary.stopped = true;
      return false;
    }
    return true;
  };

  for (const input of inputs) {
    if (summary.stopped || gone) break;
    summary.inputs++;
    result.input = input.name;
    const reader = new EventReader({ ndjson: options.ndjson, maxEventBytes: options.maxEventBytes }, handle);
    try {
      for await (const chunk of input.open()) {
        // Leaving the loop early closes the stream (the iterator's return() destroys it).
        if (!reader.push(chunk)) break;
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new InputReadError(`cannot read ${input.name}: ${code ?? (error instanceof Error ? error.message : String(error))}`);
    }
    reader.end();
  }

  summary.eventTypes = [...byType.entries()].sort((a, b) => byCodeUnit(a[0], b[0]));
  summary.failureKinds = [...byKind.entries()].sort((a, b) => byCodeUnit(a[0], b[0]));
  return summary;
}
