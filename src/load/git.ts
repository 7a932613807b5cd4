/**
 * The contracts folder as it is at a git revision of the current repository, read from the
 * object database without touching the work tree or the index: `git ls-tree` lists the blobs,
 * one `git cat-file --batch` reads them. git runs with argument arrays, never through a shell,
 * and pathspecs are literal, so no revision or path can inject anything.
 */
import { spawnSync } from 'node:child_process';
import { posix } from 'node:path';
import { MemorySource, type SourceProblem } from './source.js';

/** The revision or repository cannot be read: a usage problem with a clear message. */
export class GitError extends Error {}

export interface GitSourceOptions {
  /** Any folder inside the repository. */
  cwd: string;
  /** A revision: branch, tag, commit, `HEAD~1`, … */
  ref: string;
  /** The contracts folder relative to the repository root. */
  contractsPath: string;
  /** Cap on the total size of the blobs read (default 512 MiB). */
  maxBytes?: number;
}

export interface GitContents {
  source: MemorySource;
  repoRoot: string;
  commit: string;
}

const ENV = { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_NO_LAZY_FETCH: '1', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };

function git(cwd: string, args: string[], input?: Buffer, maxBuffer = 64 * 1024 * 1024): Buffer {
  const result = spawnSync('git', ['-c', 'core.fsmonitor=false', '--literal-pathspecs', ...args], { cwd, input, maxBuffer, env: ENV, windowsHide: true });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new GitError('git is not installed (or not on PATH); it is needed to read git: revisions');
    throw new GitError(`git failed: ${result.error.message}`);
  }
  if (result.status !== 0) {
    const stderr = result.stderr.toString('utf8').trim().split('\n')[0] ?? '';
    throw new GitError(stderr || `git ${args[0]} failed with exit code ${result.status}`);
  }
  return result.stdout;
}

/** The top folder of the git work tree that holds `cwd`. */
export function repositoryRoot(cwd: string): string {
  try {
    return git(cwd, ['rev-parse', '--show-toplevel']).toString('utf8').trim();
  } catch (error) {
    if (error instanceof GitError && /not a git repository/i.test(error.message)) throw new GitError(`${cwd} is not inside a git repository`);
    throw error;
  }
}

export function normalizeContractsPath(path: string): string {
  const normalized = posix.normalize(path.split('\\').join('/')).replace(/\/+$/, '');
  if (normalized.startsWith('/') || normalized === '..' || normalized.startsWith('../')) throw new GitError(`the contracts path ${JSON.stringify(path)} must be relative to the repository root and stay inside it`);
  return normalized === '.' ? '' : normalized.replace(/^\.\//, '');
}

export function readGitRevision(options: GitSourceOptions): GitContents {
  const { ref } = options;
  if (!ref || ref.startsWith('-') || /[\0\n\r]/.test(ref)) throw new GitError(`invalid git revision ${JSON.stringify(ref)}`);
  let repoRoot: string;
  try {
    repoRoot = git(options.cwd, ['rev-parse', '--show-toplevel']).toString('utf8').trim();
  } catch (error) {
    if (error instanceof GitError && /not a git repository/i.test(error.message)) throw new GitError(`git:${ref} needs a git repository, and ${options.cwd} is not inside one`);
    throw error;
  }
  let commit: string;
  try {
    commit = git(repoRoot, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).toString('utf8').trim();
  } catch {
    throw new GitError(`unknown git revision ${JSON.stringify(ref)}`);
  }
  const prefix = normalizeContractsPath(options.contractsPath);
  const listing = git(repoRoot, ['ls-tree', '-r', '-z', '-l', '--full-tree', commit, '--', prefix || '.']).toString('utf8');

  const problems: SourceProblem[] = [];
  const wanted: { path: string; object: string }[] = [];
  const maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
  let total = 0;
  for (const record of listing.split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    const [mode, type, object, size] = record.slice(0, tab).trim().split(/\s+/);
    const fullPath = record.slice(tab + 1);
    if (prefix && !fullPath.startsWith(`${prefix}/`)) continue;
    const path = prefix ? fullPath.slice(prefix.length + 1) : fullPath;
    if (mode === '120000') problems.push({ path, kind: 'skipped', message: 'symbolic link not followed: links can loop or point outside the contracts root; replace it with the file itself' });
    else if (type === 'commit') problems.push({ path, kind: 'skipped', message: 'git submodule not read; it was skipped' });
    else if (type === 'blob' && object !== undefined) {
      total += Number(size) || 0;
      if (total > maxBytes) throw new GitError(`${prefix || 'the repository'} at ${ref} holds more than ${maxBytes} bytes; refusing to read it`);
      wanted.push({ path, object });
    }
  }
  if (!wanted.length && !problems.length) throw new GitError(`git:${ref} has no files under ${prefix || 'the repository root'} (pass --contracts with the folder's path inside the repository)`);

  const files = new Map<string, Uint8Array>();
  if (wanted.length) {
    const input = Buffer.from(wanted.map((w) => w.object).join('\n') + '\n', 'utf8');
    const output = git(repoRoot, ['cat-file', '--batch'], input, total + wanted.length * 128 + 1024 * 1024);
    let offset = 0;
    for (const w of wanted) {
      const newline = output.indexOf(0x0a, offset);
      const header = output.subarray(offset, newline).toString('utf8').split(' ');
      if (newline < 0 || header[1] !== 'blob') {
        problems.push({ path: w.path, kind: 'unreadable', message: `git object ${w.object} could not be read` });
        if (newline < 0) break;
        offset = newline + 1;
        continue;
      }
      const size = Number(header[2]);
      const start = newline + 1;
      files.set(w.path, new Uint8Array(output.subarray(start, start + size)));
      offset = start + size + 1; // the content is followed by a newline
    }
  }
  return { source: new MemorySource(`git:${ref}`, files, problems), repoRoot, commit };
}

/**
 * Whether `name` is a commit in the repository holding `cwd` (`HEAD~1`, `main`, a hash): for the
 * "did you mean git:HEAD~1?" hint when a bare revision was given where a path was expected.
 */
export function namesCommit(cwd: string, name: string): boolean {
  if (!/^[A-Za-z0-9._/@{}~^-]+$/.test(name) || name.startsWith('-')) return false;
  try {
    git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${name}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}
