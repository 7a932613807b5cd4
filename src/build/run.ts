/**
 * One build of a contracts folder into an output folder: load, check, generate, then write
 * (or, for `--check`, compare). Returns what happened; the CLI decides what to print.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { cacheKey, type ContentCache } from '../core/content-cache.js';
import { loadContractSet } from '../load/loader.js';
import { FolderSource, type FileSource } from '../load/source.js';
import type { BuildResult } from './build.js';
import type { DiagnosticConfig } from '../check.js';
import type { Baseline } from '../diagnostics/baseline.js';
import { settingsKey } from '../model/compatibility.js';
import { contentHash, hashOf, isSafeRelativePath, MANIFEST_FILE, parseManifest } from './manifest.js';
import { byCodeUnit } from './type-plan.js';
import { compareOutput, strayEntries, writeOutput, type OutputDifference, type WriteOptions, type WriteResult } from './output.js';
import { interruption, lockOutput, recoverOutput, STAGING_DIR, waitForWriters } from './transaction.js';
import type { Lock, LockOwner } from '../core/lock.js';

export interface BuildRunOptions extends WriteOptions {
  contracts: string;
  out: string;
  /** How the contracts folder is shown in diagnostics. */
  displayRoot: string;
  /** Where files come from; defaults to the contracts folder itself (tests wrap it). */
  source?: FileSource;
  /** Content-hash cache of earlier builds' output (src/core/content-cache.ts). */
  cache?: ContentCache;
  /** The configuration and baseline `check` reads: the build stops exactly when `check` fails. */
  config?: DiagnosticConfig;
  baseline?: Baseline;
  /** How long to wait while another build holds the output folder (default 10 minutes). */
  lockTimeoutMs?: number;
  /** Told once when another build holds the output folder and this one waits for it. */
  onWait?: (owner: LockOwner | undefined) => void;
}

const DEFAULT_LOCK_TIMEOUT_MS = 10 * 60 * 1000;

export type BuildRun =
  | { kind: 'refused'; result: Extract<BuildResult, { ok: false }> }
  | { kind: 'written'; paths: string[]; write: WriteResult; recovery?: ReturnType<typeof recoverOutput> }
  | { kind: 'compared'; paths: string[]; differences: OutputDifference[] };

export async function runBuild(options: BuildRunOptions, mode: 'write' | 'check' = 'write'): Promise<BuildRun> {
  const source = options.source ?? new FolderSource(options.contracts, options.displayRoot);
  const lockOptions = { timeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS, onWait: options.onWait };
  // Writers take the folder's lock and first repair what an interrupted run left, cached or
  // not; `--check` writes nothing, so it waits until no live build holds the lock.
  // A folder that does not exist yet is created (and locked) only once there is something to
  // write, so a refused build leaves no trace.
  let lock: Lock | undefined;
  if (mode === 'write' && existsSync(options.out)) lock = await lockOutput(options.out, lockOptions);
  else if (mode === 'check') await waitForWriters(options.out, lockOptions);
  try {
    let recovery = lock ? recoverOutput(options.out) : undefined;
    // Same inputs, same tool: the same output. The cache keeps the hash of every file the last
    // successful build generated from these inputs; when the output folder still holds exactly
    // those bytes there is nothing to generate, write or report.
    // The configuration decides whether the build stops, so it is part of the key.
    const key = options.cache ? cacheKey('build', { displayRoot: options.displayRoot, config: configKey(options.config), baseline: options.baseline ? [...options.baseline].sort() : [] }, source) : undefined;
    const expected = key ? options.cache!.get(key, isOutputHashes) : undefined;
    const current = expected ? outputMatching(options.out, expected) : undefined;
    if (current) {
      if (mode === 'check') return { kind: 'compared', paths: current, differences: checkOnly(options.out, current) };
      return { kind: 'written', paths: current, write: { written: [], unchanged: current, removed: [], kept: [] }, recovery };
    }
    const { buildModel } = await import('./build.js'); // the code generators load only when needed
    const result = await buildModel(loadContractSet(source), { displayRoot: options.displayRoot, cache: options.cache, ...(options.config ? { config: options.config } : {}), ...(options.baseline ? { baseline: options.baseline } : {}) });
    if (!result.ok) return { kind: 'refused', result };
    if (key) {
      // The manifest (the last file) already holds every other file's hash.
      const listed = parseManifest(result.files.find((f) => f.path === MANIFEST_FILE)?.content);
      options.cache!.set(key, Object.fromEntries(result.files.map((f) => [f.path, listed.get(f.path) ?? hashOf(f)])));
    }
    const paths = result.files.map((f) => f.path);
    if (mode === 'check') return { kind: 'compared', paths, differences: compareOutput(options.out, result.files) };
    if (!lock) {
      lock = await lockOutput(options.out, lockOptions);
      recovery = recoverOutput(options.out); // another build may have created it meanwhile
    }
    return { kind: 'written', paths, write: writeOutput(options.out, result.files, options), recovery };
  } finally {
    lock?.release();
  }
}

/** `--check` with the output known current from the cache: only an interruption or stray files can differ. */
function checkOnly(out: string, current: string[]): OutputDifference[] {
  const differences = strayEntries(out, current);
  if (interruption(out) !== 'none') differences.unshift({ path: STAGING_DIR, kind: 'interrupted' });
  return differences;
}

/** A cached build entry: generated path → content hash. Anything else is not a build entry. */
function isOutputHashes(value: unknown): value is Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.entries(value).every(([path, hash]) => isSafeRelativePath(path) && typeof hash === 'string' && /^sha256:[0-9a-f]{64}$/.test(hash));
}

/** The output paths, when every file the cache lists is on disk with exactly its recorded hash. */
function outputMatching(out: string, hashes: Record<string, string>): string[] | undefined {
  const paths = Object.keys(hashes).sort(byCodeUnit);
  for (const path of paths) {
    if (!isSafeRelativePath(path)) return undefined;
    try {
      if (contentHash(readFileSync(join(out, path))) !== hashes[path]) return undefined;
    } catch {
      return undefined;
    }
  }
  return paths.length ? paths : undefined;
}

/** True when `out` is `contracts` or inside it, following symbolic links of the parts that exist. */
export function isInside(contracts: string, out: string): boolean {
  const rel = relative(realish(contracts), realish(out));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The real path of the longest existing prefix, with the rest appended: works for folders not created yet. */
function realish(path: string): string {
  const absolute = resolve(path);
  let existing = absolute;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  try {
    return resolve(realpathSync(existing), relative(existing, absolute));
  } catch {
    return absolute;
  }
}

/** Everything of the configuration that decides the build's verdict, as plain data for a cache key. */
function configKey(config: DiagnosticConfig | undefined): unknown {
  if (!config) return null;
  return {
    extends: config.extends,
    rules: [...config.rules].sort(),
    ignore: config.ignore.map(({ rule, path, pointer }) => [rule, path, pointer ?? null]),
    file: config.file ?? null,
    failOn: config.failOn ?? null,
    compatibility: settingsKey(config.compatibility),
  };
}
