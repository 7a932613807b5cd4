import { joinPointer } from '../../json/pointer.js';
import type { Edit, Fix } from '../../diagnostics/fix.js';
import type { ContractSet } from '../../model/types.js';
import { isSchemaObject } from '../../schema/walk.js';
import { defineRule } from '../define.js';
import { EVENT_TYPE_NAME, expectedPayloadPath, payloadRegistrations, usableRegistry, VERSION_KEY, versionGap, versionLabel } from './common.js';

export default defineRule({
  id: 'registry/payload-misplaced',
  severity: 'error',
  preset: 'recommended',
  description: 'A payload schema must be at <contract>/schema/payloads/<event_type>-v<N>.json',
  fixable: 'points the registry at the expected path when that file exists; otherwise moves the file there (same folder depth, so its relative $refs still resolve) and updates its "$id" when it named the old path',
  help: 'Payload schemas are found by convention as well as through the registry: code generation, examples and reviewers expect version N of an event type in its contract\'s schema/payloads/ folder, named after the event type. A registered path elsewhere (another contract, another event type\'s file, a copy-paste) usually points at the wrong schema. Move or rename the file, or fix the path.',
  check(model, report) {
    const registry = usableRegistry(model);
    if (!registry) return;
    const files = new Set(model.paths);
    // Only each file's owner: versions that share another's file are registry/payload-duplicate's,
    // and versions whose file is missing are registry/payload-missing's.
    for (const { entry, version } of payloadRegistrations(model, registry).owners.values()) {
      // Reported elsewhere: a bad version key (shape), an unknown contract (contract-unknown), a bad name (event-type-name).
      if (!VERSION_KEY.test(version.version) || !EVENT_TYPE_NAME.test(entry.name)) continue;
      if (entry.contract === undefined || !model.contracts.has(entry.contract)) continue;
      // A version numbered after a gap may just have the wrong key (registry/version-sequence).
      if (versionGap(entry)?.keys.has(version.version)) continue;
      const expected = expectedPayloadPath(entry.contract, entry.name, version.version);
      if (version.schema === expected) continue;
      const fix = files.has(expected) ? `, which exists: point the registry at it` : '; move or rename the file, or fix the path';
      const pointer = joinPointer(version.pointer, 'schema');
      report({
        file: registry.file.path,
        pointer,
        message: `the payload schema of ${versionLabel(entry, version)} is registered as ${version.schema}, but it must be ${expected}${fix}`,
        ...repair(model, registry.file.path, pointer, version.schema!, expected, files),
      });
    }
  },
});

function repair(model: ContractSet, registryPath: string, pointer: string, registered: string, expected: string, files: ReadonlySet<string>): { fix?: Fix } {
  const point = { op: 'replace' as const, file: registryPath, pointer, value: expected };
  if (files.has(expected)) return { fix: { description: `register ${expected}`, edits: [point] } };
  if (!files.has(registered) || registered.split('/').length !== expected.split('/').length) return {};
  const edits: Edit[] = [{ op: 'move', file: registered, to: expected }, point];
  const value = model.schemas.get(registered)?.doc.value;
  const id = isSchemaObject(value) && typeof value.$id === 'string' ? value.$id : undefined;
  if (id !== undefined && id.endsWith('/' + registered)) edits.push({ op: 'replace', file: expected, pointer: '/$id', value: id.slice(0, id.length - registered.length) + expected });
  return { fix: { description: `move ${registered} to ${expected} and register it there`, edits } };
}
