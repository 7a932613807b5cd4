// Peer for build: json-schema-to-typescript's compile() with its default options (prettier
// formatting on), once per payload schema, in one process. Prints files compiled.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compile } from 'json-schema-to-typescript';

const [root, limitArg, formatArg] = process.argv.slice(2);
const registry = JSON.parse(readFileSync(join(root, 'event-types-registry.json'), 'utf8'));
const files = Object.values(registry.event_types).flatMap((e) => Object.values(e.versions).map((v) => v.schema));
const limit = Math.min(Number(limitArg ?? files.length), files.length);
for (const file of files.slice(0, limit)) {
  const path = join(root, file);
  await compile(JSON.parse(readFileSync(path, 'utf8')), 'Payload', { cwd: dirname(path), format: formatArg !== 'noformat' });
}
process.stdout.write(`${limit}\n`);
