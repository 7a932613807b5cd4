import { joinPointer } from '../../json/pointer.js';
import { defineRule } from '../define.js';
import { usableRegistry } from './common.js';

export default defineRule({
  id: 'registry/flow-handover',
  severity: 'warning',
  preset: 'recommended',
  description: 'Where a flow passes from one producer to another, the next producer must consume the previous step',
  help: 'A flow step emitted by another producer than the step before it is a hand-over: the next service learns of the previous event by reading it, and stamps its correlation_id from it. When that service is not listed among the previous event type\'s consumers, the registry does not document the hand-over the flow relies on, and a breaking change to the previous event type would not name it. Add the service to the previous event type\'s consumers, or fix the flow.',
  check(model, report) {
    const registry = usableRegistry(model);
    if (!registry) return;
    for (const flow of registry.flows.values()) {
      for (const [i, step] of flow.steps.entries()) {
        const previous = flow.steps[i - 1];
        if (!previous || step.producer === undefined || previous.producer === undefined || step.producer === previous.producer) continue;
        const entry = previous.eventType !== undefined ? registry.eventTypes.get(previous.eventType) : undefined;
        if (!entry || !registry.services.has(step.producer)) continue; // registry/flow-unknown
        // A step whose documented producer is not the registered one is registry/flow-producer's.
        if (entry.producer !== previous.producer || registry.eventTypes.get(step.eventType ?? '')?.producer !== step.producer) continue;
        if (entry.consumers.some((c) => c.service === step.producer)) continue;
        const versions = [...entry.versions.keys()];
        report({
          file: registry.file.path,
          pointer: joinPointer(step.pointer, 'producer'),
          message: `step ${i + 1} of flow "${flow.name}" hands over from ${previous.producer} (${entry.name}) to ${step.producer} (${step.eventType ?? '?'}), but ${step.producer} is not a consumer of ${entry.name}; add { "service": "${step.producer}", "versions": [${versions.map((v) => `"${v}"`).join(', ')}] } to its consumers`,
        });
      }
    }
  },
});
