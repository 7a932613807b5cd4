// Generates lib/precompiled/<name>.cjs: ajv standalone code for the tool's fixed schemas (the
// 2020-12 and draft-07 meta-schemas, the registry schema, the configuration schema), so a run
// loads them instead of compiling them (src/core/precompiled.ts). Part of `npm run compile`
// (and so `prepare`), after tsc: the targets come from the compiled modules in lib/, with the
// same options those modules compile with at run time, and each file carries the stamp they
// check before using it.
//
//   node scripts/precompile-validators.mjs [root]
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(process.argv[2] ?? '.');
const lib = (path) => import(pathToFileURL(join(root, 'lib', path)).href);
const require = createRequire(join(root, 'package.json'));
const standaloneCode = require('ajv/dist/standalone/index.js').default;

const targets = [...(await lib('schema/dialect-tools.js')).META_TARGETS, (await lib('rules/registry/shape.js')).REGISTRY_TARGET, (await lib('config/load.js')).CONFIG_TARGET];
const dir = join(root, 'lib', 'precompiled');
mkdirSync(dir, { recursive: true });
for (const target of targets) {
  const { ajv, validate } = target.compile();
  const code = `${standaloneCode(ajv, validate)}\nmodule.exports = { stamp: ${JSON.stringify(target.stamp())}, validate: module.exports };\n`;
  const path = join(dir, `${target.name}.cjs`);
  writeFileSync(`${path}.tmp`, code);
  renameSync(`${path}.tmp`, path);
}
