/**
 * Advisory locks between runs of the tool: a lock file created with O_EXCL holding the owner's
 * pid, host and a random token. Two builds into one folder (or two writers of one cache entry)
 * never interleave: the second waits, or is told who holds the lock.
 *
 * A lock left by a process that died (kill -9, a crashed CI job) is stale: its pid no longer
 * runs on this host, so it is taken over. A lock from another host is never judged stale (its
 * pid means nothing here); the message says how to remove it by hand.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

export interface LockOwner {
  pid: number;
  host: string;
  token: string;
  started: string;
}

export interface Lock {
  readonly path: string;
  release(): void;
}

/** The lock is held by a live process and waiting for it timed out (or was not wanted). */
export class LockBusyError extends Error {
  constructor(readonly path: string, readonly owner: LockOwner | undefined) {
    super(`locked by ${owner ? `process ${owner.pid} on ${owner.host}, since ${owner.started}` : 'another process'}`);
  }
}

/** Tries once to take the lock: the lock, or the live owner that holds it. Stale locks are removed on the way. */
export function tryLock(path: string): Lock | { busy: LockOwner | undefined } {
  for (let attempt = 0; attempt < 3; attempt++) {
    const owner: LockOwner = { pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex'), started: new Date().toISOString() };
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLockOwner(path);
      if (holder === 'gone') continue; // released meanwhile: try again
      if (holder && !isStale(holder)) return { busy: holder };
      if (!holder && !unreadableIsStale(path)) return { busy: undefined };
      removeStale(path, holder);
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(owner));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return {
      path,
      release() {
        // Only our own lock: a lock taken over after we were judged dead is someone else's.
        const current = readLockOwner(path);
        if (current && current !== 'gone' && current.token === owner.token) rmSync(path, { force: true });
      },
    };
  }
  return { busy: undefined };
}

/** Takes the lock, waiting while a live process holds it; `onWait` is told once who is waited for. */
export async function acquireLock(path: string, options: { timeoutMs: number; pollMs?: number; onWait?: (owner: LockOwner | undefined) => void }): Promise<Lock> {
  const deadline = Date.now() + options.timeoutMs;
  let told = false;
  for (;;) {
    const got = tryLock(path);
    if ('release' in got) return got;
    if (Date.now() >= deadline) throw new LockBusyError(path, got.busy);
    if (!told) options.onWait?.(got.busy);
    told = true;
    await new Promise((done) => setTimeout(done, options.pollMs ?? 50));
  }
}

/** The lock's owner; `undefined` when the file holds no readable owner, `gone` when there is no lock. */
export function readLockOwner(path: string): LockOwner | undefined | 'gone' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : undefined;
  }
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (Number.isSafeInteger(value.pid) && typeof value.host === 'string' && typeof value.token === 'string') return value as LockOwner;
  } catch {
    // written half-way (the owner died between creating and writing it), or not ours
  }
  return undefined;
}

/** Whether the process that wrote a lock is gone: same host and no such pid. */
export function isStale(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false;
  return !isAlive(owner.pid);
}

export function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

/**
 * A lock file without a readable owner: its creator died between creating and writing it, or is
 * writing it right now. Only one that has stayed unreadable for a while is stale; judging a
 * fresh one stale would remove a live lock (two builds starting together did exactly that).
 */
function unreadableIsStale(path: string): boolean {
  try {
    return readLockOwner(path) === undefined && Date.now() - statSync(path).mtimeMs > UNREADABLE_GRACE_MS;
  } catch {
    return false; // gone meanwhile: the next attempt will see
  }
}

const UNREADABLE_GRACE_MS = 5_000;

/**
 * Removes a stale lock without removing a fresh one that replaced it meanwhile: move it aside
 * under a unique name, then check it is the one judged stale; if not, put it back.
 */
function removeStale(path: string, judged: LockOwner | undefined): void {
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return; // gone already
  }
  const moved = readLockOwner(aside);
  const same = judged === undefined ? moved === undefined : moved !== 'gone' && moved !== undefined && moved.token === judged.token;
  if (!same) {
    try {
      linkSync(aside, path); // put the live lock back, unless yet another one was taken meanwhile
    } catch {
      // another lock exists now: its owner goes on; the one moved aside was superseded
    }
  }
  rmSync(aside, { force: true });
}
