import { joinPointer } from '../../json/pointer.js';
import { defineRule } from '../define.js';
import { usableRegistry } from './common.js';

export default defineRule({
  id: 'registry/flow-producer',
  severity: 'error',
  preset: 'recommended',
  description: 'A flow step\'s producer must be the producer its event type is registered with',
  help: 'A flow documents who emits each step ("intake.captured (Growth) → person.created (Platform)"). When the step names another producer than the registry, one of them is wrong, and `trace` would flag every correct event of the step as coming from the wrong producer. Make the step\'s producer match the event type\'s registered producer, or fix the registry.',
  messages: {
    mismatch: 'step {step} of flow "{flow}" says {eventType} is produced by "{stepProducer}", but the registry\'s producer is "{producer}"; make them agree',
  },
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
          messageId: 'mismatch',
          args: { step: i + 1, flow: flow.name, eventType: entry.name, stepProducer: step.producer, producer: entry.producer },
        });
      });
    }
  },
});
