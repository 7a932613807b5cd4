/**
 * Shared by the robustness tests: scratch folders, copies of the adversarial fixtures, and two
 * ways to run the CLI. `run` is in-process with the tripwires of bench/fuzz/guard.ts armed (any
 * read or write outside the given folders, any network use is recorded); `runChild` is a child
 * process with a hard kill timeout, for inputs that could hang a process if the tool regressed
 * (a test must fail, never wait for ever).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { invoke, isCleanRefusal, judge } from '../../bench/fuzz/commands.js';
import { REPO_ROOT } from '../../bench/fuzz/corpus.js';
import { codeRoots, guarded, type Violation } from '../../bench/fuzz/guard.js';

export { REPO_ROOT };
export const ADVERSARIAL = join(REPO_ROOT, 'fixtures', 'adversarial');
export const MINIMAL = join(REPO_ROOT, 'fixtures', 'minimal', 'contracts');
const CHILD_ENTRY = fileURLToPath(new URL('./cli-entry.ts', import.meta.url));
// Resolved here: `--import tsx` would be resolved from the child's working folder.
const TSX = import.meta.resolve('tsx');

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh scratch folder (real path, so guard comparisons see through /tmp links), removed when the file's tests end. */
export function scratch(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sguild-robust-')));
  made.push(dir);
  return dir;
}

/** Copies `fixtures/adversarial/<name>/contracts` (or any folder) to `<dir>/<as>` and returns it. */
export function copyFixture(name: string, dir: string, as = 'contracts'): string {
  const from = name.startsWith('/') ? name : join(ADVERSARIAL, name, 'contracts');
  const to = join(dir, as);
  cpSync(from, to, { recursive: true });
  return to;
}

export interface GuardedRun {
  code: number;
  stdout: string;
  stderr: string;
  violations: Violation[];
}

/**
 * Runs the CLI in-process from `cwd`. Reads are allowed under `cwd` (unless `readCwd` is false)
 * and `read`, writes only under `write`; anything else is a violation the caller asserts is absent.
 */
export async function run(args: string[], options: { cwd: string; read?: string[]; write?: string[]; stdin?: Uint8Array | string; readCwd?: boolean }): Promise<GuardedRun> {
  const stdin = typeof options.stdin === 'string' ? new TextEncoder().encode(options.stdin) : options.stdin;
  // The one place the tool writes on its own: its content cache under the working folder's
  // node_modules (src/core/content-cache.ts), present only when that folder has a node_modules.
  const cache = join(options.cwd, 'node_modules', '.cache', 'sguild-contracts');
  const { value, violations } = await guarded({ read: [...(options.readCwd === false ? [] : [options.cwd]), ...(options.read ?? []), ...codeRoots(REPO_ROOT)], write: [...(options.write ?? []), cache] }, () => invoke(args, options.cwd, stdin));
  return { code: value.code, stdout: value.stdout, stderr: value.stderr, violations };
}

/** Exit 0 or 1 (or a clean one-line refusal when allowed), a well-formed report, no stack, no violation. */
export function assertRobust(result: GuardedRun, args: string[], options: { allowRefusal?: boolean; format?: string } = {}): void {
  const command = args[0] as 'check' | 'build' | 'diff' | 'validate';
  const problems = judge({ command, args, code: result.code, stdout: result.stdout, stderr: result.stderr, ms: 0 }, options.format, { allowRefusal: options.allowRefusal ?? false });
  assert.deepEqual(problems, [], `${args.join(' ')}\n--- stdout\n${result.stdout.slice(0, 3000)}\n--- stderr\n${result.stderr.slice(0, 3000)}`);
  assert.deepEqual(result.violations, [], `${args.join(' ')} touched something outside its folders`);
}

export { isCleanRefusal };

/** Objects and arrays still have exactly their built-in properties. */
export function assertNoPollution(): void {
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(([] as unknown as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getOwnPropertyNames(Object.prototype).includes('polluted'), false);
  assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
}

/** The CLI in a child process, killed after `timeoutMs`: a hang fails the test instead of stalling the run. */
export function runChild(args: string[], options: { cwd: string; input?: string | Uint8Array; timeoutMs?: number }): { code: number | null; stdout: string; stderr: string; timedOut: boolean } {
  const result = spawnSync(process.execPath, ['--import', TSX, CHILD_ENTRY, ...args], {
    cwd: options.cwd,
    input: options.input,
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 256 * 1024 * 1024,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  // oxlint-disable-next-line typescript/no-unnecessary-type-assertion -- spawnSync types `error` as Error, without `code`
  const timedOut = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', timedOut };
}

/** The json report of `check --format json`. */
export function jsonReport(stdout: string): { summary: { errors: number; warnings: number }; diagnostics: { rule: string; severity: string; message: string; file: string; line: number; column: number; pointer: string | null }[] } {
  return JSON.parse(stdout);
}
