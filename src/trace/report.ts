/** How `trace` prints: one line per finding, then a summary (text), or NDJSON records (json). */
import type { TraceResult } from './run.js';
import type { TraceFinding } from './tracer.js';

export function findingText(f: TraceFinding): string {
  const event = f.eventId ? `${f.eventId}${f.eventType ? ` ${f.eventType}` : ''}` : (f.eventType ?? 'event');
  return `${f.input}:${f.line}  ${event}: ${f.message}  trace/${f.kind}\n`;
}

export function findingJson(f: TraceFinding): string {
  return JSON.stringify({ type: 'finding', kind: f.kind, input: f.input, line: f.line, event_id: f.eventId ?? null, event_type: f.eventType ?? null, ...(f.flow !== undefined ? { flow: f.flow } : {}), message: f.message }) + '\n';
}

export function summaryText(result: TraceResult): string {
  const s = result.summary;
  const lines: string[] = [];
  if (s.findings) lines.push('');
  lines.push(`${s.events} events, ${s.chains} chains`);
  for (const [flow, n] of s.flows) lines.push(`flow ${flow}: ${n.chains} chains, ${n.completed} reached the last step`);
  if (result.skipped) lines.push(`${result.skipped} inputs were not JSON events and were skipped (see sguild-contracts validate)`);
  lines.push(s.findings ? `✖ ${s.findings} ${s.findings === 1 ? 'finding' : 'findings'}: ${s.byKind.map(([k, n]) => `${n} ${k}`).join(', ')}` : '✔ every link resolves and every chain follows its flow');
  return lines.join('\n') + '\n';
}

export function summaryJson(result: TraceResult): string {
  const s = result.summary;
  return JSON.stringify({
    type: 'summary',
    events: s.events,
    chains: s.chains,
    flows: Object.fromEntries(s.flows),
    findings: s.findings,
    by_kind: Object.fromEntries(s.byKind),
    skipped: result.skipped,
    window: s.window,
  }) + '\n';
}
