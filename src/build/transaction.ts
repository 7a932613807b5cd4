/**
 * The output folder changes as one transaction, under a lock.
 *
 * 1. Every file that changes, and the new manifest, is written into a staging folder inside the
 *    output folder (`.sguild-contracts-staging/`), each one atomically and fsynced. A kill or a
 *    full disk here leaves the output folder exactly as it was: the next run throws the
 *    staging folder away.
 * 2. The commit record (`commit.json`, written atomically) names what moves in and what goes
 *    out. From this point on the new set is decided.
 * 3. The switch: each staged file is renamed into place, stale files are removed, and the
 *    manifest comes last. A kill here is finished by the next run (roll forward), before it
 *    does anything else, cached or not; `build --check` reports such a folder as interrupted.
 *
 * So the tool (and anyone who trusts the manifest only when every file matches it) sees the
 * whole old set or the whole new set. A reader that opens files during the few renames of step
 * 3 can see a mix, as with any folder updated in place; a kill inside them is repaired next run.
 *
 * The lock (`.sguild-contracts.lock`, src/core/lock.ts) makes concurrent builds into one folder
 * take turns, so no run ever deletes or renames another's files. Temporary files of dead
 * processes (earlier versions wrote them next to the outputs) are removed at the start of every
 * run. Nothing here follows a symbolic link or leaves the output folder.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { join, posix } from 'node:path';
import { faultPoint } from '../core/fault-point.js';
import { acquireLock, isAlive, isStale, LockBusyError, readLockOwner, type Lock, type LockOwner } from '../core/lock.js';
import { makeFolders, writeFileAtomic } from '../core/write-atomic.js';
import { contentHash, isSafeRelativePath, MANIFEST_FILE } from './manifest.js';

export const STAGING_DIR = '.sguild-contracts-staging';
export const LOCK_FILE = '.sguild-contracts.lock';
const COMMIT_FILE = 'commit.json';

/** Names in the output folder that belong to the machinery, not to the output. */
export function isBookkeeping(path: string): boolean {
  return path === LOCK_FILE || path === STAGING_DIR || path.startsWith(`${STAGING_DIR}/`) || /^\.sguild-contracts\.lock\.[0-9]+\.[0-9a-f]+\.stale$/.test(path);
}

/** `.events.js.1234.k3j4h5.tmp`: the temporary name src/core/write-atomic.ts gives events.js. */
const TEMP_NAME = /^\.(.+)\.([0-9]+)\.[a-z0-9]+\.tmp$/;

interface CommitRecord {
  format: 'sguild-contracts-commit/1';
  /** Staged files to rename into place, in order; the manifest is last. */
  moves: string[];
  /** Stale files to remove (only while their content still has this hash). */
  removals: [string, string][];
}

export interface OutputLockOptions {
  /** How long to wait for another build to finish with the folder. */
  timeoutMs: number;
  /** Told once when another run holds the lock and this one waits. */
  onWait?: (owner: LockOwner | undefined) => void;
}

/** Takes the output folder's lock (creating the folder). */
export async function lockOutput(outDir: string, options: OutputLockOptions): Promise<Lock> {
  makeFolders(outDir);
  return acquireLock(join(outDir, LOCK_FILE), { timeoutMs: options.timeoutMs, onWait: options.onWait });
}

/** Waits (without writing anything) until no live build holds the folder's lock: for readers such as `build --check`. */
export async function waitForWriters(outDir: string, options: OutputLockOptions): Promise<void> {
  const path = join(outDir, LOCK_FILE);
  const deadline = Date.now() + options.timeoutMs;
  let told = false;
  for (;;) {
    const owner = readLockOwner(path);
    if (owner === 'gone' || (owner && isStale(owner))) return;
    if (Date.now() >= deadline) throw new LockBusyError(path, owner);
    if (!told) options.onWait?.(owner);
    told = true;
    await new Promise((done) => setTimeout(done, 50));
  }
}

export type Interruption = 'none' | 'staged' | 'committed';

/** What an interrupted build left: nothing, a staging folder without commit (to discard), or a decided switch (to finish). */
export function interruption(outDir: string): Interruption {
  const staging = join(outDir, STAGING_DIR);
  if (!isRealFolder(staging)) return 'none';
  return readCommit(staging) ? 'committed' : 'staged';
}

/**
 * Brings the folder back to a whole state: finishes a decided switch, discards an undecided
 * one, removes temporary files of dead processes. The caller holds the lock.
 */
export function recoverOutput(outDir: string): { finished: boolean; discarded: boolean; temps: string[] } {
  const staging = join(outDir, STAGING_DIR);
  let finished = false;
  let discarded = false;
  if (isRealFolder(staging)) {
    const commit = readCommit(staging);
    if (commit) {
      applyCommit(outDir, commit);
      finished = true;
    } else {
      rmSync(staging, { recursive: true, force: true });
      discarded = true;
    }
  } else if (existsSync(staging)) {
    throw Object.assign(new Error(`${STAGING_DIR} in the output folder is not a folder; remove it`), { code: 'EEXIST', syscall: 'mkdir' });
  }
  return { finished, discarded, temps: removeDeadTemps(outDir) };
}

export interface Change {
  /** Files to write (path relative to the output folder, content), the manifest among them. */
  writes: { path: string; content: string }[];
  removals: [string, string][];
}

/** Stages every write, records the commit, then switches. The caller holds the lock and has recovered. */
export function commitOutput(outDir: string, change: Change, write: (path: string, content: string) => void = writeFileAtomic): void {
  for (const { path } of change.writes) {
    if (!isSafeRelativePath(path) || !staysInside(outDir, path)) {
      throw Object.assign(new Error(`${path} would be written through a symbolic link or outside the output folder`), { code: 'ELOOP', syscall: 'open' });
    }
  }
  const staging = join(outDir, STAGING_DIR);
  rmSync(staging, { recursive: true, force: true });
  makeFolders(staging);
  try {
    const ordered = [...change.writes.filter((w) => w.path !== MANIFEST_FILE), ...change.writes.filter((w) => w.path === MANIFEST_FILE)];
    for (const file of ordered) write(join(staging, file.path), file.content);
    const commit: CommitRecord = { format: 'sguild-contracts-commit/1', moves: ordered.map((w) => w.path), removals: change.removals };
    writeFileAtomic(join(staging, COMMIT_FILE), JSON.stringify(commit));
  } catch (error) {
    // Not decided yet: the output folder is untouched; drop what was staged.
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  applyCommit(outDir, readCommit(staging)!);
}

/** The switch: idempotent, so a run that finds it half-done simply runs it again. */
function applyCommit(outDir: string, commit: CommitRecord): void {
  const staging = join(outDir, STAGING_DIR);
  const manifestMove = commit.moves.filter((p) => p === MANIFEST_FILE);
  for (const path of commit.moves.filter((p) => p !== MANIFEST_FILE)) moveIn(outDir, staging, path);
  for (const [path, hash] of commit.removals) removeIfUnchanged(outDir, path, hash);
  for (const path of manifestMove) moveIn(outDir, staging, path);
  rmSync(join(staging, COMMIT_FILE), { force: true });
  faultPoint('commit record removed');
  rmSync(staging, { recursive: true, force: true });
}

function moveIn(outDir: string, staging: string, path: string): void {
  const from = join(staging, path);
  if (!existsSync(from)) return; // moved by the run that was interrupted
  if (!staysInside(outDir, path)) return;
  makeFolders(posix.dirname(join(outDir, path)));
  renameSync(from, join(outDir, path));
  faultPoint(`moved ${path}`);
}

function removeIfUnchanged(outDir: string, path: string, hash: string): void {
  if (!isSafeRelativePath(path) || !staysInside(outDir, path)) return; // never through a link
  const target = join(outDir, path);
  let text: string;
  try {
    if (!lstatSync(target).isFile()) return;
    text = readFileSync(target, 'utf8');
  } catch {
    return; // removed already
  }
  if (contentHash(text) !== hash) return;
  rmSync(target);
  faultPoint(`removed ${path}`);
  for (let dir = posix.dirname(path); dir !== '.'; dir = posix.dirname(dir)) {
    try {
      rmdirSync(join(outDir, dir)); // fails, harmlessly, unless empty
    } catch {
      break;
    }
  }
}

function readCommit(staging: string): CommitRecord | undefined {
  try {
    const value = JSON.parse(readFileSync(join(staging, COMMIT_FILE), 'utf8')) as CommitRecord;
    if (value.format !== 'sguild-contracts-commit/1' || !Array.isArray(value.moves) || !Array.isArray(value.removals)) return undefined;
    if (!value.moves.every((p) => typeof p === 'string' && isSafeRelativePath(p))) return undefined;
    if (!value.removals.every((r) => Array.isArray(r) && typeof r[0] === 'string' && isSafeRelativePath(r[0]) && typeof r[1] === 'string')) return undefined;
    return value;
  } catch {
    return undefined;
  }
}

/** Temporary files of the atomic writer whose process is gone, anywhere under the output folder (links not followed). */
function removeDeadTemps(outDir: string): string[] {
  const removed: string[] = [];
  const walk = (rel: string) => {
    let entries;
    try {
      entries = readdirSync(join(outDir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (isBookkeeping(path)) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const match = TEMP_NAME.exec(entry.name);
        if (match && !isAlive(Number(match[2]))) {
          rmSync(join(outDir, path), { force: true });
          removed.push(path);
        }
      }
    }
  };
  walk('');
  return removed.sort();
}

/** Whether `outDir/rel` stays inside `outDir` on disk: no existing folder on the way is a link (or a file). */
export function staysInside(outDir: string, rel: string): boolean {
  let at = outDir;
  for (const segment of rel.split('/').slice(0, -1)) {
    at = join(at, segment);
    try {
      if (!lstatSync(at).isDirectory()) return false;
    } catch {
      return true; // nothing below a missing folder exists yet
    }
  }
  return true;
}

function isRealFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Every entry under the output folder that no build wrote: not generated, not in the manifest, not bookkeeping. */
export function foreignEntries(outDir: string, ours: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const walk = (rel: string) => {
    let entries;
    try {
      entries = readdirSync(join(outDir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (isBookkeeping(path)) continue;
      if (entry.isDirectory()) walk(path);
      else if (!ours.has(path)) found.push(path);
    }
  };
  walk('');
  return found.sort();
}
