import { defineRule } from '../define.js';
import { EVENT_TYPE_NAME, usableRegistry } from './common.js';

export default defineRule({
  id: 'registry/event-type-name',
  severity: 'error',
  preset: 'recommended',
  description: 'Event type names must be dot-separated lower-case segments',
  help: 'An event type name such as "lesson.delivered" or "geography.service-area.upserted" has at least two dot-separated segments, each starting with a lower-case letter and made of lower-case letters, digits, "-" and "_", with "-" and "_" only between words. The name is the envelope\'s event_type and part of payload and example file names, so consumers route on it; rename the event type (and its files) to follow the grammar.',
  check(model, report) {
    const registry = usableRegistry(model);
    if (!registry) return;
    for (const entry of registry.eventTypes.values()) {
      const problem = nameProblem(entry.name);
      if (problem) {
        report({
          file: registry.file.path,
          pointer: entry.pointer,
          at: 'key',
          message: `event type name "${entry.name}" is not valid: ${problem}; names are at least two dot-separated segments of lower-case letters, digits, "-" and "_", such as "lesson.delivered"`,
        });
      }
    }
  },
});

/** The first thing wrong with a name, in words, or undefined when it follows the grammar. */
export function nameProblem(name: string): string | undefined {
  if (EVENT_TYPE_NAME.test(name)) return undefined;
  const segments = name.split('.');
  if (segments.length < 2) return name === '' ? 'it is empty' : 'it has only one segment';
  for (const segment of segments) {
    if (segment === '') return 'it has an empty segment (a leading, trailing or doubled ".")';
    if (/[A-Z]/.test(segment)) return `segment "${segment}" has upper-case letters`;
    if (!/^[a-z]/.test(segment)) return `segment "${segment}" does not start with a lower-case letter`;
    const bad = /[^a-z0-9_-]/u.exec(segment);
    if (bad) return `segment "${segment}" contains ${JSON.stringify(bad[0])}`;
    if (/[-_]$/.test(segment)) return `segment "${segment}" ends with "${segment.slice(-1)}"`;
  }
  return 'it does not follow the grammar';
}
