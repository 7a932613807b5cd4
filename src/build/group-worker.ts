/**
 * A worker thread of `build` (src/build/validators.ts): generates the standalone validator code
 * of the groups it is given, from its own copy of the contract set's schema files, exactly as the
 * main thread would (each group from a fresh compiler, so where a group is generated does not
 * change its code). Posts one message: `{ outputs }` in the order of the groups, or `{ error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadContractSet } from '../load/loader.js';
import { MemorySource } from '../load/source.js';
import { generateGroup, type GroupJob } from './validators.js';

interface Input {
  label: string;
  files: [string, string][];
  jobs: GroupJob[];
}

const input = workerData as Input;
const encoder = new TextEncoder();
try {
  const model = loadContractSet(new MemorySource(input.label, new Map(input.files.map(([path, text]) => [path, encoder.encode(text)]))));
  const outputs = input.jobs.map((job) => generateGroup(model, job.members, job.envelope ? () => 'envelope' : (i) => `v${i}`));
  parentPort!.postMessage({ outputs });
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
