import { scanMarkdown } from '../../docs/markdown.js';
import { usableRegistry } from '../envelope/common.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 'docs/event-type-unmentioned',
  severity: 'warning',
  preset: 'recommended',
  description: "A registered event type should be mentioned in its contract's README",
  fixable: "adds the event type to the README's events table (a row with its versions, producer, subject, actors and description), its list of backticked event types, or a new Events section",
  help: "Readers find a contract's events through its README; an event type the README never names is invisible to them and usually means the README fell behind the registry. Mention it (in backticks, e.g. in an Events list, or as a plain word) in <contract>/README.md. Event types whose contract folder has no README are left to docs/readme-missing.",
  check(model, report) {
    const registry = usableRegistry(model);
    if (!registry) return;
    for (const entry of registry.eventTypes.values()) {
      if (entry.contract === undefined) continue;
      const readme = model.contracts.get(entry.contract)?.readme;
      if (!readme || scanMarkdown(readme).mentions.has(entry.name)) continue;
      report({
        file: registry.file.path,
        pointer: entry.pointer,
        at: 'key',
        message: `event type "${entry.name}" belongs to contract "${entry.contract}", but ${readme.path} never mentions it; add it to the README's list of events, e.g. "- \`${entry.name}\`: <what happened>"`,
        fix: {
          description: `mention \`${entry.name}\` in ${readme.path}`,
          edits: [{ op: 'mention', file: readme.path, row: { name: entry.name, versions: [...entry.versions.keys()], producer: entry.producer, subject: entry.subject, actors: entry.actors ? [...entry.actors] : undefined, description: entry.description } }],
        },
      });
    }
  },
});
