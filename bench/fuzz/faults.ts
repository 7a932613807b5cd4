/**
 * The fuzz harness's fault mode (`npm run fuzz -- --faults`): damaged runs rather than damaged
 * input. Each case takes a fuzz case's untouched scope (the old contracts) and its mutation (the
 * new ones), builds the old set, switches the contracts to the new one, and then injects one
 * fault into the next run, drawn from the case's seed:
 *
 * - kill: the build SIGKILLs itself at a random file step (SGUILD_CONTRACTS_TEST_KILL_AT);
 * - full disk: the output folder is a tiny tmpfs (when `mount -t tmpfs` works here), or a random
 *   file step fails with ENOSPC (SGUILD_CONTRACTS_TEST_FAIL_AT);
 * - concurrent: two or three builds (cached and uncached) start together;
 * - cache: cache entries are garbled at random bytes or rewritten with valid but wrong JSON.
 *
 * After the fault, the output folder must be the whole old set, the whole new set or a decided
 * switch (src/build/transaction.ts); the next build must end with exactly the output an uncached
 * build of the new set gives; `check` through the (damaged) cache must print exactly what an
 * uncached `check` prints; and nothing temporary may be left. Runs the compiled CLI (lib/) in
 * child processes: kills need a real process.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { caseSeed, generateCase, materialize, writeTree } from './case.js';
import { REPO_ROOT, type Corpus } from './corpus.js';

const BIN = join(REPO_ROOT, 'bin', 'sguild-contracts.js');
const STAGING = '.sguild-contracts-staging';
const LOCK = '.sguild-contracts.lock';

export type FaultKind = 'kill' | 'full-disk' | 'concurrent' | 'cache';
const KINDS: readonly FaultKind[] = ['kill', 'full-disk', 'concurrent', 'cache'];

export interface FaultResult {
  index: number;
  kind: FaultKind;
  /** What was injected, for the report: "kill at step 7", "tmpfs of 48 KiB", … */
  fault: string;
  failures: string[];
  /** Whether the injected fault actually hit (a kill point past the end of the run does not). */
  hit: boolean;
}

interface Child {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Child> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => void (stdout += c));
    child.stderr.on('data', (c: Buffer) => void (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Every file below `dir` with a short hash of its bytes. */
function hashed(dir: string, rel = '', out: Record<string, string> = {}): Record<string, string> {
  if (!existsSync(join(dir, rel))) return out;
  for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) hashed(dir, path, out);
    else out[path] = createHash('sha256').update(readFileSync(join(dir, path))).digest('hex').slice(0, 16);
  }
  return out;
}

const same = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
const visible = (tree: Record<string, string>) => Object.fromEntries(Object.entries(tree).filter(([p]) => !p.startsWith(`${STAGING}/`) && p !== LOCK));

let tmpfsWorks: boolean | undefined;
function canMountTmpfs(probe: string): boolean {
  if (tmpfsWorks === undefined) {
    mkdirSync(probe, { recursive: true });
    tmpfsWorks = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]).status === 0;
    if (tmpfsWorks) spawnSync('umount', [probe]);
    rmSync(probe, { recursive: true, force: true });
  }
  return tmpfsWorks;
}

export async function runFaultCase(corpus: Corpus, seed: number, index: number, scratch: string): Promise<FaultResult> {
  const rng = fc.sample(fc.record({ kind: fc.constantFrom(...KINDS), step: fc.integer({ min: 1, max: 60 }), size: fc.integer({ min: 8, max: 160 }), tmpfs: fc.boolean(), builders: fc.integer({ min: 2, max: 3 }), garbles: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), wrong: fc.nat({ max: 4 }), valid: fc.boolean() }), { seed: caseSeed(seed ^ 0x5eed, index), numRuns: 1 })[0]!; // one run, one sample
  // The whole corpus, so the old set always builds (narrowed scopes of a set with flows may not).
  const materialized = materialize(corpus, { ...generateCase(seed, index), scope: 'full' });
  const original = materialized.original;
  // Half the cases change the set validly (a description edited, so every output changes and the
  // build writes); the others take the fuzz mutation, which often breaks the set (build refuses).
  const mutated = rng.valid ? editedDescriptions(original, index) : materialized.mutated;
  const dir = join(scratch, `fault-${index}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  const failures: string[] = [];
  const result: FaultResult = { index, kind: rng.kind, fault: '', failures, hit: true };
  const out = join(dir, 'dist');

  // The old output, built from the untouched scope; then the contracts become the mutated set.
  writeTree(join(dir, 'contracts'), original);
  const first = await run(['build'], dir, { SGUILD_CONTRACTS_NO_CACHE: '1' });
  if (first.code !== 0) {
    failures.push(`the untouched scope did not build (exit ${first.code}): ${first.stderr.slice(0, 300)}`);
    return result;
  }
  const oldTree = hashed(out);
  rmSync(join(dir, 'contracts'), { recursive: true, force: true });
  writeTree(join(dir, 'contracts'), mutated);

  // The reference: an uncached build of the new set over a copy of the old output, and an uncached check.
  const ref = join(dir, 'reference');
  mkdirSync(ref);
  cpSync(out, join(ref, 'dist'), { recursive: true });
  cpSync(join(dir, 'contracts'), join(ref, 'contracts'), { recursive: true });
  const refBuild = await run(['build'], ref, { SGUILD_CONTRACTS_NO_CACHE: '1' });
  const newTree = hashed(join(ref, 'dist'));
  const refCheck = await run(['check', '--format', 'json'], ref, { SGUILD_CONTRACTS_NO_CACHE: '1' });
  rmSync(ref, { recursive: true, force: true });

  const whole = (when: string) => {
    const tree = hashed(out);
    if (existsSync(join(out, STAGING, 'commit.json'))) return; // a decided switch: the next build finishes it
    const seen = visible(tree);
    if (!same(seen, oldTree) && !same(seen, newTree)) failures.push(`${when}: the output is neither the whole old set nor the whole new one`);
  };

  if (rng.kind === 'kill') {
    result.fault = `kill at step ${rng.step}`;
    const killed = await run(['build'], dir, { SGUILD_CONTRACTS_TEST_KILL_AT: String(rng.step), ...(rng.tmpfs ? {} : { SGUILD_CONTRACTS_NO_CACHE: '1' }) });
    result.hit = killed.signal === 'SIGKILL';
    if (!result.hit && killed.code !== refBuild.code) failures.push(`an unkilled build exited ${killed.code}, the reference ${refBuild.code}`);
    whole(`after a kill at step ${rng.step}`);
  } else if (rng.kind === 'full-disk') {
    const mountPoint = out;
    if (rng.tmpfs && canMountTmpfs(join(scratch, 'probe'))) {
      // The old output moves onto a tmpfs just big enough to hold it plus `size` KiB.
      const saved = join(dir, 'saved');
      cpSync(out, saved, { recursive: true });
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out);
      // tmpfs rounds every file up to a 4 KiB page: room for the old files as stored, plus `size` KiB.
      const size = Object.keys(oldTree).reduce((n, p) => n + 4 * Math.ceil(readFileSync(join(saved, p)).length / 4096), 0) + rng.size;
      if (spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}k`, 'tmpfs', mountPoint]).status !== 0) {
        failures.push('mounting the tmpfs failed');
        return result;
      }
      try {
        cpSync(saved, out, { recursive: true });
        result.fault = `tmpfs of ${size} KiB`;
        const full = await run(['build'], dir, { SGUILD_CONTRACTS_NO_CACHE: '1' });
        result.hit = full.code === 2;
        if (full.code === 2 && !full.stderr.startsWith('sguild-contracts: cannot write to dist: ENOSPC')) failures.push(`a full disk gave: ${full.stderr.slice(0, 200)}`);
        if (full.code !== 2 && full.code !== refBuild.code) failures.push(`build on the tmpfs exited ${full.code}, the reference ${refBuild.code}`);
        whole('after a full disk');
        // Recovery needs room: copy what is there off the tmpfs, unmount, go on on the real disk.
        rmSync(saved, { recursive: true, force: true });
        cpSync(out, saved, { recursive: true });
      } finally {
        spawnSync('umount', [mountPoint]);
      }
      rmSync(out, { recursive: true, force: true });
      cpSync(saved, out, { recursive: true });
    } else {
      result.fault = `ENOSPC at step ${rng.step}`;
      const full = await run(['build'], dir, { SGUILD_CONTRACTS_TEST_FAIL_AT: `${rng.step}:ENOSPC`, SGUILD_CONTRACTS_NO_CACHE: '1' });
      result.hit = full.code === 2;
      if (full.code === 2 && full.stderr !== 'sguild-contracts: cannot write to dist: ENOSPC (write)\n') failures.push(`an injected ENOSPC gave: ${full.stderr.slice(0, 200)}`);
      if (full.code !== 2 && full.code !== refBuild.code) failures.push(`build exited ${full.code}, the reference ${refBuild.code}`);
      whole(`after ENOSPC at step ${rng.step}`);
    }
  } else if (rng.kind === 'concurrent') {
    result.fault = `${rng.builders} builds at once`;
    const runs = await Promise.all(Array.from({ length: rng.builders }, (_, i) => run(['build'], dir, i % 2 ? { SGUILD_CONTRACTS_NO_CACHE: '1' } : {})));
    for (const r of runs) if (r.code !== refBuild.code) failures.push(`a concurrent build exited ${r.code}, the reference ${refBuild.code}: ${r.stderr.slice(0, 200)}`);
    if (!same(hashed(out), newTree)) failures.push('after concurrent builds the output is not the new set');
  } else {
    // Fill the cache, then damage its entries.
    await run(['check', '--format', 'json'], dir);
    await run(['build'], dir);
    const cache = join(dir, 'node_modules', '.cache', 'sguild-contracts');
    const entries = existsSync(cache) ? readdirSync(cache, { recursive: true }).map(String).filter((p) => p.endsWith('.json')).sort() : [];
    const damage: string[] = [];
    for (const [i, entry] of entries.entries()) {
      const path = join(cache, entry);
      const bytes = readFileSync(path);
      if (rng.wrong === 0 || !bytes.length) {
        for (const g of rng.garbles) {
          const at = (g + i * 7919) % Math.max(1, bytes.length);
          const byte = bytes[at]; // none in an empty file
          if (byte !== undefined) bytes[at] = byte ^ (1 + (g % 255));
        }
        writeFileSync(path, bytes);
        damage.push(`${rng.garbles.length} bytes`);
      } else {
        const newline = bytes.indexOf(0x0a);
        const header = newline > 0 ? bytes.subarray(0, newline).toString('utf8') : '{}';
        const wrong = [{ diagnostics: [], stats: {}, paths: [] }, { 'events.js': `sha256:${'0'.repeat(64)}` }, [], 'x'][rng.wrong - 1];
        writeFileSync(path, `${header}\n${JSON.stringify(wrong)}`);
        damage.push('rewritten');
      }
    }
    result.fault = `cache: ${entries.length} entries damaged (${[...new Set(damage)].join(', ') || 'none'})`;
    result.hit = entries.length > 0;
    const cached = await run(['check', '--format', 'json'], dir);
    if (cached.code !== refCheck.code || cached.stdout !== refCheck.stdout || cached.stderr !== refCheck.stderr) failures.push(`check through the damaged cache differs from an uncached check (exit ${cached.code} vs ${refCheck.code})`);
    const again = await run(['check', '--format', 'json'], dir);
    if (again.stdout !== refCheck.stdout || again.code !== refCheck.code) failures.push('check from the rewritten cache differs from an uncached check');
  }

  // The next build (cached) must end with exactly the reference output, and leave nothing behind.
  const next = await run(['build'], dir);
  if (next.code !== refBuild.code) failures.push(`the next build exited ${next.code}, the reference ${refBuild.code}: ${next.stderr.slice(0, 200)}`);
  const final = hashed(out);
  if (!same(final, newTree)) failures.push(`after the next build the output differs from an uncached build of the new set: ${JSON.stringify(Object.keys(final).filter((p) => final[p] !== newTree[p]).slice(0, 5))}`);
  const check = await run(['build', '--check'], dir);
  if (refBuild.code === 0 && check.code !== 0) failures.push(`build --check after recovery: exit ${check.code}: ${check.stdout.slice(0, 200)}`);
  rmSync(dir, { recursive: true, force: true });
  return result;
}

/** The set with every registry description changed: a valid edit that changes every generated file. */
function editedDescriptions(files: Map<string, Uint8Array>, index: number): Map<string, Uint8Array> {
  const edited = new Map(files);
  const registry = files.get('event-types-registry.json');
  if (registry) edited.set('event-types-registry.json', Buffer.from(Buffer.from(registry).toString('utf8').replaceAll('"description": "', `"description": "Edited (${index}). `)));
  return edited;
}

export interface FaultSummary {
  runs: number;
  byKind: Record<FaultKind, { cases: number; hit: number }>;
  failed: FaultResult[];
  totalMs: number;
}

/** Runs `runs` fault cases, `parallel` at a time (each is a handful of child processes). */
export async function runFaults(options: { corpus: Corpus; seed: number; from: number; runs: number; parallel: number; scratch: string; onResult?: (r: FaultResult, done: number) => void }): Promise<FaultSummary> {
  const started = performance.now();
  const byKind = Object.fromEntries(KINDS.map((k) => [k, { cases: 0, hit: 0 }])) as FaultSummary['byKind'];
  const failed: FaultResult[] = [];
  let next = options.from;
  let done = 0;
  const worker = async () => {
    while (next < options.from + options.runs) {
      const index = next++;
      let result: FaultResult;
      try {
        result = await runFaultCase(options.corpus, options.seed, index, options.scratch);
      } catch (error) {
        result = { index, kind: 'kill', fault: 'harness error', failures: [`the case threw: ${error instanceof Error ? error.stack : String(error)}`], hit: false };
      }
      byKind[result.kind].cases++;
      if (result.hit) byKind[result.kind].hit++;
      if (result.failures.length) failed.push(result);
      options.onResult?.(result, ++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.parallel) }, worker));
  return { runs: done, byKind, failed, totalMs: performance.now() - started };
}
