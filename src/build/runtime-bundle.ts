/**
 * The runtime the generated dist/validators.js embeds: src/events/standalone.ts and everything
 * it imports, bundled by esbuild at compile time (scripts/bundle-runtime.mjs, part of
 * `npm run compile` and `prepare`) into lib/bundles/validators-runtime.json. No function's
 * source text is taken at run time, and `build` never starts a bundler: it reads one file.
 *
 * When the tool runs from src/ (tests, under a TypeScript loader), the bundle is checked against
 * the sources it was made from, so a stale bundle fails loudly instead of generating validators
 * that disagree with `validate`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

// src/build/ and lib/build/ are both two levels below the package root.
const ROOT = new URL('../../', import.meta.url);
const BUNDLE = 'lib/bundles/validators-runtime.json';

/** The global the bundle's script defines, holding the exports of src/events/standalone.ts. */
export const RUNTIME_GLOBAL = 'sguildRuntime';

/** Thrown when the bundle is missing or stale: a broken install or a missing compile, not a contract problem. */
export class RuntimeBundleError extends Error {}

let cached: string | undefined;

/** The bundle's script (`var sguildRuntime = (() => { … })();`). */
export function runtimeBundle(): string {
  if (cached !== undefined) return cached;
  const file = new URL(BUNDLE, ROOT);
  if (!existsSync(file)) throw new RuntimeBundleError(`${BUNDLE} is missing; run \`npm run compile\``);
  const bundle = JSON.parse(readFileSync(file, 'utf8')) as { inputs: Record<string, string>; code: string };
  if (import.meta.url.endsWith('.ts')) assertFresh(bundle.inputs);
  cached = bundle.code;
  return cached;
}

function assertFresh(inputs: Record<string, string>): void {
  for (const [path, sha256] of Object.entries(inputs)) {
    const file = new URL(path, ROOT);
    const now = existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'missing';
    if (now !== sha256) throw new RuntimeBundleError(`${BUNDLE} is older than ${path}; run \`npm run compile\``);
  }
}
