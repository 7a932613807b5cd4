// The floor for check, build and diff: read every input file and JSON.parse the JSON ones, in one process.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let files = 0;
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.isFile()) {
      const text = readFileSync(path, 'utf8');
      if (entry.name.endsWith('.json')) JSON.parse(text);
      files++;
    }
  }
}
for (const dir of process.argv.slice(2)) walk(dir);
process.stdout.write(`${files}\n`);
