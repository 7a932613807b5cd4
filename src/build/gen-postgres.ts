/**
 * `postgres.js` (+ `.d.ts`, `sql/`): the Postgres dispatcher, a fixed runtime (runtime/postgres-core.js,
 * hand-written, shipped with the tool) bound to the validators this build generated, so
 * `publish` and the consumers check events against exactly these contracts. The migration SQL is
 * written out as files too, for teams that apply migrations with their own tooling.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GENERATED_NOTICE, type Generator } from './generator-types.js';
import { hashOf } from './manifest.js';

// src/build/ and lib/build/ are both two levels below the package root, which holds runtime/.
const RUNTIME = new URL('../../runtime/', import.meta.url);

/** The runtime's own exports that take the validator as a first argument: bound below, not exported. */
const BOUND = ['publishEvents', 'createGroupConsumer'];

export const postgresGenerator: Generator = {
  name: 'postgres dispatcher',
  async generate(_model, { files }) {
    const validators = files.find((f) => f.path === 'validators.js');
    if (!validators) return [];
    // Events publish stores carry it; a consumer of the same build need not validate them again.
    // It covers validators.js and the validator code it imports (validators/*.js, by their hashes).
    const hash = createHash('sha256').update(validators.content);
    for (const file of files.filter((f) => f.path.startsWith('validators/') && f.path.endsWith('.js'))) hash.update(`\0${file.path}\0${hashOf(file)}`);
    const fingerprint = hash.digest('hex').slice(0, 32);
    const core = readFileSync(new URL('postgres-core.js', RUNTIME), 'utf8');
    let body = core;
    for (const name of BOUND) body = body.replace(new RegExp(`^export (function|async function) ${name}\\b`, 'm'), `$1 ${name}`);
    const js = [
      `// ${GENERATED_NOTICE}`,
      "import { validateEvent } from './validators.js';",
      '',
      body.trimEnd(),
      '',
      '/** The fingerprint of this package\'s validators, stored with the events it publishes. */',
      `const CONTRACTS_FINGERPRINT = '${fingerprint}';`,
      '',
      '/** Validates the events with this package\'s validators, then inserts them (in options.tx when given). */',
      'export function publish(db, events, options) {',
      '  return publishEvents(validateEvent, db, events, options, CONTRACTS_FINGERPRINT);',
      '}',
      '',
      '/** One worker of a consumer group; events are validated with this package\'s validators. */',
      'export function createConsumer(options) {',
      '  return createGroupConsumer(validateEvent, options, CONTRACTS_FINGERPRINT);',
      '}',
      '',
    ].join('\n');
    const header = `// ${GENERATED_NOTICE}\n`;
    const { MIGRATIONS } = (await import(new URL('postgres-core.js', RUNTIME).href)) as { MIGRATIONS: { version: number; name: string; sql: string }[] };
    return [
      { path: 'postgres.js', content: js },
      { path: 'postgres.d.ts', content: header + readFileSync(new URL('postgres.d.ts', RUNTIME), 'utf8') },
      { path: 'postgres-types.d.ts', content: header + readFileSync(new URL('postgres-types.d.ts', RUNTIME), 'utf8') },
      ...MIGRATIONS.map((m) => ({
        path: `sql/${String(m.version).padStart(3, '0')}-sguild-events.sql`,
        content: `-- ${GENERATED_NOTICE}\n-- Migration ${m.version}: ${m.name}. Idempotent; migrate(db) from the package's ./postgres entry applies the same text.\n${m.sql}`,
      })),
    ];
  },
};
