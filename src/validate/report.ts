/**
 * The two report formats of `validate`. Both stream: each event with failures becomes output as
 * soon as it is checked, and the summary closes the report.
 *
 * text: one line per failure, `input:line  severity  event_id  type vN  pointer  message  kind`,
 *   then counts per event type and per failure kind and a verdict line.
 * json: NDJSON, one object per event with failures, then one `{"summary": …}` object.
 * When the contracts cannot validate events, both list the `check` errors that say why (json:
 * `{"contracts_error": …}` lines) and close with the verdict; no event is read.
 */
import { Chalk } from 'chalk';
import type { ContractsBlocker } from './contracts.js';
import type { EventResult, ValidationSummary } from './run.js';
import { plural } from '../core/text.js';

export interface ValidateFormatter {
  event(result: EventResult): string;
  summary(summary: ValidationSummary): string;
  /** The whole report when the contracts cannot validate events (nothing was read). `fix`: the command that shows the problems. */
  blocked(blocker: ContractsBlocker, fix: string): string;
}

/** Keeps one failure on one line whatever an event carries: control characters are escaped, long values cut. */
function clean(text: string, max = 100): string {
  const escaped = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => JSON.stringify(c).slice(1, -1));
  return escaped.length > max ? escaped.slice(0, max - 1) + '…' : escaped;
}


/** The closing line every format shares: `✖ 13 of 16 events invalid (…) in 1 input`, or what was valid. */
export function verdictLine(s: ValidationSummary): string {
  const inputs = plural(s.inputs, 'input');
  const counts = `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}`;
  const stopped = s.stopped ? `; stopped at --max-errors ${s.maxErrors}, the rest was not read` : '';
  if (s.invalid > 0) return `✖ ${s.invalid} of ${plural(s.events, 'event')} invalid (${counts}) in ${inputs}${stopped}`;
  if (s.events === 0) return `✔ no events found in ${inputs}`;
  return `✔ ${plural(s.events, 'event')} valid${s.warnings ? ` (${plural(s.warnings, 'warning')})` : ''} in ${inputs}`;
}

export function textFormatter(color: boolean): ValidateFormatter {
  const c = new Chalk({ level: color ? 1 : 0 });
  const paint = { error: c.red, warning: c.yellow };
  return {
    event(r) {
      const id = r.eventId === undefined ? '-' : clean(r.eventId);
      const type = r.eventType === undefined ? '-' : `${clean(r.eventType)} v${r.schemaVersion ?? '?'}`;
      let out = '';
      for (const f of r.failures) {
        out += `${r.input}:${r.line}  ${paint[f.severity](f.severity.padEnd(7))}  ${id}  ${type}  ${f.pointer === '' ? '(root)' : clean(f.pointer)}  ${f.message.replace(/[\r\n]+/g, ' ')}  ${c.dim(f.kind)}\n`;
      }
      return out;
    },
    summary(s) {
      const lines: string[] = [];
      if (s.events > 0) {
        lines.push('', 'Event types:');
        const width = Math.max(...s.eventTypes.map(([name]) => name.length));
        for (const [name, count] of s.eventTypes) lines.push(`  ${clean(name, 200).padEnd(width)}  ${plural(count.events, 'event')}, ${count.invalid} invalid`);
        if (s.failureKinds.length) {
          lines.push('Failure kinds:');
          const kindWidth = Math.max(...s.failureKinds.map(([kind]) => kind.length));
          for (const [kind, n] of s.failureKinds) lines.push(`  ${kind.padEnd(kindWidth)}  ${n}`);
        }
      }
      const verdict = verdictLine(s);
      lines.push(s.invalid > 0 ? c.red(verdict) : c.green(verdict));
      return lines.join('\n') + '\n';
    },
    blocked(b, fix) {
      let out = '';
      for (const d of b.diagnostics) out += `${d.file}:${d.line}:${d.column}  ${paint.error('error'.padEnd(7))}  ${d.message.replace(/[\r\n]+/g, ' ')}  ${c.dim(d.rule)}\n`;
      return `${out}${c.red(blockedLine(b, fix))}\n`;
    },
  };
}

/** The closing line when the contracts cannot validate events. */
export function blockedLine(b: ContractsBlocker, fix: string): string {
  return `✖ no event validated: the contracts cannot be used (${b.reason}); fix ${b.diagnostics.length ? 'the errors above' : 'them'} (${fix})`;
}

/** Sets keys as own data properties, so an event type named `__proto__` is just a key. */
function record<V>(entries: Iterable<[string, V]>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const [key, value] of entries) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

export const jsonFormatter: ValidateFormatter = {
  event(r) {
    return (
      JSON.stringify({
        input: r.input,
        line: r.line,
        event_id: r.eventId ?? null,
        event_type: r.eventType ?? null,
        schema_version: r.schemaVersion ?? null,
        valid: r.errors === 0,
        failures: r.failures.map(({ kind, severity, pointer, message }) => ({ kind, severity, pointer, message })),
      }) + '\n'
    );
  },
  summary(s) {
    return (
      JSON.stringify({
        summary: {
          inputs: s.inputs,
          events: s.events,
          valid: s.valid,
          invalid: s.invalid,
          errors: s.errors,
          warnings: s.warnings,
          stopped: s.stopped,
          eventTypes: record(s.eventTypes),
          failureKinds: record(s.failureKinds),
        },
      }) + '\n'
    );
  },
  blocked(b, fix) {
    let out = '';
    for (const { rule, file, line, column, message } of b.diagnostics) out += JSON.stringify({ contracts_error: { rule, file, line, column, message } }) + '\n';
    const summary = { inputs: 0, events: 0, valid: 0, invalid: 0, errors: Math.max(1, b.diagnostics.length), warnings: 0, stopped: false, eventTypes: {}, failureKinds: {}, contracts: { usable: false, reason: b.reason, fix } };
    return out + JSON.stringify({ summary }) + '\n';
  },
};
