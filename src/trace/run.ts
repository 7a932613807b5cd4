/**
 * Feeds event streams to the tracer with validate's streaming reader (src/validate/read.ts):
 * one event is parsed at a time, so memory is the reader's one event plus the tracer's window.
 * Texts that are not JSON or too large are skipped (`validate` is the command that reports them).
 */
import type { Registry } from '../model/types.js';
import { EventReader } from '../validate/read.js';
import { InputReadError, type ValidateInput } from '../validate/run.js';
import { MAX_TREE_EVENTS } from './draw.js';
import { Tracer, type TraceFinding, type TracedEvent, type TraceSummary } from './tracer.js';

export interface TraceOptions {
  ndjson: boolean;
  maxEventBytes: number;
  window: number;
  /** Collect the chain containing this event ID (or rooted at it) for drawing. */
  id?: string;
}

export interface TraceResult {
  summary: TraceSummary;
  /** With `id`: the chain's events in stream order (undefined when the ID was not seen). */
  tree?: TracedEvent[];
  truncated: boolean;
  /** Items the reader could not hand over as JSON (not JSON, too large). */
  skipped: number;
}

export async function traceInputs(inputs: readonly ValidateInput[], registry: Registry | undefined, options: TraceOptions, onFinding: (finding: TraceFinding) => void): Promise<TraceResult> {
  let targetRoot: string | undefined;
  let tree: TracedEvent[] | undefined;
  let truncated = false;
  let skipped = 0;
  const collect = (event: TracedEvent) => {
    if (options.id === undefined) return;
    if (targetRoot === undefined) {
      if (event.id !== options.id && event.root !== options.id) return;
      targetRoot = event.root;
      // The chain's earlier events are still in the window (this one is already in it too).
      tree = tracer.chainEvents(targetRoot).slice(0, MAX_TREE_EVENTS);
      truncated = tracer.chainEvents(targetRoot).length > MAX_TREE_EVENTS;
      return;
    }
    if (event.root !== targetRoot) return;
    if (tree!.length < MAX_TREE_EVENTS) tree!.push(event);
    else truncated = true;
  };
  const tracer: Tracer = new Tracer(registry, onFinding, options.window, collect);
  for (const input of inputs) {
    const reader = new EventReader({ ndjson: options.ndjson, maxEventBytes: options.maxEventBytes }, (item) => {
      if ('failure' in item) {
        skipped++;
        return true;
      }
      let value: unknown;
      try {
        value = JSON.parse(item.text);
      } catch {
        skipped++;
        return true;
      }
      tracer.push(value, input.name, item.line);
      return true;
    });
    try {
      for await (const chunk of input.open()) reader.push(chunk);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new InputReadError(`cannot read ${input.name}: ${code ?? (error instanceof Error ? error.message : String(error))}`);
    }
    reader.end();
  }
  return { summary: tracer.summary(), tree, truncated, skipped };
}
