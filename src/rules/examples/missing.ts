import { isObject } from '../../core/objects.js';
import { defineRule } from '../define.js';
import { allVersions, usableRegistry, VERSION_KEY, versionGap } from '../registry/common.js';

export default defineRule({
  id: 'examples/missing',
  severity: 'warning',
  preset: 'recommended',
  description: 'Every registered event type version should have an example event',
  help: 'An example event shows producers and consumers what a real event of that version looks like, and `check` validates it against the envelope, the registry and the payload schema, so a schema that cannot accept a realistic event is caught before anyone emits one. Add <contract>/examples/<event_type>-v<N>.json holding one complete event (envelope and payload); a label may follow the version, as in <event_type>-v<N>.minimal.json.',
  messages: {
    missing: '{eventType} v{version} has no example event; add {contract}/examples/{eventType}-v{version}.json holding one complete event (envelope and payload)',
  },
  check(model, report) {
    const registry = usableRegistry(model);
    if (!registry) return;
    // Built once: which (contract, event type, version) have at least one example, by its file
    // name or by what it says it is. A misnamed example is examples/misplaced's to report; it
    // is not also missing.
    const present = new Set<string>();
    for (const example of model.examples) {
      if (example.contract === undefined) continue;
      if (example.eventType !== undefined && example.version !== undefined) present.add(`${example.contract}\0${example.eventType}\0${Number(example.version)}`);
      const value = example.doc.ok ? example.doc.value : undefined;
      if (isObject(value) && typeof value.event_type === 'string' && Number.isInteger(value.schema_version)) present.add(`${example.contract}\0${value.event_type}\0${Number(value.schema_version)}`);
    }
    for (const [entry, version] of allVersions(registry)) {
      // Without a known contract folder there is nowhere to put the example: registry rules say so.
      if (entry.contract === undefined || !model.contracts.has(entry.contract) || !VERSION_KEY.test(version.version)) continue;
      if (present.has(`${entry.contract}\0${entry.name}\0${Number(version.version)}`)) continue;
      // A version after a gap may just have the wrong key: registry/version-sequence reports that, once.
      if (versionGap(entry)?.keys.has(version.version)) continue;
      report({
        file: registry.file.path,
        pointer: version.pointer,
        at: 'key',
        messageId: 'missing',
        args: { eventType: entry.name, version: version.version, contract: entry.contract },
      });
    }
  },
});
