import { exampleCheckerOf } from '../../events/for-model.js';
import type { EventFailure, FailureKind } from '../../events/checker.js';
import { defineRule } from '../define.js';
import { usableRegistry } from '../registry/common.js';

/**
 * Failures other rules own: examples/misplaced reports unregistered types and versions, the
 * registry rules deal with statuses, and a payload schema that cannot be used is the schema
 * rules' finding, not the example's.
 */
const OWNED_ELSEWHERE = new Set<FailureKind>(['unknown-event-type', 'unknown-schema-version', 'deprecated-event-type', 'proposed-event-type', 'schema-unavailable']);
/** Schema failures say what is wrong but not what to change; the other kinds' messages do. */
const SCHEMA_KINDS = new Set<FailureKind>(['envelope', 'payload']);
/** The wording src/events/checker.ts uses when only the envelope schema rejects subject, actor or correlation_id. */
const ENVELOPE_ONLY = / is rejected by the envelope schema: /;
const FIELD_KINDS = new Set<FailureKind>(['subject-invalid', 'actor-invalid', 'correlation-id-invalid', 'causation-id-invalid']);
const NOT_ALLOWED = /^property ".*" is not allowed /;

export default defineRule({
  id: 'examples/invalid',
  severity: 'error',
  preset: 'minimal',
  description: 'Every example event must pass the same checks as `validate`',
  help: 'Examples are read as documentation and copied into tests and fixtures, so an example that the contracts reject teaches the wrong event. Each example goes through exactly the checks `sguild-contracts validate` runs on real events: the envelope schema, the payload schema of its version, the registry\'s producer, subject kind, allowed actors and the correlation_id and causation_id formats. Fix the example at the reported value, or fix the schema or registry entry if the example is right.',
  check(model, report) {
    const registry = usableRegistry(model);
    if (!registry || model.examples.length === 0) return;
    const checker = exampleCheckerOf(model);
    const producers = new Set(checker.table.producers);
    const failures: EventFailure[] = [];
    for (const example of model.examples) {
      if (!example.doc.ok) continue; // json/syntax reports it
      failures.length = 0;
      checker.check(example.doc.value, failures);
      const event = example.doc.value as Record<string, unknown> | undefined;
      const entry = typeof event?.event_type === 'string' ? registry.eventTypes.get(event.event_type) : undefined;
      // A registry producer missing from the envelope's enum is registry/producer-unknown's finding.
      const producerUnknown = entry?.producer !== undefined && !producers.has(entry.producer);
      for (const failure of failures) {
        if (OWNED_ELSEWHERE.has(failure.kind)) continue;
        if (producerUnknown && failure.pointer === '/producer') continue;
        // The registry accepts the value and only the envelope's pattern rejects it: the
        // envelope/* pattern rules report the envelope, not each example.
        if (ENVELOPE_ONLY.test(failure.message) && FIELD_KINDS.has(failure.kind)) continue;
        report({
          file: example.path,
          pointer: failure.pointer,
          // An extra property is best shown at its name.
          at: NOT_ALLOWED.test(failure.message) ? 'key' : 'value',
          message: `${failure.message}${SCHEMA_KINDS.has(failure.kind) ? '; fix the example, or the schema if the example is right' : ''} [${failure.kind}]`,
        });
      }
    }
  },
});
