/**
 * Writing the generated files into the output folder, and comparing it with them (`--check`).
 *
 * The whole set changes as one transaction (src/build/transaction.ts): changed files are staged,
 * a commit record decides the switch, then they are renamed into place, manifest last. Files
 * whose content is already right are not rewritten. The manifest names what earlier builds
 * wrote: only those files, and only while unchanged since, are ever removed.
 */
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentHash, MANIFEST_FILE, parseManifest } from './manifest.js';
import { commitOutput, foreignEntries, interruption, STAGING_DIR, staysInside } from './transaction.js';
import { shortDiff } from './diff.js';
import type { GeneratedFile } from './generator-types.js';
import { byCodeUnit } from './type-plan.js';

export interface WriteResult {
  written: string[];
  unchanged: string[];
  removed: string[];
  /** Files an earlier build wrote that are no longer generated but were edited since, so were left alone. */
  kept: string[];
}

export interface WriteOptions {
  /** How one file is written; tests replace it to simulate a crash. */
  writeFile?: (path: string, content: string) => void;
}

/** The file's text when it is a regular file (links are never followed), else undefined. */
export function readRegularFile(path: string): string | undefined {
  try {
    if (!lstatSync(path).isFile()) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Whether the regular file at `path` holds exactly `content`; a file of another size is not read (the output is tens of MB). */
function holds(path: string, content: string): boolean {
  try {
    const stat = lstatSync(path);
    if (!stat.isFile() || stat.size !== Buffer.byteLength(content)) return false;
  } catch {
    return false;
  }
  return readRegularFile(path) === content;
}

/** The regular file at `path` as bytes (links are never followed), else undefined. */
function readRegularBytes(path: string): Buffer | undefined {
  try {
    return lstatSync(path).isFile() ? readFileSync(path) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the file on disk is the generated one. With its hash known, the bytes on disk are
 * hashed instead: the generated text (tens of MB of validator code, perhaps still in the cache)
 * is then never loaded or encoded for an unchanged file.
 */
function isOnDisk(path: string, file: GeneratedFile): boolean {
  if (file.hash === undefined) return holds(path, file.content);
  const bytes = readRegularBytes(path);
  return bytes !== undefined && contentHash(bytes) === file.hash;
}

/**
 * Brings the output folder to exactly the generated files, as one transaction
 * (src/build/transaction.ts). The caller holds the folder's lock and has recovered it.
 */
export function writeOutput(outDir: string, files: readonly GeneratedFile[], options: WriteOptions = {}): WriteResult {
  const previous = parseManifest(readRegularFile(join(outDir, MANIFEST_FILE)));
  const result: WriteResult = { written: [], unchanged: [], removed: [], kept: [] };
  const writes: { path: string; content: string }[] = [];
  for (const file of files) {
    if (isOnDisk(join(outDir, file.path), file)) result.unchanged.push(file.path);
    else {
      writes.push(file);
      result.written.push(file.path);
    }
  }
  const current = new Set(files.map((f) => f.path));
  const removals: [string, string][] = [];
  for (const [path, hash] of [...previous].sort(([a], [b]) => byCodeUnit(a, b))) {
    if (current.has(path)) continue;
    if (!staysInside(outDir, path)) continue; // through a link: not ours to remove
    const text = readRegularFile(join(outDir, path));
    if (text === undefined) continue;
    if (contentHash(text) !== hash) {
      result.kept.push(path);
      continue;
    }
    removals.push([path, hash]);
    result.removed.push(path);
  }
  if (writes.length || removals.length) commitOutput(outDir, { writes, removals }, options.writeFile);
  return result;
}

export interface OutputDifference {
  path: string;
  /**
   * missing, stale (differs), extra (an earlier build wrote it, no longer generated), foreign
   * (no build wrote it: it would ship with the output), interrupted (a build was killed in the
   * middle of switching the folder over; the next build finishes it).
   */
  kind: 'missing' | 'stale' | 'extra' | 'foreign' | 'interrupted';
  /** For stale files: a short unified-style diff of the first differing lines (on disk → generated). */
  diff?: string[];
}

/** How the output folder differs from the generated files; empty when it is current. */
export function compareOutput(outDir: string, files: readonly GeneratedFile[]): OutputDifference[] {
  const differences: OutputDifference[] = [];
  if (interruption(outDir) !== 'none') differences.push({ path: STAGING_DIR, kind: 'interrupted' });
  for (const file of files) {
    const path = join(outDir, file.path);
    if (file.hash !== undefined && isOnDisk(path, file)) continue;
    const onDisk = readRegularFile(path);
    if (onDisk === undefined) differences.push({ path: file.path, kind: 'missing' });
    else if (onDisk !== file.content) differences.push({ path: file.path, kind: 'stale', diff: shortDiff(onDisk, file.content) });
  }
  differences.push(...strayEntries(outDir, files.map((f) => f.path)));
  return differences.sort((a, b) => byCodeUnit(a.path, b.path));
}

/** Entries that are not generated: `extra` when an earlier build wrote them, `foreign` when none did. */
export function strayEntries(outDir: string, generated: readonly string[]): OutputDifference[] {
  const current = new Set(generated);
  const listed = parseManifest(readRegularFile(join(outDir, MANIFEST_FILE)));
  const differences: OutputDifference[] = [];
  for (const path of foreignEntries(outDir, current)) {
    differences.push({ path, kind: listed.has(path) && readRegularFile(join(outDir, path)) !== undefined ? 'extra' : 'foreign' });
  }
  return differences;
}
