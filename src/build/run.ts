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
import { contentHash, isSafeRelativePath } from './manifest.js';
import { byCodeUnit } from './type-plan.js';
import { compareOutput, writeOutput, type OutputDifference, type WriteOptions, type WriteResult } from './output.js';

export interface BuildRunOptions extends WriteOptions {
  contracts: string;
  out: string;
  /** How the contracts folder is shown in diagnostics. */
  displayRoot: string;
  /** Where files come from; defaults to the contracts folder itself (tests wrap it). */
  source?: FileSource;
  /** Content-hash cache of earlier builds' output (src/core/content-cache.ts). */
  cache?: ContentCache;
}

export type BuildRun =
  | { kind: 'refused'; result: Extract<BuildResult, { ok: false }> }
  | { kind: 'written'; paths: string[]; write: WriteResult }
  | { kind: 'compared'; paths: string[]; differences: OutputDifference[] };

export async function runBuild(options: BuildRunOptions, mode: 'write' | 'check' = 'write'): Promise<BuildRun> {
  const source = options.source ?? new FolderSource(options.contracts, options.displayRoot);
  // Same inputs, same tool: the same output. The cache keeps the hash of every file the last
  // successful build generated from these inputs; when the output folder still holds exactly
  // those bytes there is nothing to generate, write or report.
  const key = options.cache ? cacheKey('build', { displayRoot: options.displayRoot }, source) : undefined;
  const expected = key ? options.cache!.get<Record<string, string>>(key) : undefined;
  const current = expected ? outputMatching(options.out, expected) : undefined;
  if (current) {
    if (mode === 'check') return { kind: 'compared', paths: current, differences: [] };
    return { kind: 'written', paths: current, write: { written: [], unchanged: current, removed: [], kept: [] } };
  }
  const { buildModel } = await import('./build.js'); // the code generators load only when needed
  const result = await buildModel(loadContractSet(source), { displayRoot: options.displayRoot, cache: options.cache });
  if (!result.ok) return { kind: 'refused', result };
  if (key) options.cache!.set(key, Object.fromEntries(result.files.map((f) => [f.path, contentHash(f.content)])));
  const paths = result.files.map((f) => f.path);
  if (mode === 'check') return { kind: 'compared', paths, differences: compareOutput(options.out, result.files) };
  return { kind: 'written', paths, write: writeOutput(options.out, result.files, options) };
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
