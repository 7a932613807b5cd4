import { joinPointer } from '../../json/pointer.js';
import { defineRule } from '../define.js';
import { usableRegistry } from './common.js';
import { closest } from '../../core/did-you-mean.js';

export default defineRule({
  id: 'registry/contract-unknown',
  severity: 'error',
  preset: 'recommended',
  description: 'An event type\'s contract must name a folder under the contracts root',
  help: 'The contract field says which folder owns the event type: its README, payload schemas and examples live there. A name with no folder means the documentation and schemas cannot be found. Fix the name, or create the folder with its README.md and schema/payloads/.',
  messages: {
    unknown: 'contract "{contract}" of event type "{eventType}" names no folder under the contracts root; create the folder (with README.md and schema/payloads/) or fix the name',
    unknownLikely: 'contract "{contract}" of event type "{eventType}" names no folder under the contracts root; did you mean "{likely}"?',
  },
  check(model, report) {
    const registry = usableRegistry(model);
    if (!registry) return;
    const folders = [...model.contracts.keys()];
    for (const entry of registry.eventTypes.values()) {
      const contract = entry.contract;
      if (contract === undefined || model.contracts.has(contract)) continue;
      const likely = closest(contract, folders);
      report({
        file: registry.file.path,
        pointer: joinPointer(entry.pointer, 'contract'),
        ...(likely !== undefined ? { messageId: 'unknownLikely', args: { contract, eventType: entry.name, likely } } : { messageId: 'unknown', args: { contract, eventType: entry.name } }),
      });
    }
  },
});
