/**
 * Where a contract set's files come from. The loader only ever sees this interface, so a
 * folder, an npm tarball and a git revision are loaded by exactly the same code, and nothing
 * outside the source's root can be named, let alone read.
 */
import { closeSync, fstatSync, lstatSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The largest contract file that is read (16 MiB; the registry of a 10,000-event-type set is
 * about 5 MiB). A bigger file is an `unreadable` problem, not a parse: a 50 MB schema would take
 * minutes in ajv and hold the whole run up, and no real contract file comes near it.
 */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

export function tooLargeMessage(size: number): string {
  return `file is ${size} bytes, more than the ${sizeText(MAX_FILE_BYTES)} a contract file may have; it was not read: split it or remove what does not belong in the contracts`;
}

/** A byte count as people write limits: `16 MiB`, `512 MiB`, else the exact number of bytes. */
export function sizeText(bytes: number): string {
  for (const [size, unit] of [[1024 ** 3, 'GiB'], [1024 ** 2, 'MiB'], [1024, 'KiB']] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} bytes`;
}

export interface SourceProblem {
  path: string;
  /** `skipped`: a link or special file that was not followed; `unreadable`: a file that failed to read. */
  kind: 'skipped' | 'unreadable';
  message: string;
}

export interface FileSource {
  /** What to call this source in messages: a folder, `pkg.tgz`, `git:HEAD~1`. */
  readonly label: string;
  /** Relative posix paths of every regular file, sorted by code unit. */
  list(): readonly string[];
  /** The file's bytes, or `undefined` (with a problem recorded) when it cannot be read. */
  read(path: string): Uint8Array | undefined;
  /** Entries that were skipped: links, devices, unreadable files. */
  readonly problems: SourceProblem[];
}

/** Files of a folder. Symbolic links are never followed: they could loop or leave the root. */
/** Files up to this size are read in one call (FolderSource.read); MAX_FILE_BYTES is far above it. */
export const SMALL_FILE_BYTES = 64 * 1024;
const scratch = Buffer.allocUnsafe(SMALL_FILE_BYTES);

export class FolderSource implements FileSource {
  readonly problems: SourceProblem[] = [];
  private files: string[] | undefined;
  private fileSet: Set<string> | undefined;
  constructor(readonly root: string, readonly label: string = root) {}

  list(): readonly string[] {
    if (!this.files) {
      const files: string[] = [];
      this.walk('', files);
      this.files = files.sort(byCodeUnit);
      this.fileSet = new Set(files);
    }
    return this.files;
  }

  private readonly bytes = new Map<string, Uint8Array>();
  private readonly failed = new Set<string>();

  /** Each file is read from disk once, however many times it is asked for (hashing, then loading). */
  read(path: string): Uint8Array | undefined {
    this.list();
    if (!this.fileSet!.has(path)) return undefined;
    const cached = this.bytes.get(path);
    if (cached) return cached;
    if (this.failed.has(path)) return undefined;
    try {
      // Sized through the open descriptor, so a file swapped meanwhile cannot slip past the limit.
      const fd = openSync(join(this.root, path), 'r');
      let bytes: Buffer;
      try {
        // Most contract files are small: one read into a scratch buffer answers open, read, close
        // (three system calls, not five). A file that fills it is sized and read as below.
        const n = readSync(fd, scratch, 0, scratch.length, 0);
        if (n < scratch.length) {
          bytes = Buffer.from(scratch.subarray(0, n));
          this.bytes.set(path, bytes);
          return bytes;
        }
        const size = fstatSync(fd).size;
        if (size > MAX_FILE_BYTES) {
          this.failed.add(path);
          this.problems.push({ path, kind: 'unreadable', message: tooLargeMessage(size) });
          return undefined;
        }
        bytes = readFileSync(fd);
      } finally {
        closeSync(fd);
      }
      this.bytes.set(path, bytes);
      return bytes;
    } catch (error) {
      this.failed.add(path);
      this.problems.push({ path, kind: 'unreadable', message: `cannot read file (${(error as NodeJS.ErrnoException).code ?? String(error)}); check its permissions` });
      return undefined;
    }
  }

  private walk(relative: string, out: string[]): void {
    let entries;
    try {
      entries = readdirSync(join(this.root, relative), { withFileTypes: true });
    } catch (error) {
      this.problems.push({ path: relative || '.', kind: 'unreadable', message: `cannot list folder: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
      return;
    }
    for (const entry of entries) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.name === 'node_modules' || entry.name === '.git') continue;
      if (entry.isSymbolicLink()) {
        this.problems.push({ path, kind: 'skipped', message: 'symbolic link not followed: links can loop or point outside the contracts root; replace it with the file itself' });
      } else if (entry.isDirectory()) {
        this.walk(path, out);
      } else if (entry.isFile()) {
        out.push(path);
      } else {
        this.problems.push({ path, kind: 'skipped', message: 'not a regular file (device, socket or pipe); it was skipped' });
      }
    }
  }
}

/** Files held in memory (tarball entries, git blobs, tests). */
export class MemorySource implements FileSource {
  readonly problems: SourceProblem[] = [];
  private readonly names: string[];
  constructor(readonly label: string, private readonly files: ReadonlyMap<string, Uint8Array>, problems: SourceProblem[] = []) {
    this.names = [...files.keys()].sort(byCodeUnit);
    this.problems.push(...problems);
  }
  list(): readonly string[] {
    return this.names;
  }
  read(path: string): Uint8Array | undefined {
    return this.files.get(path);
  }
}

export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when a path exists and is a folder, without following a final symlink. */
/** Why `path` cannot be used as a folder (`shown` is how the user wrote it), or undefined when it can. */
export function folderProblem(path: string, shown: string): string | undefined {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return `not found: ${shown}`;
  }
  if (stat.isDirectory()) return undefined;
  if (stat.isSymbolicLink()) return `${shown} is a symbolic link, which is never followed: name the folder it points to`;
  return `${shown} is a file, not a folder`;
}

export function isFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A source with some files replaced or added: how a planned change (scaffolding, fixes) is checked before anything is written. */
export class OverlaySource implements FileSource {
  readonly problems: SourceProblem[];
  private readonly names: string[];
  constructor(private readonly base: FileSource, private readonly changes: ReadonlyMap<string, string | null>) {
    const names = new Set(base.list());
    for (const [path, content] of changes) {
      if (content === null) names.delete(path);
      else names.add(path);
    }
    this.names = [...names].sort(byCodeUnit);
    this.problems = base.problems;
  }
  get label(): string {
    return this.base.label;
  }
  list(): readonly string[] {
    return this.names;
  }
  read(path: string): Uint8Array | undefined {
    const change = this.changes.get(path);
    if (change === null) return undefined;
    return change !== undefined ? new TextEncoder().encode(change) : this.base.read(path);
  }
}
