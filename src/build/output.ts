/**
 * Writing the generated files into the output folder, and comparing it with them (`--check`).
 *
 * Each file is written to a temporary sibling and renamed over the target
 * (src/core/write-atomic.ts), so an interrupted build leaves every file either old or new,
 * never torn. Files whose content is already right are not rewritten. The manifest names what
 * earlier builds wrote: only those files, and only while unchanged since, are ever removed, plus
 * the temporary files an interrupted build of ours left behind.
 */
import { lstatSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { join, posix } from 'node:path';
import { writeFileAtomic } from '../core/write-atomic.js';
import { contentHash, MANIFEST_FILE, parseManifest } from './manifest.js';
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

export function writeOutput(outDir: string, files: readonly GeneratedFile[], options: WriteOptions = {}): WriteResult {
  const write = options.writeFile ?? writeFileAtomic;
  const previous = parseManifest(readRegularFile(join(outDir, MANIFEST_FILE)));
  const result: WriteResult = { written: [], unchanged: [], removed: [], kept: [] };
  removeLeftoverTemps(outDir, [...files.map((f) => f.path), ...previous.keys(), MANIFEST_FILE]);

  // The manifest goes last: until it is written, the previous one still describes what is on disk.
  const ordered = [...files.filter((f) => f.path !== MANIFEST_FILE), ...files.filter((f) => f.path === MANIFEST_FILE)];
  for (const file of ordered) {
    const target = join(outDir, file.path);
    if (readRegularFile(target) === file.content) {
      result.unchanged.push(file.path);
    } else {
      write(target, file.content);
      result.written.push(file.path);
    }
  }

  const current = new Set(files.map((f) => f.path));
  for (const [path, hash] of [...previous].sort(([a], [b]) => byCodeUnit(a, b))) {
    if (current.has(path)) continue;
    const target = join(outDir, path);
    const text = readRegularFile(target);
    if (text === undefined) continue;
    if (contentHash(text) !== hash) {
      result.kept.push(path);
      continue;
    }
    rmSync(target);
    result.removed.push(path);
    removeEmptyParents(outDir, path);
  }
  return result;
}

/** `.events.js.1234.k3j4h5.tmp`: the temporary name src/core/write-atomic.ts gives events.js. */
const TEMP_NAME = /^\.(.+)\.[0-9]+\.[a-z0-9]+\.tmp$/;

function removeLeftoverTemps(outDir: string, paths: readonly string[]): void {
  const namesByDir = new Map<string, Set<string>>();
  for (const path of paths) {
    const dir = posix.dirname(path);
    if (!namesByDir.has(dir)) namesByDir.set(dir, new Set());
    namesByDir.get(dir)!.add(posix.basename(path));
  }
  for (const [dir, names] of namesByDir) {
    let entries: string[];
    try {
      entries = readdirSync(join(outDir, dir));
    } catch {
      continue;
    }
    for (const entry of entries) {
      const match = TEMP_NAME.exec(entry);
      if (match && names.has(match[1])) {
        const full = join(outDir, dir, entry);
        if (lstatSync(full).isFile()) rmSync(full);
      }
    }
  }
}

function removeEmptyParents(outDir: string, path: string): void {
  let dir = posix.dirname(path);
  while (dir !== '.') {
    try {
      rmdirSync(join(outDir, dir)); // fails, harmlessly, unless empty
    } catch {
      return;
    }
    dir = posix.dirname(dir);
  }
}

export interface OutputDifference {
  path: string;
  kind: 'missing' | 'stale' | 'extra';
  /** For stale files: a short unified-style diff of the first differing lines (on disk → generated). */
  diff?: string[];
}

/** How the output folder differs from the generated files; empty when it is current. */
export function compareOutput(outDir: string, files: readonly GeneratedFile[]): OutputDifference[] {
  const differences: OutputDifference[] = [];
  for (const file of files) {
    const onDisk = readRegularFile(join(outDir, file.path));
    if (onDisk === undefined) differences.push({ path: file.path, kind: 'missing' });
    else if (onDisk !== file.content) differences.push({ path: file.path, kind: 'stale', diff: shortDiff(onDisk, file.content) });
  }
  const current = new Set(files.map((f) => f.path));
  for (const path of parseManifest(readRegularFile(join(outDir, MANIFEST_FILE))).keys()) {
    if (!current.has(path) && readRegularFile(join(outDir, path)) !== undefined) differences.push({ path, kind: 'extra' });
  }
  return differences.sort((a, b) => byCodeUnit(a.path, b.path));
}
