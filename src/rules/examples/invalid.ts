import { exampleCheckerOf } from '../../events/for-model.js';
import type { EventFailure, FailureKind } from '../../events/checker.js';
import { closest } from '../../core/did-you-mean.js';
import { defineRule, type Finding } from '../define.js';
import { closureHash, fileHash } from '../memo.js';
import { REGISTRY_PATH } from '../../model/types.js';
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
const UNUSABLE_SCHEMA = / does not compile \(/;
/** The one compile failure no schema rule can see without compiling: it is reported here, once per schema. */
const TOO_DEEP_TO_COMPILE = /too deeply to compile/;
const ENVELOPE_FIELDS = ['event_id', 'event_type', 'schema_version', 'occurred_at', 'producer', 'envelope_version', 'payload'];

export default defineRule({
  id: 'examples/invalid',
  severity: 'error',
  preset: 'minimal',
  description: 'Every example event must pass the same checks as `validate`',
  fixable: 'renames a property the schema does not allow to the missing required property it is a misspelling of, when exactly one is close (ratedAt → rated_at)',
  help: 'Examples are read as documentation and copied into tests and fixtures, so an example that the contracts reject teaches the wrong event. Each example goes through exactly the checks `sguild-contracts validate` runs on real events: the envelope schema, the payload schema of its version, the registry\'s producer, subject kind, allowed actors and the correlation_id and causation_id formats. Fix the example at the reported value, or fix the schema or registry entry if the example is right.',
  check(model, report, context) {
    const registry = usableRegistry(model);
    if (!registry || model.examples.length === 0) return;
    let checker: ReturnType<typeof exampleCheckerOf> | undefined;
    let producers: Set<string> | undefined;
    const failures: EventFailure[] = [];
    const tooDeepReported = new Set<string>();
    // What every example's checks read: the registry and the envelope schema (with what it references).
    const shared = [fileHash(model, REGISTRY_PATH), model.envelope ? closureHash(model, model.envelope.path) : '-', model.ids ? closureHash(model, model.ids.path) : '-'];
    // A schema declaring "__proto__" changes how the shared compiler reports every schema (src/schema/proto-alias.ts): no memo then.
    const memo = [...model.schemas.values()].some((schema) => schema.doc.text.includes('__proto__')) ? undefined : context.memo;
    const findingsOf = (example: (typeof model.examples)[number], uncacheable: () => void): Finding[] => {
      const out: Finding[] = [];
      const value = example.doc.value;
      // Not an event at all (none of the envelope's fields): one finding, not one per missing field.
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && !ENVELOPE_FIELDS.some((f) => Object.hasOwn(value, f))) {
        out.push({ file: example.path, pointer: '', message: `this file is not an event: it has none of the envelope's fields (${ENVELOPE_FIELDS.join(', ')}); an example holds one complete event, envelope and payload (sguild-contracts new event writes one) [envelope]` });
        return out;
      }
      checker ??= exampleCheckerOf(model);
      producers ??= new Set(checker.table.producers);
      failures.length = 0;
      checker.check(example.doc.value, failures);
      const event = example.doc.value as Record<string, unknown> | undefined;
      const entry = typeof event?.event_type === 'string' ? registry.eventTypes.get(event.event_type) : undefined;
      // A registry producer missing from the envelope's enum is registry/producer-unknown's finding.
      const producerUnknown = entry?.producer !== undefined && !producers.has(entry.producer);
      const misspelt = misspellings(failures);
      for (const failure of failures) {
        // A schema that cannot be compiled is a schema rule's finding, not every example's, except
        // a schema too deep to compile: only compiling shows it, so it is reported here, once.
        if (UNUSABLE_SCHEMA.test(failure.message)) {
          uncacheable(); // reported once across examples: depends on the examples before this one
          if (!TOO_DEEP_TO_COMPILE.test(failure.message) || tooDeepReported.has(failure.message)) continue;
          tooDeepReported.add(failure.message);
        } else if (OWNED_ELSEWHERE.has(failure.kind)) continue;
        if (misspelt.answered.has(failure)) continue; // reported with the misspelling it answers
        const rename = misspelt.renames.get(failure);
        if (rename) {
          out.push({
            file: example.path,
            pointer: failure.pointer,
            at: 'key',
            message: `property "${rename.from}" is not allowed, and required property "${rename.to}" is missing: did you mean "${rename.to}"? [${failure.kind}]`,
            fix: { description: `rename "${rename.from}" to "${rename.to}" at ${failure.pointer}`, edits: [{ op: 'rename', file: example.path, pointer: failure.pointer, key: rename.to }] },
          });
          continue;
        }
        if (producerUnknown && failure.pointer === '/producer') continue;
        // The registry accepts the value and only the envelope's pattern rejects it: the
        // envelope/* pattern rules report the envelope, not each example.
        if (ENVELOPE_ONLY.test(failure.message) && FIELD_KINDS.has(failure.kind)) continue;
        out.push({
          file: example.path,
          pointer: failure.pointer,
          // An extra property is best shown at its name.
          at: NOT_ALLOWED.test(failure.message) ? 'key' : 'value',
          message: `${failure.message}${SCHEMA_KINDS.has(failure.kind) ? '; fix the example, or the schema if the example is right' : ''} [${failure.kind}]`,
        });
      }
      return out;
    };
    for (const example of model.examples) {
      if (!example.doc.ok) continue; // json/syntax reports it
      let found: Finding[];
      if (memo) {
        // An example's findings depend on its own text, the registry, the envelope and the payload schemas of the event type it names.
        const value = example.doc.value as Record<string, unknown> | null;
        const type = value !== null && typeof value === 'object' && typeof value.event_type === 'string' ? registry.eventTypes.get(value.event_type) : undefined;
        const payloads = type ? [...type.versions.values()].map((v) => `${v.version} ${v.schema ?? ''} ${v.schema === undefined ? '-' : closureHash(model, v.schema)}`) : [];
        found = memo.findings('examples/invalid', [example.path, fileHash(model, example.path), ...shared, ...payloads], (uncacheable) => findingsOf(example, uncacheable));
      } else found = findingsOf(example, () => {});
      for (const finding of found) report(finding);
    }
  },
});

const EXTRA = /property "((?:[^"\\]|\\.)*)" is not allowed/;
const MISSING = /missing required property "((?:[^"\\]|\\.)*)"/;

/**
 * An extra property next to a missing required one it is a misspelling of is one mistake, not
 * two: pairs them when the match is unambiguous (one close name, claimed by one extra property).
 */
function misspellings(failures: readonly EventFailure[]): { renames: Map<EventFailure, { from: string; to: string }>; answered: Set<EventFailure> } {
  const parent = (pointer: string) => pointer.slice(0, pointer.lastIndexOf('/'));
  const missing = new Map<string, Map<string, EventFailure>>();
  for (const f of failures) {
    const name = MISSING.exec(f.message)?.[1];
    if (name === undefined) continue;
    let names = missing.get(parent(f.pointer));
    if (!names) missing.set(parent(f.pointer), (names = new Map()));
    names.set(name, f);
  }
  const claims = new Map<EventFailure, { extra: EventFailure; from: string; to: string }[]>();
  for (const f of failures) {
    const from = EXTRA.exec(f.message)?.[1];
    const names = from !== undefined ? missing.get(parent(f.pointer)) : undefined;
    if (from === undefined || !names) continue;
    const to = closest(from, names.keys());
    if (to === undefined) continue;
    const target = names.get(to)!;
    claims.set(target, [...(claims.get(target) ?? []), { extra: f, from, to }]);
  }
  const renames = new Map<EventFailure, { from: string; to: string }>();
  const answered = new Set<EventFailure>();
  for (const [target, list] of claims) {
    const only = list.length === 1 ? list[0] : undefined;
    if (!only) continue;
    renames.set(only.extra, { from: only.from, to: only.to });
    answered.add(target);
  }
  return { renames, answered };
}
