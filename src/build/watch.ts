/**
 * `build --watch`: rebuild whenever the contracts change. It polls every 500 ms: listing the
 * folder and stat-ing its files, and only when sizes or times moved, hashing contents, so a
 * touched but unchanged file does not rebuild. fs.watch's recursive mode is emulated on Linux in
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

export function watchFolder(root: string, onChange: () => Promise<void> | void, interval = 500): Watcher {
  let stamp = statStamp(root);
  let hash = contentStamp(root);
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    const next = statStamp(root);
    if (next !== stamp) {
      stamp = next;
      const nextHash = contentStamp(root);
      if (nextHash !== hash) {
        hash = nextHash;
        await onChange();
      }
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
export async function watchBuild(options: BuildRunOptions, onRun: (run: BuildRun | { kind: 'failed'; error: unknown }) => void, interval = 500): Promise<Watcher> {
  let chain = Promise.resolve();
  const once = () =>
    (chain = chain.then(async () => {
      try {
        onRun(await runBuild(options));
      } catch (error) {
        onRun({ kind: 'failed', error });
      }
    }));
  // Stamped before the first build, so an edit made while it runs still triggers the next one.
  const watcher = watchFolder(options.contracts, once, interval);
  await once();
  return watcher;
}

function statStamp(root: string): string {
  const source = new FolderSource(root);
  const parts: string[] = [];
  for (const path of source.list()) {
    try {
      const s = lstatSync(join(root, path));
      parts.push(`${path}\0${s.size}\0${s.mtimeMs}`);
    } catch {
      parts.push(`${path}\0gone`);
    }
  }
  return parts.join('\n');
}

function contentStamp(root: string): string {
  const source = new FolderSource(root);
  const hash = createHash('sha256');
  for (const path of source.list()) {
    hash.update(path).update('\0');
    const bytes = source.read(path);
    hash.update(bytes ?? 'unreadable').update('\0');
  }
  return hash.digest('hex');
}
