/**
 * Shared by the fault tests: scratch folders, copies of contract sets, and the compiled CLI in a
 * child process (kill, signal and standard-stream tests need a real process; `npm test`
 * compiles lib/ first).
 */
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

export const REPO = join(import.meta.dirname, '..', '..');
export const MINIMAL = join(REPO, 'fixtures', 'minimal', 'contracts');
export const BIN = join(REPO, 'bin', 'sguild-contracts.js');

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

export function scratch(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sguild-faults-')));
  made.push(dir);
  return dir;
}

export function copyMinimal(dir: string, as = 'contracts'): string {
  cpSync(MINIMAL, join(dir, as), { recursive: true });
  return join(dir, as);
}

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The compiled CLI as a child process, with a hard timeout so a regression fails instead of hanging. */
export function cli(args: string[], options: { cwd: string; env?: Record<string, string>; stdio?: SpawnSyncOptions['stdio']; input?: string }): ChildRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: options.stdio,
    input: options.input,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, signal: result.signal, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** The CLI as a child whose stdout is read until `enough` bytes arrived, then closed (like `| head`). */
export function cliClosingStdout(args: string[], cwd: string, enough: number): Promise<ChildRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let received = 0;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received >= enough) child.stdout.destroy();
    });
    child.on('close', (code, signal) => resolve({ code, signal, stdout: '', stderr }));
  });
}

/** Every file below `dir` (dot files too) with its bytes as text, by relative posix path. */
export function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out[full.slice(dir.length + 1).split('\\').join('/')] = readFileSync(full, 'utf8');
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
