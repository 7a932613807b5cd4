/**
 * Fuzz harness: structural mutations of the bundled contract set and of event streams, driven
 * through check, build, diff and validate in-process. Every case must end with exit code 0 or 1,
 * a well-formed report, no stack trace, no read or write outside its folders, no network, and
 * within the time bound. See docs/robustness.md.
 *
 *   npm run fuzz -- [--runs N] [--seed S] [--workers W] [--timeout MS] [--from I] [--allow-refusal]
 *   npm run fuzz -- --seed S --case I [--keep DIR]     replay one case, keep its files
 *   npm run fuzz -- --soundness [--runs N] [--seed S] [--policy strict|lenient]
 *                                                     the schema comparison's soundness property
 *                                                     at scale (bench/soundness/run.ts)
 *   npm run fuzz -- --faults [--runs N] [--seed S] [--workers W] [--from I]
 *                                                      fault mode: kills, full disks, concurrent
 *                                                      builds, garbled caches (bench/fuzz/faults.ts;
 *                                                      needs the compiled CLI: npm run compile)
 *
 * `--allow-refusal` also accepts a clean one-line exit-2 refusal as an outcome (the default does
 * not: every case must end with 0 or 1). Prints cases run, failures found and the seed; exits 1
 * when a case failed.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { generateCase, materialize, writeTree, type CaseResult } from './fuzz/case.js';
import { loadCorpus } from './fuzz/corpus.js';
import { runFuzz } from './fuzz/run.js';
import { runSoundness } from './soundness/run.js';

interface Args {
  runs: number;
  seed: number;
  from: number;
  workers: number;
  timeout: number;
  allowRefusal: boolean;
  case?: number;
  keep?: string;
  corpus?: string;
  quiet: boolean;
  soundness: boolean;
  policy: 'strict' | 'lenient';
  faults: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { runs: 1000, seed: Math.floor(Math.random() * 0x7fffffff), from: 0, workers: Math.max(1, availableParallelism() - 1), timeout: 10_000, allowRefusal: false, quiet: false, soundness: false, policy: 'strict', faults: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const int = () => {
      const v = value();
      if (!/^-?[0-9]+$/.test(v)) throw new Error(`${flag} must be an integer, got "${v}"`);
      return Number(v);
    };
    if (flag === '--runs') args.runs = int();
    else if (flag === '--seed') args.seed = int();
    else if (flag === '--from') args.from = int();
    else if (flag === '--workers') args.workers = int();
    else if (flag === '--timeout') args.timeout = int();
    else if (flag === '--case') args.case = int();
    else if (flag === '--keep') args.keep = resolve(value());
    else if (flag === '--corpus') args.corpus = resolve(value());
    else if (flag === '--allow-refusal') args.allowRefusal = true;
    else if (flag === '--quiet') args.quiet = true;
    else if (flag === '--soundness') args.soundness = true;
    else if (flag === '--policy') {
      const v = value();
      if (v !== 'strict' && v !== 'lenient') throw new Error(`--policy must be strict or lenient, got "${v}"`);
      args.policy = v;
    }
    else if (flag === '--faults') args.faults = true;
    else throw new Error(`unknown flag ${flag} (see the header of bench/fuzz.ts)`);
  }
  return args;
}

function describe(result: CaseResult, seed: number): string {
  const lines = [`case ${result.index} (replay: npm run fuzz -- --seed ${seed} --case ${result.index} --keep /tmp/fuzz-case)`];
  for (const f of result.failures) {
    lines.push(`  ${f.command}${f.args.length ? ` [${f.args.join(' ')}]` : ''}: ${f.problems.join('; ')}`);
    if (f.excerpt) lines.push(...f.excerpt.split('\n').slice(0, 60).map((l) => `    | ${l}`));
  }
  return lines.join('\n');
}

/**
 * One case, run in a worker exactly as in a full run (same stack size, same time bound), with
 * stack traces for internal errors; --keep also writes its files (orig/, mut/, the stream).
 */
async function replay(args: Args): Promise<number> {
  const corpus = loadCorpus(args.corpus);
  const c = generateCase(args.seed, args.case!);
  process.stdout.write(`case ${args.case} of seed ${args.seed}:\n${JSON.stringify(c, null, 1).slice(0, 20_000)}\n`);
  if (args.keep) {
    const { original, mutated, stream } = materialize(corpus, c);
    rmSync(args.keep, { recursive: true, force: true });
    writeTree(resolve(args.keep, 'orig'), original);
    writeTree(resolve(args.keep, 'mut'), mutated);
    writeFileSync(resolve(args.keep, c.stream.container === 'ndjson' ? 'events.ndjson' : 'events.json'), stream);
    process.stdout.write(`files kept in ${args.keep} (orig/, mut/, events.*); run the commands there to inspect\n`);
  }
  let result: CaseResult | undefined;
  await runFuzz({ runs: 1, from: args.case!, seed: args.seed, workers: 1, timeoutMs: args.timeout, allowRefusal: args.allowRefusal, corpus: args.corpus, debug: true, onResult: (r) => void (result = r) });
  process.stdout.write(`${result!.timings.join('\n')}\n`);
  process.stdout.write(result!.failures.length ? `${describe(result!, args.seed)}\n` : `case ${args.case}: ok (${result!.ms.toFixed(0)} ms)\n`);
  return result!.failures.length ? 1 : 0;
}

async function faultMode(args: Args): Promise<number> {
  const { runFaults } = await import('./fuzz/faults.js');
  const scratch = resolve(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), `sguild-fuzz-faults-${process.pid}`);
  mkdirSync(scratch, { recursive: true });
  const started = performance.now();
  let failures = 0;
  try {
    const summary = await runFaults({
      corpus: loadCorpus(args.corpus),
      seed: args.seed,
      from: args.from,
      runs: args.runs,
      parallel: args.workers,
      scratch,
      onResult: (r, done) => {
        if (r.failures.length) {
          failures++;
          process.stdout.write(`case ${r.index} (${r.kind}: ${r.fault}; replay: npm run fuzz -- --faults --seed ${args.seed} --from ${r.index} --runs 1)\n${r.failures.map((f) => `  ${f}`).join('\n')}\n`);
        }
        if (!args.quiet && done % 25 === 0) process.stderr.write(`… ${done}/${args.runs} fault cases, ${failures} failed, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
      },
    });
    const kinds = Object.entries(summary.byKind).map(([k, v]) => `${k} ${v.cases} (${v.hit} hit)`).join(', ');
    const injected = Object.values(summary.byKind).reduce((n, v) => n + v.hit, 0);
    process.stdout.write(
      [
        `fault cases run: ${summary.runs} (cases ${args.from}..${args.from + summary.runs - 1}): ${kinds}`,
        `faults injected that hit: ${injected}`,
        `failures: ${summary.failed.length}`,
        `seed: ${args.seed} (replay the run: npm run fuzz -- --faults --runs ${summary.runs} --seed ${args.seed}${args.from ? ` --from ${args.from}` : ''})`,
        `time: ${(summary.totalMs / 1000).toFixed(1)} s, ${(summary.runs / (summary.totalMs / 1000)).toFixed(2)} cases/s`,
      ].join('\n') + '\n',
    );
    return summary.failed.length ? 1 : 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.soundness) {
    const summary = runSoundness(args.runs, args.seed, args.policy, (line) => process.stdout.write(`${line}\n`));
    return summary.unsound || summary.badWitnesses || summary.errors ? 1 : 0;
  }
  if (args.faults) return faultMode(args);
  if (args.case !== undefined) return replay(args);
  if (args.keep) {
    // --keep without --case: write the materialised first case for inspection.
    const { mutated } = materialize(loadCorpus(args.corpus), generateCase(args.seed, args.from));
    mkdirSync(args.keep, { recursive: true });
    writeTree(args.keep, mutated);
  }
  let lastReport = performance.now();
  const slowest: { index: number; ms: number }[] = [];
  const started = performance.now();
  let done = 0;
  let failures = 0;
  // A long run stopped early (Ctrl-C, kill) still says how far it got.
  const stop = (signal: string) => {
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`stopped by ${signal}: cases run: ${done}, failures: ${failures}, seed: ${args.seed}, ${(done / seconds).toFixed(1)} cases/s\n`);
    process.exit(failures ? 1 : 0);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  const summary = await runFuzz({
    runs: args.runs,
    seed: args.seed,
    from: args.from,
    workers: args.workers,
    timeoutMs: args.timeout,
    allowRefusal: args.allowRefusal,
    corpus: args.corpus,
    onResult: (result, count) => {
      done = count;
      if (result.failures.length) failures++;
      slowest.push({ index: result.index, ms: result.ms });
      slowest.sort((a, b) => b.ms - a.ms).splice(5);
      if (result.failures.length) process.stdout.write(`${describe(result, args.seed)}\n`);
      if (!args.quiet && performance.now() - lastReport > 60_000) {
        lastReport = performance.now();
        process.stderr.write(`… ${count}/${args.runs} cases, ${failures} failed, ${(count / ((lastReport - started) / 1000)).toFixed(1)} cases/s\n`);
      }
    },
  });
  const seconds = summary.totalMs / 1000;
  process.stdout.write(
    [
      `commands driven: ${summary.commands.join(', ') || '(none)'}`,
      `cases run: ${summary.runs} (cases ${summary.from}..${summary.from + summary.runs - 1}; ${summary.commandRuns} command runs, ${summary.refused} clean refusals)`,
      `failures: ${summary.failed.length} (timeouts: ${summary.timeouts})`,
      `seed: ${summary.seed} (replay the run: npm run fuzz -- --runs ${summary.runs} --seed ${summary.seed}${summary.from ? ` --from ${summary.from}` : ''})`,
      `time: ${seconds.toFixed(1)} s, ${(summary.runs / seconds).toFixed(1)} cases/s, slowest cases: ${slowest.map((s) => `#${s.index} ${(s.ms / 1000).toFixed(2)} s`).join(', ')}`,
    ].join('\n') + '\n',
  );
  return summary.failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`fuzz: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
