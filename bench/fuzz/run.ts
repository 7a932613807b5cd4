/**
 * Runs many fuzz cases over worker threads (so a hanging case can be stopped and counted) and
 * aggregates the findings. Case `i` depends only on (seed, i): results do not depend on the
 * number of workers or on timing, and any failing case replays alone with `--case i`.
 */
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CaseFailure, CaseResult } from './case.js';

export interface FuzzOptions {
  runs: number;
  seed: number;
  /** First case index (to resume or shard a long run). */
  from?: number;
  workers: number;
  /** A case that takes longer than this is a failure (the worker is stopped and replaced). */
  timeoutMs: number;
  allowRefusal: boolean;
  corpus?: string;
  /** Ask the CLI for stack traces of internal errors (replays). */
  debug?: boolean;
  onResult?: (result: CaseResult, done: number) => void;
}

export interface FuzzSummary {
  seed: number;
  from: number;
  runs: number;
  failed: CaseResult[];
  timeouts: number;
  refused: number;
  commandRuns: number;
  commands: string[];
  slowestMs: number;
  totalMs: number;
}

/**
 * Every case writes and removes a few hundred small files: on a memory file system (Linux's
 * /dev/shm) that costs a fraction of a disk's time. TMPDIR, when set, wins.
 */
function scratchParent(): string {
  if (process.env.TMPDIR) return tmpdir();
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

const WORKER = new URL('./worker.ts', import.meta.url);

/** Workers do not inherit tsx's loader, so each registers it before importing the worker module. */
function startWorker(data: object): Worker {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const source = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(WORKER.href)});`;
    // The CLI runs on the main thread's ~1 MB stack; a worker's default is 4 MB, which would let
  // deep recursion go further (and slower) than it ever does for users. 1.165 MB gives a worker
  // the main thread's usable depth (node keeps ~190 KB of a worker's stack in reserve).
  return new Worker(source, { eval: true, workerData: data, stdout: false, stderr: false, resourceLimits: { stackSizeMb: 1.165 } });
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const from = options.from ?? 0;
  const end = from + options.runs;
  const scratch = mkdtempSync(join(scratchParent(), 'sguild-fuzz-'));
  // Also when the run is stopped with process.exit (bench/fuzz.ts on SIGINT/SIGTERM).
  const cleanUp = () => {
    try {
      rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // A worker still writing when the run is stopped: best effort, the folder is in tmp.
    }
  };
  process.once('exit', cleanUp);
  const failed: CaseResult[] = [];
  let next = from;
  let done = 0;
  let timeouts = 0;
  let refused = 0;
  let commandRuns = 0;
  let slowestMs = 0;
  let commands: string[] = [];
  const started = performance.now();

  const lane = (id: number) =>
    new Promise<void>((finish, fail) => {
      let worker: Worker;
      let current = -1;
      let timer: NodeJS.Timeout | undefined;
      const spawn = () => {
        worker = startWorker({ seed: options.seed, dir: join(scratch, `w${id}`), corpus: options.corpus, allowRefusal: options.allowRefusal, debug: options.debug ?? false });
        worker.on('message', (message: { type: string; result?: CaseResult; commands?: string[] }) => {
          if (message.type === 'ready') {
            commands = message.commands ?? [];
            feed();
          } else if (message.type === 'result') {
            clearTimeout(timer);
            record(message.result!);
            feed();
          }
        });
        worker.on('error', (error) => {
          clearTimeout(timer);
          if (current >= 0) {
            record({ index: current, ms: 0, ran: 0, refused: 0, violations: [], timings: [], failures: [{ command: 'case', args: [], problems: ['the worker died'], excerpt: String(error?.stack ?? error) }] });
            spawn();
          } else fail(error);
        });
      };
      const record = (result: CaseResult) => {
        current = -1;
        done++;
        commandRuns += result.ran;
        refused += result.refused;
        slowestMs = Math.max(slowestMs, result.ms);
        if (result.failures.length) failed.push(result);
        options.onResult?.(result, done);
      };
      const feed = () => {
        if (next >= end) {
          void worker.terminate().then(() => finish());
          return;
        }
        current = next++;
        const index = current;
        timer = setTimeout(() => {
          timeouts++;
          const failure: CaseFailure = { command: 'case', args: [], problems: [`did not finish within ${options.timeoutMs} ms (hang or runaway)`], excerpt: '' };
          record({ index, ms: options.timeoutMs, ran: 0, refused: 0, violations: [], timings: [], failures: [failure] });
          worker.removeAllListeners();
          void worker.terminate();
          spawn();
        }, options.timeoutMs);
        worker.postMessage({ type: 'case', index });
      };
      spawn();
    });

  try {
    await Promise.all(Array.from({ length: Math.max(1, options.workers) }, (_, i) => lane(i)));
  } finally {
    cleanUp();
    process.off('exit', cleanUp);
  }
  failed.sort((a, b) => a.index - b.index);
  return { seed: options.seed, from, runs: done, failed, timeouts, refused, commandRuns, commands, slowestMs, totalMs: performance.now() - started };
}
