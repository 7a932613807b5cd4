/**
 * Turns a command-line argument into something the loader can read: a contracts folder, a
 * package folder holding `contracts/`, an npm tarball, `git:REF` of the current repository, or
 * a single JSON Schema file. Nothing outside what the argument names is read.
 */
import { lstatSync, readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { REGISTRY_PATH } from '../model/types.js';
import { namesCommit, normalizeContractsPath, readGitRevision, GitError } from './git.js';
import { FolderSource, MemorySource, isFolder, type FileSource } from './source.js';
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
    if (!isFile(resolve(path, REGISTRY_PATH)) && isFolder(resolve(path, 'contracts'))) {
      const contractsDisplay = display === '.' ? 'contracts' : `${display}/contracts`;
      const version = isFile(resolve(path, 'package.json')) ? packageVersion(readFileSync(resolve(path, 'package.json'))) : undefined;
      return { kind: 'contracts', source: new FolderSource(resolve(path, 'contracts'), argument), label: argument, displayRoot: contractsDisplay, packageVersion: version, origin: 'package' };
    }
    return { kind: 'contracts', source: new FolderSource(path, argument), label: argument, displayRoot: display, origin: 'folder' };
  }
  if (!stat.isFile()) throw new SourceError(`${argument}: not a regular file or folder`);
  if (TARBALL.test(argument)) return openTarball(argument, path, options);
  if (argument.toLowerCase().endsWith('.json')) {
    const name = basename(path);
    const bytes = readFileSync(path);
    const folder = toPosix(relative(options.cwd, dirname(path))) || '.';
    return { kind: 'schema', source: new MemorySource(argument, new Map([[name, new Uint8Array(bytes)]])), file: name, label: argument, displayRoot: folder, origin: 'file' };
  }
  throw new SourceError(`${argument}: expected a contracts folder, a package folder, a .tgz tarball, git:REF or a .json schema file`);
}

async function openTarball(argument: string, path: string, options: OpenOptions): Promise<OpenedSource> {
  let contents;
  try {
    contents = await readTarball(new Uint8Array(readFileSync(path)), options.tarballLimits ?? DEFAULT_TARBALL_LIMITS);
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
