/**
 * A check's whole answer (what it printed, its exit code), kept in the content-hash cache
 * (src/core/content-cache.ts) under everything the answer depends on: the tool's code, the
 * flags, the working folder, the contract set's folder, whether output is coloured, the bytes of the configuration and of
 * the baseline, and every file of the contract set. An unchanged check then prints the answer
 * again without loading the rules, the model or the formatters. Only runs that write nothing
 * but standard output and standard error are answered so (src/cli/run-check.ts decides), and an
 * entry is verified like every other: a damaged one is a miss and the check runs.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cacheKey } from '../core/content-cache.js';
import type { FileSource } from '../load/source.js';

export interface Answer {
  stdout: string;
  stderr: string;
  code: number;
}

export interface AnswerInputs {
  /** The command's flags as parsed. */
  options: object;
  cwd: string;
  /** The contract set's folder, and the path reports show for it. */
  contractsDir: string;
  displayRoot: string;
  color: boolean;
  configPath?: string;
  baselinePath?: string;
  source: FileSource;
}

/** The key of the answer to a check with these inputs; undefined when one cannot be read (the check then runs, uncached). */
export function answerKey(inputs: AnswerInputs): string | undefined {
  const config = fileHash(inputs.configPath);
  const baseline = fileHash(inputs.baselinePath);
  if (config === undefined || baseline === undefined) return undefined;
  return cacheKey('check-answer', { options: inputs.options, cwd: inputs.cwd, contractsDir: inputs.contractsDir, displayRoot: inputs.displayRoot, color: inputs.color, configPath: inputs.configPath ?? '', config, baselinePath: inputs.baselinePath ?? '', baseline }, inputs.source);
}

function fileHash(path: string | undefined): string | undefined {
  if (path === undefined) return '-';
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return undefined;
  }
}

/** The schema of a stored answer: anything else is a miss. */
export function isAnswer(value: unknown): value is Answer {
  if (value === null || typeof value !== 'object') return false;
  const { stdout, stderr, code } = value as Record<string, unknown>;
  return Object.keys(value).length === 3 && typeof stdout === 'string' && typeof stderr === 'string' && (code === 0 || code === 1 || code === 2);
}
