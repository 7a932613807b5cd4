/**
 * `build --watch`: rebuild whenever the contracts change. It polls every 500 ms: listing the
 * folder and stat-ing its files, and only when an inode, size, modification or change time
 * moved, hashing contents, so a touched but unchanged file does not rebuild. The change time
 * (ctime) cannot be set back by `touch -r` or any other call, so an edit that keeps the size and
 * restores the modification time is still seen; and every 20th poll hashes the contents anyway,
 * for file systems whose clocks are too coarse to tell two edits in one tick apart. fs.watch's recursive mode is emulated on Linux in
 * Node 20 and misses files in folders created after it started; polling is portable and cheap
 * for a contracts folder.
 */
import { createHash } from 'node:crypto';
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { FolderSource } from '../load/source.js';
import { runBuild, type BuildRun, type BuildRunOptions } from './run.js';

export interface Watcher {
  /** Stops polling; a build already running finishes first. */
  close(): Promise<void>;
}

/** Polls between content hashes even when no stat moved. */
const FULL_HASH_EVERY = 20;

/** Polls `root`; `onChange` gets the paths (relative to root) added, removed or edited since the last call. */
export function watchFolder(root: string, onChange: (changed: string[]) => Promise<void> | void, interval = 500): Watcher {
  let stamp = statStamp(root);
  let hashes = contentStamp(root);
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let ticks = 0;
  const tick = async () => {
    const nextStamp = statStamp(root);
    if (nextStamp !== stamp || ++ticks % FULL_HASH_EVERY === 0) {
      stamp = nextStamp;
      const next = contentStamp(root);
      const changed = [...new Set([...hashes.keys(), ...next.keys()])].filter((p) => hashes.get(p) !== next.get(p)).sort();
      hashes = next;
      if (changed.length) await onChange(changed);
    }
  };
  const schedule = () => {
    if (closed) return;
    timer = setTimeout(() => {
      running = tick().catch(() => undefined).finally(schedule);
    }, interval);
  };
  schedule();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/** Builds once now, then after every change, handing each outcome (or failure) to `onRun`. Builds never overlap. */
export async function watchBuild(options: BuildRunOptions, onRun: (run: BuildRun | { kind: 'failed'; error: unknown }, changed: readonly string[]) => void, interval = 500): Promise<Watcher> {
  let chain = Promise.resolve();
  const once = (changed: readonly string[] = []) =>
    (chain = chain.then(async () => {
      try {
        onRun(await runBuild(options), changed);
      } catch (error) {
        onRun({ kind: 'failed', error }, changed);
      }
    }));
  // Stamped before the first build, so an edit made while it runs still triggers the next one.
  const watcher = watchFolder(options.contracts, once, interval);
  await once();
  return watcher;
}

/** Every file with its inode, size, modification and change times: what a poll compares. */
export function statStamp(root: string): string {
  const source = new FolderSource(root);
  const parts: string[] = [];
  for (const path of source.list()) {
    try {
      const s = lstatSync(join(root, path));
      parts.push(`${path}\0${s.ino}\0${s.size}\0${s.mtimeMs}\0${s.ctimeMs}`);
    } catch {
      parts.push(`${path}\0gone`);
    }
  }
  return parts.join('\n');
}

/** Each file's content hash, so a change can name the files that changed. */
function contentStamp(root: string): Map<string, string> {
  const source = new FolderSource(root);
  const hashes = new Map<string, string>();
  for (const path of source.list()) {
    const bytes = source.read(path);
    hashes.set(path, bytes === undefined ? 'unreadable' : createHash('sha256').update(bytes).digest('hex'));
  }
  return hashes;
}
