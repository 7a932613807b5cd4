/**
 * A content-addressed cache for whole-command results (`check` findings, `build` output), kept
 * under `node_modules/.cache/sguild-contracts/` of the folder the command runs in.
 *
 * Never stale: the key is a hash of everything the result depends on (every input file's path
 * and bytes, the options that shape the result, and a fingerprint of the tool's own code), so a
 * changed input or a new tool version simply misses. Safe to delete at any time, and never
 * required: without a node_modules folder, or with SGUILD_CONTRACTS_NO_CACHE set, nothing is
 * cached. A corrupt entry is a miss. Entries are written atomically.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileSource } from '../load/source.js';
import { writeFileAtomic } from './write-atomic.js';

export interface ContentCache {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
}

export function openCache(cwd: string, env: Record<string, string | undefined>): ContentCache | undefined {
  if (env.SGUILD_CONTRACTS_NO_CACHE) return undefined;
  const modules = join(cwd, 'node_modules');
  if (!existsSync(modules)) return undefined;
  const dir = join(modules, '.cache', 'sguild-contracts');
  const pathOf = (key: string) => join(dir, key.slice(0, 2), `${key}.json`);
  return {
    get<T>(key: string): T | undefined {
      try {
        const entry = JSON.parse(readFileSync(pathOf(key), 'utf8')) as { key?: string; value?: T };
        return entry.key === key ? entry.value : undefined;
      } catch {
        return undefined;
      }
    },
    set(key, value) {
      try {
        writeFileAtomic(pathOf(key), JSON.stringify({ key, value }));
      } catch {
        // A cache that cannot be written (read-only file system, full disk) is just a miss next time.
      }
    },
  };
}

/** The key for a result: a hash of the tool's code, the purpose and options, and every input file. */
export function cacheKey(purpose: string, options: unknown, source: FileSource): string | undefined {
  const hash = createHash('sha256');
  hash.update(`${toolFingerprint()}\0${purpose}\0${JSON.stringify(options)}\0`);
  for (const path of source.list()) {
    const bytes = source.read(path);
    if (!bytes) return undefined; // an unreadable file: let the command report it, uncached
    hash.update(`${path}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

/** A key for a piece of a result (one group of generated code, a memo table): the tool's code, the purpose and the given parts. */
export function partKey(purpose: string, parts: readonly string[]): string {
  const hash = createHash('sha256');
  hash.update(`${toolFingerprint()}\0${purpose}\0${parts.length}\0`);
  for (const part of parts) hash.update(`${part.length}\0${part}`);
  return hash.digest('hex');
}

let fingerprint: string | undefined;

/** Identifies the running tool's code: names, sizes and modification times of its own modules. */
function toolFingerprint(): string {
  if (fingerprint === undefined) {
    const root = dirname(dirname(fileURLToPath(import.meta.url))); // lib/ (or src/ under tsx)
    const hash = createHash('sha256');
    const walk = (dir: string) => {
      for (const name of readdirSync(dir).sort()) {
        const path = join(dir, name);
        const stat = statSync(path);
        if (stat.isDirectory()) walk(path);
        else hash.update(`${path}\0${stat.size}\0${stat.mtimeMs}\n`);
      }
    };
    try {
      walk(root);
      // runtime/ holds code the build copies into its output (the Postgres dispatcher).
      walk(join(root, '..', 'runtime'));
      hash.update(readFileSync(join(root, '..', 'package.json')));
    } catch {
      hash.update(String(Math.random())); // cannot fingerprint: never reuse an entry
    }
    fingerprint = hash.digest('hex');
  }
  return fingerprint;
}
