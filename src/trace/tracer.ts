/**
 * Rebuilds correlation and causation links from an event stream, one event at a time, and
 * reports the links that break and the chains that leave a declared flow.
 *
 * - An event's chain is the chain of the event its `correlation_id` names (that event's own root
 *   when it is itself correlated), so a stream stamped either with the originating event_id or
 *   with the upstream event's correlation_id (the vocabulary allows both) rebuilds the same chains.
 *   A root carries no correlation_id, or its own event_id.
 * - `causation_id` (optional) names the direct cause; it must be an earlier event too.
 * - A chain whose root's type is the first step of a flow follows that flow: each later event of
 *   the chain whose type is a step must come in order, skip no step, and carry the step's producer.
 *
 * Memory is bounded by the window: the last `window` events are remembered (ID, type, producer,
 * chain) and so are the flow positions of at most `window` chains; a reference to an event older
 * than the window is reported like a reference to no event, saying so. Pure: findings go to a
 * callback, nothing is printed.
 */
import type { FlowEntry, Registry } from '../model/types.js';

export type TraceFindingKind = 'dangling-correlation' | 'dangling-causation' | 'flow-out-of-order' | 'flow-skipped-step' | 'flow-wrong-producer';

export const TRACE_KINDS: readonly TraceFindingKind[] = ['dangling-correlation', 'dangling-causation', 'flow-out-of-order', 'flow-skipped-step', 'flow-wrong-producer'];

export interface TraceFinding {
  kind: TraceFindingKind;
  input: string;
  line: number;
  eventId: string | undefined;
  eventType: string | undefined;
  /** The flow, for flow findings. */
  flow?: string;
  message: string;
}

/** What the window remembers of one event. */
export interface TracedEvent {
  id: string;
  type: string | undefined;
  producer: string | undefined;
  root: string;
  /** The causing event: causation_id when known, else the chain's root (for a non-root event). */
  parent: string | undefined;
  input: string;
  line: number;
  occurredAt: string | undefined;
}

interface ChainState {
  flow: FlowEntry;
  /** Index of the last step seen. */
  position: number;
}

export interface TraceSummary {
  events: number;
  /** Chains started in the stream (root events). */
  chains: number;
  /** Chains that followed a flow, by flow name, and how many reached its last step. */
  flows: [string, { chains: number; completed: number }][];
  findings: number;
  byKind: [TraceFindingKind, number][];
  window: number;
  /** The most events and chains held at once (never above the window). */
  peakTracked: number;
}

export const DEFAULT_WINDOW = 100_000;

export class Tracer {
  private readonly events = new Map<string, TracedEvent>();
  private readonly chains = new Map<string, ChainState>();
  private readonly firstSteps = new Map<string, FlowEntry>();
  private readonly flowCounts = new Map<string, { chains: number; completed: number }>();
  private readonly byKind = new Map<TraceFindingKind, number>();
  private seen = 0;
  private roots = 0;
  private findings = 0;
  private peak = 0;
  private evicted = false;

  constructor(
    registry: Registry | undefined,
    private readonly onFinding: (finding: TraceFinding) => void,
    private readonly window = DEFAULT_WINDOW,
    /** Called with every event once its links are known (draws one tree with --id). */
    private readonly onEvent?: (event: TracedEvent) => void,
  ) {
    for (const flow of [...(registry?.flows.values() ?? [])]) {
      const first = flow.steps[0]?.eventType;
      // The first flow declared for a starting type wins; flows are keyed by name, so this is deterministic.
      if (first !== undefined && !this.firstSteps.has(first)) this.firstSteps.set(first, flow);
    }
  }

  /** One parsed event (anything that is not an object is ignored: `validate` reports it). */
  push(value: unknown, input: string, line: number): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    const e = value as Record<string, unknown>;
    const str = (k: string) => (Object.hasOwn(e, k) && typeof e[k] === 'string' ? (e[k]) : undefined);
    const id = str('event_id');
    const type = str('event_type');
    const producer = str('producer');
    const correlation = str('correlation_id');
    const causation = str('causation_id');
    this.seen++;
    const report = (kind: TraceFindingKind, message: string, flow?: string) => {
      this.findings++;
      this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
      this.onFinding({ kind, input, line, eventId: id, eventType: type, ...(flow !== undefined ? { flow } : {}), message });
    };
    const older = () => (this.evicted ? ` (or to one older than the window of ${this.window} events)` : '');

    let root = id ?? `(line ${line} of ${input})`;
    let isRoot = true;
    if (correlation !== undefined && correlation !== id) {
      const upstream = this.events.get(correlation);
      if (upstream) {
        root = upstream.root;
        isRoot = false;
      } else {
        report('dangling-correlation', `correlation_id ${correlation} points to no earlier event in the stream${older()}`);
      }
    }
    let parent = isRoot ? undefined : root;
    if (causation !== undefined) {
      const cause = causation !== id ? this.events.get(causation) : undefined;
      if (cause) parent = cause.id;
      else report('dangling-causation', `causation_id ${causation} points to no earlier event in the stream${older()}`);
    }
    if (isRoot) this.roots++;

    this.follow(isRoot, root, type, producer, report);

    const traced: TracedEvent = { id: id ?? root, type, producer, root, parent, input, line, occurredAt: str('occurred_at') };
    if (id !== undefined) {
      this.events.delete(id); // a repeated ID counts from its latest occurrence
      this.events.set(id, traced);
      if (this.events.size > this.window) {
        this.events.delete(this.events.keys().next().value!);
        this.evicted = true;
      }
    }
    this.peak = Math.max(this.peak, this.events.size, this.chains.size);
    this.onEvent?.(traced);
  }

  private follow(isRoot: boolean, root: string, type: string | undefined, producer: string | undefined, report: (kind: TraceFindingKind, message: string, flow?: string) => void): void {
    if (type === undefined) return;
    if (isRoot) {
      const flow = this.firstSteps.get(type);
      if (!flow) return;
      this.chains.set(root, { flow, position: 0 });
      if (this.chains.size > this.window) this.chains.delete(this.chains.keys().next().value!);
      const counts = this.flowCounts.get(flow.name) ?? { chains: 0, completed: 0 };
      counts.chains++;
      this.flowCounts.set(flow.name, counts);
      this.checkProducer(flow, 0, producer, report);
      return;
    }
    const chain = this.chains.get(root);
    if (!chain) return;
    const { flow } = chain;
    const steps = flow.steps;
    if (!steps.some((s) => s.eventType === type)) return; // other events may happen within a chain
    const index = steps.findIndex((s, j) => j > chain.position && s.eventType === type);
    // chain.position is always a step of the flow: 0 (a flow starts at its first step) or a later index found here.
    const current = steps[chain.position]!.eventType;
    if (index < 0) {
      const at = steps.findIndex((s) => s.eventType === type);
      report('flow-out-of-order', `${type} comes after ${current} in chain ${root}, but flow "${flow.name}" has it at step ${at + 1}, before step ${chain.position + 1} (${current})`, flow.name);
      this.checkProducer(flow, at, producer, report);
      return;
    }
    if (index > chain.position + 1) {
      const skipped = steps.slice(chain.position + 1, index).map((s) => s.eventType);
      report('flow-skipped-step', `${type} (step ${index + 1} of flow "${flow.name}") follows ${current} (step ${chain.position + 1}) in chain ${root}, skipping ${skipped.join(', ')}`, flow.name);
    }
    this.checkProducer(flow, index, producer, report);
    chain.position = index;
    if (index === steps.length - 1) this.flowCounts.get(flow.name)!.completed++;
  }

  private checkProducer(flow: FlowEntry, index: number, producer: string | undefined, report: (kind: TraceFindingKind, message: string, flow?: string) => void): void {
    const step = flow.steps[index];
    if (step?.producer === undefined || producer === step.producer) return;
    report('flow-wrong-producer', `${step.eventType} (step ${index + 1} of flow "${flow.name}") was emitted by ${producer ?? '(no producer)'}, but the flow has it from ${step.producer}`, flow.name);
  }

  /** The remembered events of one chain, in stream order (one scan of the window). */
  chainEvents(root: string): TracedEvent[] {
    return [...this.events.values()].filter((e) => e.root === root);
  }

  summary(): TraceSummary {
    const sorted = <T>(m: Map<string, T>) => [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return {
      events: this.seen,
      chains: this.roots,
      flows: sorted(this.flowCounts),
      findings: this.findings,
      byKind: sorted(this.byKind) as [TraceFindingKind, number][],
      window: this.window,
      peakTracked: this.peak,
    };
  }
}
