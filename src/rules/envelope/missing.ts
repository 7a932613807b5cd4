import { ENVELOPE_CONTRACT, REGISTRY_PATH } from '../../model/types.js';
import { defineRule } from '../define.js';

const EXPECTED = `${ENVELOPE_CONTRACT}/schema/envelope-v1.json`;

export default defineRule({
  id: 'envelope/missing',
  severity: 'error',
  preset: 'minimal',
  description: 'The contract set must define the event envelope schema',
  help: 'Every event is an envelope (event_id, event_type, producer, occurred_at, …) around a payload, and the envelope schema is what producers and consumers validate that wrapper against. Add event-envelope/schema/envelope-v1.json; when several envelope-v<N>.json exist, the highest version is the current one.',
  check(model, report) {
    if (model.envelope) return;
    // A near miss (envelope.json, Envelope-v1.json) is worth naming: it is almost certainly the intended file.
    const nearMiss = model.paths.find((p) => p.startsWith(`${ENVELOPE_CONTRACT}/`) && /envelope[^/]*\.json$/i.test(p));
    const hint = nearMiss ? `; ${nearMiss} is not recognised: name it ${ENVELOPE_CONTRACT}/schema/envelope-v<N>.json` : `; add ${EXPECTED} (required: event_id, event_type, schema_version, occurred_at, producer, envelope_version, payload)`;
    report({
      file: model.json.has(REGISTRY_PATH) ? REGISTRY_PATH : '',
      message: `no envelope schema: ${ENVELOPE_CONTRACT}/schema/envelope-v<N>.json does not exist, so no event's envelope can be validated${hint}`,
    });
  },
});
