import { joinPointer } from '../../json/pointer.js';
import { defineRule } from '../define.js';
import { usableRegistry } from './common.js';

export default defineRule({
  id: 'registry/flow-producer',
  severity: 'error',
  preset: 'recommended',
  description: 'A flow step\'s producer must be the producer its event type is registered with',
  help: 'A flow documents who emits each step ("intake.captured (Growth) → person.created (Platform)"). When the step names another producer than the registry, one of them is wrong, and `trace` would flag every correct event of the step as coming from the wrong producer. Make the step\'s producer match the event type\'s registered producer, or fix the registry.',
  check(model, report) {
    const registry = usableRegistry(model);
    if (!registry) return;
    for (const flow of registry.flows.values()) {
      flow.steps.forEach((step, i) => {
        const entry = step.eventType !== undefined ? registry.eventTypes.get(step.eventType) : undefined;
        if (!entry || entry.producer === undefined || step.producer === undefined || step.producer === entry.producer) return;
        if (!registry.services.has(step.producer)) return; // registry/flow-unknown
        report({
          file: registry.file.path,
          pointer: joinPointer(step.pointer, 'producer'),
          message: `step ${i + 1} of flow "${flow.name}" says ${step.eventType} is produced by "${step.producer}", but the registry's producer is "${entry.producer}"; make them agree`,
        });
      });
    }
  },
});
