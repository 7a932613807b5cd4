/**
 * Validators the tool compiles for its own fixed schemas (the registry schema, the
 * configuration schema, the 2020-12 and draft-07 meta-schemas) are generated once, at `npm run
 * compile` (and so at `prepare`), as ajv standalone code in lib/precompiled/<name>.cjs by
 * scripts/precompile-validators.mjs, so a run loads them instead of compiling them.
 *
 * Each module exports `{ stamp, validate }`. The stamp names everything the code was generated
 * from (ajv's and ajv-formats' versions, the options, the schema's bytes); the caller computes
 * the stamp it expects, and a module with another stamp, or none at all (running from src/ after
 * a schema edit, a tarball without lib/precompiled), is not used: the caller compiles as before.
 * So a precompiled validator can only be a faster copy of the one compiled at run time, never a
 * different one.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** src/core and lib/core are both two levels below the package root. */
export const PRECOMPILED_DIR = new URL('../../lib/precompiled/', import.meta.url);

/** A validator to generate: its module name, the stamp it must carry, and an ajv (with `code.source`) holding its compiled function. */
export interface PrecompileTarget {
  readonly name: string;
  stamp(): string;
  compile(): { ajv: unknown; validate: unknown };
}

/** The precompiled validator `name` when its stamp is `stamp`; undefined otherwise (compile it). */
export function loadPrecompiled<T>(name: string, stamp: string): T | undefined {
  if (process.env.SGUILD_CONTRACTS_NO_PRECOMPILED) return undefined;
  try {
    const module = require(new URL(`${name}.cjs`, PRECOMPILED_DIR).pathname) as { stamp?: unknown; validate?: unknown };
    return module.stamp === stamp && typeof module.validate === 'function' ? (module.validate as T) : undefined;
  } catch {
    return undefined;
  }
}

/** The stamp of a validator: the versions of the packages its code comes from, its options and its schema's bytes. */
export function validatorStamp(options: unknown, schemaBytes: string | Uint8Array = ''): string {
  const hash = createHash('sha256').update(JSON.stringify(options)).update('\0').update(schemaBytes);
  return `ajv ${packageVersion('ajv')} ajv-formats ${packageVersion('ajv-formats')} ${hash.digest('hex')}`;
}

const versions = new Map<string, string>();
function packageVersion(name: string): string {
  let version = versions.get(name);
  if (version === undefined) {
    try {
      version = String((require(`${name}/package.json`) as { version?: unknown }).version);
    } catch {
      version = 'unknown';
    }
    versions.set(name, version);
  }
  return version;
}

/**
 * The target for one schema file compiled by `newAjv(options)` (the registry schema, the
 * configuration schema); its `validator()` is the precompiled one while current, else compiled
 * on first use.
 */
export function schemaFileTarget<T>(name: string, schemaUrl: URL, options: object, newAjv: (options: object) => { compile(schema: object): unknown }): PrecompileTarget & { validator(): T } {
  let validator: T | undefined;
  const compile = (text: string, source: boolean) => {
    const ajv = newAjv(source ? { ...options, code: { source: true } } : options);
    return { ajv, validate: ajv.compile(JSON.parse(text) as object) };
  };
  return {
    name,
    stamp: () => validatorStamp(options, readFileSync(schemaUrl, 'utf8')),
    compile: () => compile(readFileSync(schemaUrl, 'utf8'), true),
    validator() {
      if (validator === undefined) {
        const text = readFileSync(schemaUrl, 'utf8');
        validator = loadPrecompiled<T>(name, validatorStamp(options, text)) ?? (compile(text, false).validate as T);
      }
      return validator;
    },
  };
}
