// Bundles the command line (lib/cli/main.js and everything it imports, plus the build's worker
// entry lib/build/group-worker.js) into lib/cli-bundle/, which bin/sguild-contracts.js loads.
// Node spends about 70 ms of every run resolving, reading and linking the ~200 modules a check
// imports one by one; the bundle is a few files. Dynamic imports stay dynamic (esbuild's code
// splitting: what a run answered from the cache does not load, the rules still do not).
// Packages stay external (loaded from node_modules as before). Part of `npm run compile` (and
// so `prepare`), after tsc: it bundles the compiled lib/, so it needs no TypeScript settings.
//
// The bundle lives one folder below lib/, like the modules it comes from, so every module's
// `new URL('../../…', import.meta.url)` (package.json, schemas/, runtime/, lib/precompiled/)
// still names the same file, and the build's `new URL('./group-worker.js', import.meta.url)`
// names the bundled worker entry.
//
//   node scripts/bundle-cli.mjs [root]
import { build } from 'esbuild';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? '.');
const out = join(root, 'lib', 'cli-bundle');
const staging = `${out}.${process.pid}.tmp`;
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'lib/cli/main.js', 'group-worker': 'lib/build/group-worker.js' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  charset: 'utf8',
  outdir: staging,
  logLevel: 'error',
});
// Replaced whole, so a run never sees half of an old bundle and half of a new one.
rmSync(out, { recursive: true, force: true });
renameSync(staging, out);
