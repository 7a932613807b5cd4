import { joinPointer } from '../../json/pointer.js';
import { defineRule } from '../define.js';
import { usableRegistry } from './common.js';
import { didYouMean } from '../../core/did-you-mean.js';

export default defineRule({
  id: 'registry/flow-unknown',
  severity: 'error',
  preset: 'recommended',
  description: 'A flow step must name a registered event type and a service declared in services',
  help: 'A flow is an ordered chain of event types that one correlation_id follows; `trace` checks real streams against it and the catalog draws it. A step whose event type is not registered, or whose producer is not a declared service, describes a chain nobody can emit. Register the event type, declare the service, or fix the name.',
  check(model, report) {
    const registry = usableRegistry(model);
    if (!registry) return;
    const types = [...registry.eventTypes.keys()];
    const services = [...registry.services.keys()];
    for (const flow of registry.flows.values()) {
      flow.steps.forEach((step, i) => {
        const where = `step ${i + 1} of flow "${flow.name}"`;
        if (step.eventType !== undefined && !registry.eventTypes.has(step.eventType)) {
          const fix = didYouMean(step.eventType, types) || '; register it in event_types or fix the name';
          report({ file: registry.file.path, pointer: joinPointer(step.pointer, 'event_type'), message: `${where} names event type "${step.eventType}", which is not registered${fix}` });
        }
        if (step.producer !== undefined && !registry.services.has(step.producer)) {
          const fix = didYouMean(step.producer, services) || `; declare "${step.producer}" under services with its owner and description`;
          report({ file: registry.file.path, pointer: joinPointer(step.pointer, 'producer'), message: `${where} names producer "${step.producer}", which is not a service declared in services${fix}` });
        }
      });
    }
  },
});
