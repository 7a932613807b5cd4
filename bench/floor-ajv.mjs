// The floor for validate: a plain ajv loop over the same events and schemas (compile every
// payload schema and the envelope once, then parse and validate each NDJSON line). More than
// one events file: each is validated in turn, as `validate F F …` does (bench/run.mjs uses it
// to measure throughput after compilation).
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const [root, ...eventsFiles] = process.argv.slice(2);
const started = performance.now();
const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats.default ?? addFormats)(ajv);
const registry = JSON.parse(readFileSync(join(root, 'event-types-registry.json'), 'utf8'));
ajv.addSchema(JSON.parse(readFileSync(join(root, 'event-envelope/schema/ids-v1.json'), 'utf8')));
const envelope = ajv.compile(JSON.parse(readFileSync(join(root, 'event-envelope/schema/envelope-v1.json'), 'utf8')));
const validators = new Map();
for (const [type, entry] of Object.entries(registry.event_types)) {
  for (const [version, v] of Object.entries(entry.versions)) validators.set(`${type}@${version}`, ajv.compile(JSON.parse(readFileSync(join(root, v.schema), 'utf8'))));
}
const compiled = performance.now();
let events = 0, invalid = 0;
for (const eventsFile of eventsFiles) {
  for await (const line of createInterface({ input: createReadStream(eventsFile), crlfDelay: Infinity })) {
    if (!line) continue;
    const event = JSON.parse(line);
    events++;
    const payload = validators.get(`${event.event_type}@${event.schema_version}`);
    if (!envelope(event) || !payload || !payload(event.payload)) invalid++;
  }
}
const done = performance.now();
process.stdout.write(JSON.stringify({ events, invalid, compileMs: compiled - started, validateMs: done - compiled }) + '\n');
