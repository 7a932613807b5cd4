/**
 * One build of a contracts folder into an output folder: load, check, generate, then write
 * (or, for `--check`, compare). Returns what happened; the CLI decides what to print.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { loadContractSet } from '../load/loader.js';
import { FolderSource, type FileSource } from '../load/source.js';
import { buildModel, type BuildResult } from './build.js';
import type { GeneratedFile } from './generator-types.js';
import { compareOutput, writeOutput, type OutputDifference, type WriteOptions, type WriteResult } from './output.js';

export interface BuildRunOptions extends WriteOptions {
  contracts: string;
  out: string;
  /** How the contracts folder is shown in diagnostics. */
  displayRoot: string;
  /** Where files come from; defaults to the contracts folder itself (tests wrap it). */
  source?: FileSource;
}

export type BuildRun =
  | { kind: 'refused'; result: Extract<BuildResult, { ok: false }> }
  | { kind: 'written'; files: GeneratedFile[]; write: WriteResult }
  | { kind: 'compared'; files: GeneratedFile[]; differences: OutputDifference[] };

export async function runBuild(options: BuildRunOptions, mode: 'write' | 'check' = 'write'): Promise<BuildRun> {
  const model = loadContractSet(options.source ?? new FolderSource(options.contracts, options.displayRoot));
  const result = await buildModel(model, { displayRoot: options.displayRoot });
  if (!result.ok) return { kind: 'refused', result };
  if (mode === 'check') return { kind: 'compared', files: result.files, differences: compareOutput(options.out, result.files) };
  return { kind: 'written', files: result.files, write: writeOutput(options.out, result.files, options) };
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
