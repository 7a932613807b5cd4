import { joinPointer } from '../../json/pointer.js';
import { defineRule } from '../define.js';
import { usableRegistry } from './common.js';
import { didYouMean } from '../../core/did-you-mean.js';

export default defineRule({
  id: 'registry/consumer-unknown',
  severity: 'error',
  preset: 'recommended',
  description: 'A consumer must name a service declared in services and versions the event type registers',
  help: 'Consumers say who reads an event type, so that a breaking change can name the services it breaks. A consumer whose service is not a key of services has no owner to tell, and a version the event type does not register cannot be read. Declare the service under services (owner and description), fix the name, or list only registered versions.',
  check(model, report) {
    const registry = usableRegistry(model);
    if (!registry) return;
    const services = [...registry.services.keys()];
    for (const entry of registry.eventTypes.values()) {
      for (const consumer of entry.consumers) {
        const service = consumer.service;
        if (service !== undefined && !registry.services.has(service)) {
          const fix = didYouMean(service, services) || `; declare it under services with its owner and description${services.length ? `, or use one of ${services.join(', ')}` : ''}`;
          report({ file: registry.file.path, pointer: joinPointer(consumer.pointer, 'service'), message: `consumer "${service}" of event type "${entry.name}" is not a service declared in services${fix}` });
        }
        consumer.versions.forEach((version, i) => {
          if (entry.versions.has(version) || !/^[1-9][0-9]*$/.test(version)) return; // registry/shape reports malformed keys
          const registered = [...entry.versions.keys()];
          report({
            file: registry.file.path,
            pointer: joinPointer(consumer.pointer, 'versions', String(i)),
            message: `consumer "${service ?? '?'}" of event type "${entry.name}" reads version ${version}, which is not registered (registered: ${registered.length ? registered.join(', ') : 'none'}); list only registered versions`,
          });
        });
      }
    }
  },
});
