// Bundles the runtime the generated dist/validators.js embeds (src/events/standalone.ts and
// everything it imports: the event checks, the validator guard, the safe regex engine) into
// lib/bundles/validators-runtime.json. Part of `npm run compile` (and so `prepare`): `build`
// only reads the result, so it never starts esbuild and esbuild is needed only to compile.
//
// The file holds the script and the SHA-256 of every source file in it, so src/build/runtime-bundle.ts
// can tell, when the tool runs from src/ (tests), that the bundle is older than the sources.
//
//   node scripts/bundle-runtime.mjs [root]
import { build, version } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ENTRY = 'src/events/standalone.ts';
export const OUTPUT = 'lib/bundles/validators-runtime.json';
export const GLOBAL_NAME = 'sguildRuntime';

/** The bundle of ENTRY under `root`: `{ esbuild, inputs: { path: sha256 }, code }`. */
export async function bundleRuntime(root) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [ENTRY],
    bundle: true,
    format: 'iife',
    globalName: GLOBAL_NAME,
    platform: 'neutral',
    target: 'es2022',
    charset: 'utf8',
    legalComments: 'none',
    tsconfig: 'tsconfig.build.json',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text.replace(/^"use strict";\n/, '');
  const inputs = {};
  for (const path of Object.keys(result.metafile.inputs).sort()) inputs[path] = createHash('sha256').update(readFileSync(join(root, path))).digest('hex');
  return { esbuild: version, inputs, code };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..');
  const bundle = await bundleRuntime(root);
  const out = join(root, OUTPUT);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out + '.tmp', JSON.stringify(bundle, null, 1) + '\n');
  renameSync(out + '.tmp', out);
}
