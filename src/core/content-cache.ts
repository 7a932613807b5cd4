/**
 * A content-addressed cache for command results (`check` findings, `build` output hashes), kept
 * under `node_modules/.cache/sguild-contracts/` of the folder the command runs in.
 *
 * Never stale: the key is a hash of everything the result depends on (every input file's path
 * and bytes, the entries that were skipped, the options that shape the result, and a fingerprint
 * of the tool's own code), so a changed input or a new tool version simply misses. Safe to
 * delete at any time, and never required: without a node_modules folder, or with
 * SGUILD_CONTRACTS_NO_CACHE set, nothing is cached.
 *
 * Never trusted blindly: a cache can be garbled (a bad disk, a CI cache restored half-way, a
 * hand edit), so every entry verifies itself before it is used. An entry is two lines: a header
 * `{"format","tool","key","sha256","bytes"}` and the value's JSON. It is used only when the
 * header is ours, names this tool (version and code fingerprint) and this key, the value's bytes
 * have exactly the recorded length and SHA-256, and the parsed value passes the caller's schema
 * check. Anything else is a miss, and the caller's fresh result rewrites the entry. So the cache
 * can change how fast a command is, never what it says or its exit code. (The hash detects
 * damage, not forgery: whoever can write node_modules can change the tool itself.)
 *
 * Every cache user goes through `get`/`set` here, so later kinds of entries get the same checks.
 * Writes are atomic (a temporary file renamed into place) and serialised per entry by a lock
 * file; temporary files of processes that died mid-write are removed on the next write.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive, tryLock } from './lock.js';
import { makeFolders, writeFileAtomic } from './write-atomic.js';

/** A schema check for a cached value: `true` only for a value of the shape the caller stored. */
export type CacheSchema<T> = (value: unknown) => value is T;

export interface ContentCache {
  /** The value stored under `key`, when its entry verifies and passes `schema`; else undefined (a miss). */
  get<T>(key: string, schema: CacheSchema<T>): T | undefined;
  set(key: string, value: unknown): void;
}

const FORMAT = 'sguild-contracts-cache/2';

interface EntryHeader {
  format: string;
  tool: string;
  key: string;
  sha256: string;
  bytes: number;
}

export function openCache(cwd: string, env: Record<string, string | undefined>): ContentCache | undefined {
  if (env.SGUILD_CONTRACTS_NO_CACHE) return undefined;
  const modules = join(cwd, 'node_modules');
  if (!existsSync(modules)) return undefined;
  return folderCache(join(modules, '.cache', 'sguild-contracts'));
}

/** The cache kept in `dir` (one file per entry, in folders by the key's first two characters). */
export function folderCache(dir: string, tool = toolIdentity()): ContentCache {
  const pathOf = (key: string) => join(dir, key.slice(0, 2), `${key}.json`);
  return {
    get<T>(key: string, schema: CacheSchema<T>): T | undefined {
      if (!/^[0-9a-f]{64}$/.test(key)) return undefined;
      let bytes: Buffer;
      try {
        if (statSync(pathOf(key)).size > MAX_ENTRY_BYTES) return undefined;
        bytes = readFileSync(pathOf(key));
      } catch {
        return undefined;
      }
      return verifyEntry(bytes, key, tool, schema);
    },
    set(key, value) {
      if (!/^[0-9a-f]{64}$/.test(key)) return;
      const path = pathOf(key);
      try {
        makeFolders(dirname(path));
        const lock = tryLock(`${path}.lock`);
        if (!('release' in lock)) return; // another run is writing this very entry
        try {
          removeDeadTemps(dirname(path));
          writeFileAtomic(path, encodeEntry(key, tool, value));
        } finally {
          lock.release();
        }
      } catch {
        // A cache that cannot be written (read-only file system, full disk) is just a miss next time.
      }
    },
  };
}

/** Entries are findings or hashes; one over 256 MiB is not one we wrote. */
const MAX_ENTRY_BYTES = 256 * 1024 * 1024;

export function encodeEntry(key: string, tool: string, value: unknown): string {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  const header: EntryHeader = { format: FORMAT, tool, key, sha256: sha256(body), bytes: body.length };
  return `${JSON.stringify(header)}\n${body.toString('utf8')}`;
}

/** The entry's value when everything about it checks out; undefined otherwise. Never throws. */
export function verifyEntry<T>(bytes: Uint8Array, key: string, tool: string, schema: CacheSchema<T>): T | undefined {
  try {
    const newline = bytes.indexOf(0x0a);
    if (newline < 0) return undefined;
    const header = JSON.parse(Buffer.from(bytes.subarray(0, newline)).toString('utf8')) as Partial<EntryHeader>;
    if (header === null || typeof header !== 'object') return undefined;
    if (header.format !== FORMAT || header.tool !== tool || header.key !== key) return undefined;
    const body = bytes.subarray(newline + 1);
    if (header.bytes !== body.length || header.sha256 !== sha256(body)) return undefined;
    const value: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    return schema(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `.ab12….json.<pid>.<random>.tmp` files (src/core/write-atomic.ts) whose writer died. */
function removeDeadTemps(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = /^\..+\.json\.([0-9]+)\.[a-z0-9]+\.tmp$/.exec(name);
    if (match && !isAlive(Number(match[1]))) rmSync(join(dir, name), { force: true });
  }
}

/** The key for a result: a hash of the tool's code, the purpose and options, and every input file. */
/** What a key is computed over: every input file's path and bytes (src/load/source.ts's FileSource is one). */
export interface HashableSource {
  list(): Iterable<string>;
  read(path: string): Uint8Array | undefined;
  /** Entries listing skipped (links, special files): they are findings too, so they are part of the key. */
  readonly problems?: readonly unknown[];
}

export function cacheKey(purpose: string, options: unknown, source: HashableSource): string | undefined {
  const hash = createHash('sha256');
  hash.update(`${toolIdentity()}\0${purpose}\0${JSON.stringify(options)}\0`);
  for (const path of source.list()) {
    const bytes = source.read(path);
    if (!bytes) return undefined; // an unreadable file: let the command report it, uncached
    hash.update(`${path}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  hash.update(`\0${JSON.stringify(source.problems ?? [])}`);
  return hash.digest('hex');
}

const digestsOf = new WeakMap<HashableSource, ReadonlyMap<string, string> | null>();

/**
 * Every file's SHA-256 (hex) by path, computed once per source; undefined when a file cannot be
 * read. A check keys its result by them (digestKey) and the rule memo its units (src/rules/memo.ts),
 * so the files are hashed once for both.
 */
export function fileDigests(source: HashableSource): ReadonlyMap<string, string> | undefined {
  let digests = digestsOf.get(source);
  if (digests === undefined) {
    const map = new Map<string, string>();
    let readable = true;
    for (const path of source.list()) {
      const bytes = source.read(path);
      if (!bytes) {
        readable = false; // an unreadable file: let the command report it, uncached
        break;
      }
      map.set(path, sha256(bytes));
    }
    digests = readable ? map : null;
    digestsOf.set(source, digests);
  }
  return digests ?? undefined;
}

/** cacheKey's key for a source whose files were hashed by fileDigests (the same inputs: the tool, purpose, options, every file, the skipped entries). */
export function digestKey(purpose: string, options: unknown, source: HashableSource): string | undefined {
  const digests = fileDigests(source);
  if (!digests) return undefined;
  const hash = createHash('sha256');
  hash.update(`${toolIdentity()}\0${purpose}/digests\0${JSON.stringify(options)}\0`);
  for (const [path, digest] of digests) hash.update(`${path}\0${digest}\n`);
  hash.update(`\0${JSON.stringify(source.problems ?? [])}`);
  return hash.digest('hex');
}

/** A key for a piece of a result (one group of generated code, a memo table): the tool's code, the purpose and the given parts. */
export function partKey(purpose: string, parts: readonly string[]): string {
  const hash = createHash('sha256');
  hash.update(`${toolIdentity()}\0${purpose}\0${parts.length}\0`);
  for (const part of parts) hash.update(`${part.length}\0${part}`);
  return hash.digest('hex');
}

let identity: string | undefined;

/**
 * The running tool: its package version and a fingerprint of its code (names, sizes and
 * modification times of its own modules). Every entry records it; another tool's entry is a miss.
 */
export function toolIdentity(): string {
  if (identity === undefined) {
    const root = dirname(dirname(fileURLToPath(import.meta.url))); // lib/ (or src/ under tsx)
    const hash = createHash('sha256');
    let version = 'unknown';
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
      const manifest = readFileSync(join(root, '..', 'package.json'));
      hash.update(manifest);
      const parsed = JSON.parse(manifest.toString('utf8')) as { version?: unknown };
      if (typeof parsed.version === 'string') version = parsed.version;
    } catch {
      hash.update(String(Math.random())); // cannot fingerprint: never reuse an entry
    }
    identity = `${version} ${hash.digest('hex')}`;
  }
  return identity;
}
