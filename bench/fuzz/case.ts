/**
 * One fuzz case: pick a scope of the bundled set, mutate it in memory, write it (and the
 * untouched scope, for diff) to a scratch folder, run every available command on it, and judge
 * the results. Each case is generated from its own seed, so any one can be replayed alone.
 */
import fc from 'fast-check';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { detectCommands, invoke, judge, type Available, type CommandName, type Run } from './commands.js';
import { REPO_ROOT, scopeOf, type Corpus, type Files } from './corpus.js';
import { buildStream, streamSpec, type StreamSpec } from './events.js';
import { codeRoots, guarded, type Violation } from './guard.js';
import { applyMutations, mutation, type Mutation } from './mutate.js';
import { pick } from './pools.js';

export interface FuzzCase {
  scope: 'full' | number[];
  mutations: Mutation[];
  stream: StreamSpec;
  /** Drives the choices that are not about the input: report formats, repeat runs. */
  pick: number;
}

export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.record({
  scope: fc.oneof({ weight: 1, arbitrary: fc.constant('full' as const) }, { weight: 4, arbitrary: fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 3 }) }),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
  stream: streamSpec,
  pick: fc.nat({ max: 1_000_000 }),
});

/** The seed of case `index` in a run seeded with `seed` (splitmix32-style mixing). */
export function caseSeed(seed: number, index: number): number {
  let z = (seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) | 0;
}

export function generateCase(seed: number, index: number): FuzzCase {
  return fc.sample(fuzzCase, { seed: caseSeed(seed, index), numRuns: 1 })[0]!; // one run, one sample
}

export interface CaseFailure {
  command: CommandName | 'case';
  args: string[];
  problems: string[];
  excerpt: string;
}

export interface CaseResult {
  index: number;
  ms: number;
  failures: CaseFailure[];
  /** Commands that ran, and how many refused the input with a clean exit-2 message. */
  ran: number;
  refused: number;
  violations: Violation[];
  /** Milliseconds per command run, in order, for the replay report. */
  timings: string[];
}

export interface CaseContext {
  corpus: Corpus;
  available: Available;
  /** Scratch folder owned by this runner; emptied before every case. */
  dir: string;
  /** Accept a clean `exit 2` refusal (a one-line message, no stack) as a legitimate outcome. */
  allowRefusal: boolean;
  /** Replays: ask the CLI for stack traces of internal errors (SGUILD_CONTRACTS_DEBUG). */
  debug?: boolean;
}

export async function createContext(corpus: Corpus, dir: string, allowRefusal: boolean, debug = false): Promise<CaseContext> {
  mkdirSync(dir, { recursive: true });
  const ctx: CaseContext = { corpus, available: await detectCommands(dir), dir, allowRefusal, debug };
  // Warm up: the first run of each command loads (and tsx compiles) its modules, which must not
  // count against the first case's time bound.
  await runCase(ctx, -1, { scope: [0], mutations: [], stream: { count: 2, container: 'ndjson', via: 'file', ops: [] }, pick: 1 });
  return ctx;
}

const PROTO_KEYS = (o: object) => Object.getOwnPropertyNames(o).sort().join(',');
const OBJECT_KEYS = PROTO_KEYS(Object.prototype);
const ARRAY_KEYS = PROTO_KEYS(Array.prototype);

/** The mutated tree, the untouched scope and the event stream, as they are written for the case. */
export function materialize(corpus: Corpus, c: FuzzCase): { original: Files; mutated: Files; stream: Uint8Array } {
  const chosen = c.scope === 'full' || !corpus.contracts.length ? 'full' : [...new Set(c.scope.map((n) => pick(corpus.contracts, n)!))].sort();
  const original = scopeOf(corpus, chosen);
  const inScope = chosen === 'full' ? corpus.contracts : chosen;
  const mutated = applyMutations(original, c.mutations, inScope);
  return { original, mutated, stream: buildStream(mutated, c.stream) };
}

/** Writes the files and returns the ones that are there (what later runs must leave untouched). */
export function writeTree(root: string, files: Files): Files {
  const written: Files = new Map();
  for (const [path, bytes] of files) {
    const target = join(root, path);
    const key = relative(root, target);
    if (key === '' || key.startsWith('..')) continue;
    try {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, bytes);
      written.set(key, bytes); // keyed as on disk, so two spellings of one path are one file
    } catch {
      // a path that clashes with a folder of the same name: that file simply is not there
    }
  }
  return written;
}

function readTree(root: string, rel = '', out: Files = new Map()): Files {
  for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) readTree(root, path, out);
    else out.set(path, new Uint8Array(readFileSync(join(root, path))));
  }
  return out;
}

function sameTree(a: Files, b: Files): string | undefined {
  for (const [path, bytes] of a) {
    const other = b.get(path);
    if (!other) return `${path} disappeared`;
    if (Buffer.compare(Buffer.from(bytes), Buffer.from(other)) !== 0) return `${path} was modified`;
  }
  for (const path of b.keys()) if (!a.has(path)) return `${path} appeared`;
  return undefined;
}

export async function runCase(ctx: CaseContext, index: number, c: FuzzCase): Promise<CaseResult> {
  const started = performance.now();
  const { dir, available } = ctx;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { original, mutated, stream } = materialize(ctx.corpus, c);
  const onDiskOrig = writeTree(join(dir, 'orig'), original);
  const onDiskMut = writeTree(join(dir, 'mut'), mutated);
  const streamName = c.stream.container === 'ndjson' ? 'events.ndjson' : 'events.json';
  writeFileSync(join(dir, streamName), stream);

  const failures: CaseFailure[] = [];
  let ran = 0;
  let refused = 0;
  const timings: string[] = [];
  const pickFormat = (name: CommandName, salt: number) => {
    const formats = available.commands.get(name)?.formats ?? [];
    return formats.length ? formats[(c.pick + salt) % formats.length] : undefined;
  };
  const repeat = c.pick % 8 === 0; // one case in eight re-runs everything: output must be byte-identical

  const plans: { command: CommandName; args: string[]; format?: string; stdin?: Uint8Array }[] = [];
  if (available.commands.has('check')) {
    const format = pickFormat('check', 0);
    // One case in three also gates on breaking changes against the untouched scope (check --base).
    const base = c.pick % 3 === 1 && /--base\b/.test(available.commands.get('check')!.help) ? ['--base', 'orig'] : [];
    plans.push({ command: 'check', args: ['check', '--contracts', 'mut', ...(format ? ['--format', format] : []), ...base], format });
  }
  if (available.commands.has('build')) {
    // One case in four compares instead of writing (build --check), on an empty output folder.
    const compare = c.pick % 4 === 3 && /--check\b/.test(available.commands.get('build')!.help) ? ['--check'] : [];
    plans.push({ command: 'build', args: ['build', '--contracts', 'mut', '--out', 'out', ...compare] });
  }
  if (available.commands.has('diff')) {
    const format = pickFormat('diff', 1);
    plans.push({ command: 'diff', args: ['diff', 'orig', 'mut', ...(format ? ['--format', format] : [])], format });
  }
  if (available.commands.has('validate')) {
    const format = pickFormat('validate', 2);
    const viaStdin = c.stream.via === 'stdin';
    plans.push({
      command: 'validate',
      args: [
        'validate',
        '--contracts',
        'mut',
        ...(format ? ['--format', format] : []),
        // Sometimes force NDJSON reading, or a tiny event size limit.
        ...(c.pick % 5 === 1 && /--ndjson\b/.test(available.commands.get('validate')!.help) ? ['--ndjson'] : []),
        ...(c.pick % 7 === 2 && /--max-event-size\b/.test(available.commands.get('validate')!.help) ? ['--max-event-size', '200'] : []),
        viaStdin ? '-' : streamName,
      ],
      format,
      stdin: viaStdin ? stream : undefined,
    });
  }

  // The issue-17 commands: the catalog into a folder of its own under out/, the AsyncAPI document
  // on stdout, and the stream traced against the mutated set's flows.
  if (available.commands.has('catalog')) plans.push({ command: 'catalog', args: ['catalog', '--contracts', 'mut', '--out', join('out', 'catalog')] });
  if (available.commands.has('export')) plans.push({ command: 'export', args: ['export', 'asyncapi', '--contracts', 'mut'] });
  if (available.commands.has('trace')) {
    const viaStdin = c.stream.via === 'stdin';
    plans.push({ command: 'trace', args: ['trace', '--contracts', 'mut', ...(c.pick % 2 ? ['--format', 'json'] : []), viaStdin ? '-' : streamName], stdin: viaStdin ? stream : undefined });
  }

  const roots = { read: [dir, ...codeRoots(REPO_ROOT)], write: [join(dir, 'out')] };
  const { violations } = await guarded(roots, async () => {
    for (const plan of plans) {
      const first = await invoke(plan.args, dir, plan.stdin, ctx.debug);
      const run: Run = { command: plan.command, args: plan.args, ...first };
      ran++;
      timings.push(`${plan.command} ${run.ms.toFixed(0)} ms (exit ${run.code})`);
      const problems = judge(run, plan.format, { allowRefusal: ctx.allowRefusal });
      if (run.code === 2 && !problems.length) refused++;
      if (repeat && !problems.length) {
        const again = await invoke(plan.args, dir, plan.stdin, ctx.debug);
        const stable = plan.command === 'build' || plan.command === 'catalog' ? again.code === run.code : again.code === run.code && again.stdout === run.stdout && again.stderr === run.stderr;
        if (!stable) problems.push('a second run gave different output');
      }
      if (problems.length) failures.push({ command: plan.command, args: plan.args, problems, excerpt: excerpt(run) });
    }
  });

  const caseProblems: string[] = [];
  for (const v of violations) caseProblems.push(`${v.kind} outside the allowed folders: ${v.call}(${v.what})`);
  const origChange = sameTree(onDiskOrig, readTree(join(dir, 'orig')));
  const mutChange = sameTree(onDiskMut, readTree(join(dir, 'mut')));
  if (origChange) caseProblems.push(`input changed: orig/${origChange}`);
  if (mutChange) caseProblems.push(`input changed: mut/${mutChange}`);
  const stray = readdirSync(dir).filter((n) => !['orig', 'mut', 'out', streamName].includes(n));
  if (stray.length) caseProblems.push(`unexpected files in the working folder: ${stray.join(', ')}`);
  if (existsSync(join(dir, 'out'))) {
    const leftovers = [...readTree(join(dir, 'out')).keys()].filter((p) => p.endsWith('.tmp'));
    if (leftovers.length) caseProblems.push(`temporary files left in the output: ${leftovers.join(', ')}`);
  }
  if (PROTO_KEYS(Object.prototype) !== OBJECT_KEYS || PROTO_KEYS(Array.prototype) !== ARRAY_KEYS || ({} as Record<string, unknown>).polluted !== undefined) {
    caseProblems.push('Object.prototype or Array.prototype was modified (prototype pollution)');
  }
  if (caseProblems.length) failures.push({ command: 'case', args: [], problems: caseProblems, excerpt: '' });
  return { index, ms: performance.now() - started, failures, ran, refused, violations, timings };
}

function excerpt(run: { code: number; stdout: string; stderr: string }): string {
  const cut = (s: string) => (s.length > 1500 ? `${s.slice(0, 1500)}…` : s);
  return `exit ${run.code}\n--- stdout\n${cut(run.stdout)}\n--- stderr\n${cut(run.stderr)}`;
}
