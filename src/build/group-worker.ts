/**
 * A worker thread of `build` (src/build/validators.ts): generates the standalone validator code
 * (and the group's files, src/build/group-files.ts) of the groups it is sent, one at a time, from its own copy of the contract set's schema files,
 * exactly as the main thread would (each group from a fresh compiler, so where a group is
 * generated does not change its code). For each `{ index, job }` it receives it posts
 * `{ index, output }`, or `{ error }` when generation fails. Posting each group as soon as it is
 * done keeps one group's code at a time in the worker, not its whole share.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadContractSet } from '../load/loader.js';
import { MemorySource } from '../load/source.js';
import { generateJob, type GroupJob } from './validators.js';

interface Input {
  label: string;
  files: [string, string][];
}

const input = workerData as Input;
const encoder = new TextEncoder();
const model = loadContractSet(new MemorySource(input.label, new Map(input.files.map(([path, text]) => [path, encoder.encode(text)]))));
parentPort!.on('message', ({ index, job }: { index: number; job: GroupJob }) => {
  try {
    parentPort!.postMessage({ index, output: generateJob(model, job) });
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
