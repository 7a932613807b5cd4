/**
 * A fuzz worker thread: loads the corpus once, then runs the cases the main thread sends. A case
 * that never returns (a hang) is ended from outside by terminating this thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createContext, generateCase, runCase } from './case.js';
import { loadCorpus } from './corpus.js';

interface Data {
  seed: number;
  dir: string;
  corpus?: string;
  allowRefusal: boolean;
  debug: boolean;
}

const data = workerData as Data;
const ctx = await createContext(loadCorpus(data.corpus), data.dir, data.allowRefusal, data.debug);
parentPort!.postMessage({ type: 'ready', commands: [...ctx.available.commands.keys()] });
parentPort!.on('message', async (message: { type: 'case'; index: number }) => {
  let result;
  try {
    result = await runCase(ctx, message.index, generateCase(data.seed, message.index));
  } catch (error) {
    // The harness itself failed on this case: report it like a finding, with the stack.
    result = { index: message.index, ms: 0, ran: 0, refused: 0, violations: [], timings: [], failures: [{ command: 'case', args: [], problems: ['the harness threw'], excerpt: error instanceof Error ? String(error.stack) : String(error) }] };
  }
  parentPort!.postMessage({ type: 'result', result });
});
