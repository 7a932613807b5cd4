/**
 * Writes a file so that readers see either the old content or the new one, never a torn file:
 * write a temporary sibling, fsync it, then rename over the target (atomic on POSIX).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { faultPoint } from './fault-point.js';

/**
 * `mkdir -p`. Not `mkdirSync(dir, { recursive: true })`: Node 20's loops for ever where mkdir
 * fails with ENOENT under a parent that exists (any path under /proc, for one).
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let at = resolve(dir); ; at = dirname(at)) {
    try {
      if (statSync(at).isDirectory()) break;
      throw Object.assign(new Error(`ENOTDIR: not a folder, mkdir '${at}'`), { code: 'ENOTDIR', syscall: 'mkdir', path: at });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(at) === at) throw error;
      missing.push(at);
    }
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // created meanwhile: fine
    }
  }
}

export interface AtomicWriteOptions {
  /**
   * fsync the file before the rename (default true), so it survives a power loss as well. The
   * rename alone already keeps readers from ever seeing a torn file; a derived artefact that is
   * rebuilt at will (the catalog's thousand pages) skips the per-file fsync, which dominates its
   * write time.
   */
  fsync?: boolean;
}

export function writeFileAtomic(path: string, content: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const dir = dirname(path);
  makeFolders(dir);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  let created = false;
  try {
    // 'wx': the temporary name must not exist yet, so a planted file or link there is never written through.
    const fd = openSync(temp, 'wx', 0o644);
    created = true;
    try {
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      // writeSync may write less than asked (a full disk, a signal): loop, or the rename would publish a torn file.
      for (let offset = 0; offset < bytes.length; ) {
        const written = writeSync(fd, bytes, offset, bytes.length - offset);
        if (written <= 0) throw Object.assign(new Error(`no progress writing ${temp}`), { code: 'EIO', syscall: 'write' });
        offset += written;
      }
      if (options.fsync !== false) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    faultPoint(`wrote ${temp}`);
    renameSync(temp, path);
    faultPoint(`renamed ${temp}`);
  } catch (error) {
    if (created) rmSync(temp, { force: true });
    throw error;
  }
}
