/**
 * Turns a command-line argument into something the loader can read: a contracts folder, a
 * package folder holding `contracts/`, an npm tarball, `git:REF` of the current repository, or
 * a single JSON Schema file. Nothing outside what the argument names is read.
 */
import { closeSync, fstatSync, lstatSync, openSync, readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { REGISTRY_PATH } from '../model/types.js';
import { namesCommit, normalizeContractsPath, readGitRevision, GitError } from './git.js';
import { FolderSource, MAX_FILE_BYTES, MemorySource, isFolder, sizeText, type FileSource } from './source.js';
import { DEFAULT_TARBALL_LIMITS, TarballError, packageVersion, readTarball, type TarballLimits } from './tarball.js';

/** The argument names nothing usable: shown to the user as a usage error. */
export class SourceError extends Error {}

export type OpenedSource =
  | {
      kind: 'contracts';
      source: FileSource;
      label: string;
      /** Set when the files are on disk: their path relative to the working folder. */
      displayRoot?: string;
      /** `version` of the package.json next to the contracts (package folders and tarballs). */
      packageVersion?: string;
      origin: 'folder' | 'package' | 'tarball' | 'git';
    }
  | { kind: 'schema'; source: FileSource; file: string; label: string; displayRoot?: string; origin: 'file' };

export interface OpenOptions {
  cwd: string;
  /** For `git:REF`: the contracts folder relative to the repository root. */
  contractsPath: string;
  tarballLimits?: TarballLimits;
}

const TARBALL = /\.(tgz|tar\.gz|tar)$/i;

export async function openSource(argument: string, options: OpenOptions): Promise<OpenedSource> {
  if (argument.startsWith('git:')) return openGit(argument.slice(4), options);
  const path = resolve(options.cwd, argument);
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    throw new SourceError(`${argument}: no such file or folder${namesCommit(options.cwd, argument) ? `; did you mean git:${argument}?` : ''}`);
  }
  const display = toPosix(relative(options.cwd, path)) || '.';
  if (stat.isDirectory()) {
    // A package folder holds contracts/; a contracts folder holds the registry itself.
    const contractsDisplay = display === '.' ? 'contracts' : `${display}/contracts`;
    if (!isFile(resolve(path, REGISTRY_PATH)) && isLink(resolve(path, 'contracts'))) {
      throw new SourceError(`${contractsDisplay} is a symbolic link, which is never followed: name the folder it points to`);
    }
    if (!isFile(resolve(path, REGISTRY_PATH)) && isFolder(resolve(path, 'contracts'))) {
      const manifest = resolve(path, 'package.json');
      const version = isFile(manifest) ? packageVersion(readCapped(manifest, `${display}/package.json`, MAX_FILE_BYTES)) : undefined;
      return { kind: 'contracts', source: new FolderSource(resolve(path, 'contracts'), argument), label: argument, displayRoot: contractsDisplay, packageVersion: version, origin: 'package' };
    }
    return { kind: 'contracts', source: new FolderSource(path, argument), label: argument, displayRoot: display, origin: 'folder' };
  }
  if (!stat.isFile()) throw new SourceError(`${argument}: not a regular file or folder`);
  if (TARBALL.test(argument)) return openTarball(argument, path, options);
  if (argument.toLowerCase().endsWith('.json')) {
    const name = basename(path);
    const bytes = readCapped(path, argument, MAX_FILE_BYTES);
    const folder = toPosix(relative(options.cwd, dirname(path))) || '.';
    return { kind: 'schema', source: new MemorySource(argument, new Map([[name, new Uint8Array(bytes)]])), file: name, label: argument, displayRoot: folder, origin: 'file' };
  }
  throw new SourceError(`${argument}: expected a contracts folder, a package folder, a .tgz tarball, git:REF or a .json schema file`);
}

async function openTarball(argument: string, path: string, options: OpenOptions): Promise<OpenedSource> {
  const limits = options.tarballLimits ?? DEFAULT_TARBALL_LIMITS;
  // Compressed bytes never outnumber the uncompressed ones by more than gzip's few header bytes,
  // so a file larger than the uncompressed cap is refused before a byte of it is read.
  const bytes = readCapped(path, argument, limits.maxBytes, 'a tarball may hold uncompressed');
  let contents;
  try {
    contents = await readTarball(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits);
  } catch (error) {
    if (error instanceof TarballError) throw new SourceError(`${argument}: ${error.message}`);
    throw error;
  }
  const files = new Map<string, Uint8Array>();
  for (const [name, bytes] of contents.files) if (name.startsWith('contracts/')) files.set(name.slice('contracts/'.length), bytes);
  if (!files.size) throw new SourceError(`${argument}: the tarball holds no contracts/ folder (expected the npm pack layout, package/contracts/…)`);
  const source = new MemorySource(argument, files, contents.problems);
  return { kind: 'contracts', source, label: argument, packageVersion: packageVersion(contents.files.get('package.json')), origin: 'tarball' };
}

function openGit(ref: string, options: OpenOptions): OpenedSource {
  try {
    normalizeContractsPath(options.contractsPath);
    const { source } = readGitRevision({ cwd: options.cwd, ref, contractsPath: options.contractsPath });
    return { kind: 'contracts', source, label: `git:${ref}`, origin: 'git' };
  } catch (error) {
    if (error instanceof GitError) throw new SourceError(error.message);
    throw error;
  }
}

/**
 * A file's bytes, refused before reading when it is larger than `cap` (sized through the open
 * descriptor, so a file swapped meanwhile cannot slip past). Also keeps files over 2 GiB, which
 * Node cannot read into one buffer, from ending as an internal error.
 */
function readCapped(path: string, shown: string, cap: number, what = 'a contract file may have'): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new SourceError(`${shown}: cannot open (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    const size = fstatSync(fd).size;
    if (size > cap) throw new SourceError(`${shown}: file is too large: ${size} bytes, more than the ${sizeText(cap)} ${what}; it was not read`);
    return readFileSync(fd);
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(`${shown}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  } finally {
    closeSync(fd);
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

function toPosix(path: string): string {
  return path.split('\\').join('/');
}
