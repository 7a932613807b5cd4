import { joinPointer } from '../../json/pointer.js';
import type { EventTypeEntry, Registry } from '../../model/types.js';
import { defineRule } from '../define.js';
import { allVersions, expectedPayloadPath, isObject, payloadPath, rawAt, SCHEMA_PATH, usableRegistry, VERSION_KEY } from './common.js';

/** A payload schema directly in a contract's schema/payloads/ folder. */
const PAYLOAD_FILE = /^[^/]+\/schema\/payloads\/[^/]+\.json$/;

export default defineRule({
  id: 'registry/payload-unregistered',
  severity: 'error',
  preset: 'recommended',
  description: 'Every payload schema must be registered by an event type version',
  help: 'A file in <contract>/schema/payloads/ that no version in event-types-registry.json points to is invisible to producers, consumers and code generation: usually a version that was never registered, or a leftover after a rename. Register it under its event type\'s versions, or delete the file.',
  check(model, report) {
    const registry = usableRegistry(model);
    // Without an event_types object every payload would look unregistered; registry/shape reports that.
    if (!registry || !isObject(rawAt(registry, '/event_types'))) return;
    const registered = new Set<string>();
    for (const [entry, version] of allVersions(registry)) {
      const target = payloadPath(version.schema);
      if (target.kind === 'ok') registered.add(target.path);
      // The file named for a registered version is that version's, even when the registry points
      // elsewhere: registry/payload-missing, -misplaced or -duplicate report the path and name it.
      if (entry.contract !== undefined && VERSION_KEY.test(version.version)) registered.add(expectedPayloadPath(entry.contract, entry.name, version.version));
    }
    for (const schema of model.schemas.values()) {
      if (schema.role !== 'payload' || !PAYLOAD_FILE.test(schema.path) || registered.has(schema.path)) continue;
      const entry = schema.eventType !== undefined ? registry.eventTypes.get(schema.eventType) : undefined;
      // An entry whose versions shape rejects may well mean this file: registry/shape reports it.
      if (entry && !versionsReadable(registry, entry)) continue;
      let fix: string;
      if (schema.eventType === undefined || schema.version === undefined) fix = 'name it <event_type>-v<N>.json and register it, or delete it';
      else if (entry) fix = `register it as version "${schema.version}" of event type "${entry.name}", or delete it`;
      else fix = `register event type "${schema.eventType}" with version "${schema.version}", or delete it`;
      report({ file: schema.path, message: `payload schema ${schema.path} is not registered: no version in event-types-registry.json points to it; ${fix}` });
    }
  },
});

/** True when every version of the entry has a `schema` that registry/shape accepts. */
function versionsReadable(registry: Registry, entry: EventTypeEntry): boolean {
  const versions = rawAt(registry, joinPointer(entry.pointer, 'versions'));
  if (!isObject(versions)) return false;
  for (const version of entry.versions.values()) if (version.schema === undefined || !SCHEMA_PATH.test(version.schema)) return false;
  return true;
}
