import { EventTypeIndex } from '../../docs/event-names.js';
import { scanMarkdown } from '../../docs/markdown.js';
import { REGISTRY_PATH } from '../../model/types.js';
import { usableRegistry } from '../envelope/common.js';
import { defineRule } from '../define.js';

const PROPOSAL = /^\s*\((?:proposed|proposal|planned|not yet registered)\b/i;

/** The text of the token's last line after the token. */
function lineRest(text: string, token: { endLine: number; endColumn: number }): string {
  let start = 0;
  for (let line = 1; line < token.endLine; line++) start = text.indexOf('\n', start) + 1;
  const end = text.indexOf('\n', start);
  return text.slice(start + token.endColumn, end < 0 ? undefined : end);
}

export default defineRule({
  id: 'docs/unknown-event-type',
  severity: 'warning',
  preset: 'recommended',
  description: 'Event types named in the documentation must be registered',
  help: 'Documents name event types in backticks (`credit.reserved`) and in code blocks (causal chains, sample payloads); a name that is not in the registry is a typo or an event that was never registered, and readers will build on it. The rule checks backticked tokens in prose and bare dotted tokens in fenced code blocks that follow the event-type grammar (two or more dot-separated lower-case segments) and whose first segment is the first segment of some registered event type (in backticked prose also a name in a new namespace, such as `refund.issued`, when its last segment says what happened); file and host names (x.json, x.com), versions, namespaces of registered names (geography.market) and fields of registered events (lesson.delivered.attendance) are not flagged. Fix the name, or register the event type; a name announced before it is registered is marked by following it with "(proposed)", as in `refund.reversed` (proposed).',
  check(model, report) {
    const registry = usableRegistry(model);
    if (!registry || registry.eventTypes.size === 0) return;
    const index = new EventTypeIndex(registry.eventTypes.keys());
    for (const doc of model.docs) {
      for (const token of scanMarkdown(doc).codeTokens) {
        const verdict = index.classify(token.text, token.where);
        if (verdict.kind !== 'unknown') continue;
        // `refund.issued` (proposed): a name announced on purpose, not yet registered.
        if (token.where === 'span' && PROPOSAL.test(lineRest(doc.text, token))) continue;
        const hint = verdict.suggestion ? `fix the name (did you mean \`${verdict.suggestion}\`?)` : 'fix the name';
        report({
          file: doc.path,
          range: token,
          message: `\`${token.text}\` looks like an event type but is not registered in ${REGISTRY_PATH}; ${hint} or register the event type`,
        });
      }
    }
  },
});
