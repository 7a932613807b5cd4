/**
 * One correlation tree, drawn: as indented text (each event under its cause: causation_id when
 * the stream has it, else the chain's root) or as a Mermaid sequence diagram (one participant
 * per producer, one message per event, from its cause's producer to its own).
 */
import type { TracedEvent } from './tracer.js';

export const MAX_TREE_EVENTS = 10_000;

function children(events: readonly TracedEvent[]): Map<string | undefined, TracedEvent[]> {
  const ids = new Set(events.map((e) => e.id));
  const byParent = new Map<string | undefined, TracedEvent[]>();
  for (const e of events) {
    // A cause outside the drawn events (older than the window) hangs the event from the top.
    const parent = e.parent !== undefined && ids.has(e.parent) && e.parent !== e.id ? e.parent : undefined;
    let list = byParent.get(parent);
    if (!list) byParent.set(parent, (list = []));
    list.push(e);
  }
  return byParent;
}

const label = (e: TracedEvent) => `${e.id} ${e.type ?? '(no event_type)'} (${e.producer ?? 'no producer'})${e.occurredAt ? ` ${e.occurredAt}` : ''}`;

export function drawText(events: readonly TracedEvent[], truncated: boolean): string {
  const byParent = children(events);
  const lines: string[] = [];
  const visited = new Set<string>();
  const walk = (node: TracedEvent, prefix: string, last: boolean, top: boolean) => {
    if (visited.has(node.id)) return;
    visited.add(node.id);
    lines.push(top ? label(node) : `${prefix}${last ? '└─ ' : '├─ '}${label(node)}`);
    const kids = byParent.get(node.id) ?? [];
    const next = top ? '' : prefix + (last ? '   ' : '│  ');
    kids.forEach((kid, i) => walk(kid, next, i === kids.length - 1, false));
  };
  for (const top of byParent.get(undefined) ?? []) walk(top, '', true, true);
  if (truncated) lines.push(`… (only the first ${MAX_TREE_EVENTS} events of the chain are drawn)`);
  return lines.join('\n') + '\n';
}

/** Mermaid identifiers: letters, digits and `_`; labels lose the characters Mermaid would parse. */
const participant = (name: string) => name.replace(/[^A-Za-z0-9_]/g, '_') || 'unknown';
const text = (s: string) => s.replace(/[;#:\n\r]/g, ' ');

export function drawMermaid(events: readonly TracedEvent[], truncated: boolean): string {
  const byId = new Map(events.map((e) => [e.id, e]));
  const lines = ['sequenceDiagram'];
  const seen: string[] = [];
  for (const e of events) {
    const p = e.producer ?? 'unknown';
    if (!seen.includes(p)) seen.push(p);
  }
  for (const p of seen) lines.push(`  participant ${participant(p)} as ${text(p)}`);
  for (const e of events) {
    const to = participant(e.producer ?? 'unknown');
    const cause = e.parent !== undefined ? byId.get(e.parent) : undefined;
    const from = cause ? participant(cause.producer ?? 'unknown') : to;
    lines.push(`  ${from}->>${to}: ${text(e.type ?? '(no event_type)')} ${text(e.id)}`);
  }
  if (truncated) lines.push(`  Note over ${participant(seen[0] ?? 'unknown')}: only the first ${MAX_TREE_EVENTS} events are drawn`);
  return lines.join('\n') + '\n';
}
