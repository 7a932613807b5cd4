/**
 * Tripwires for "nothing read or written outside the folders given, no network, ever". The
 * file-system functions of `node:fs` and `node:fs/promises` are wrapped (and the ESM named
 * exports re-synced, so `import { readFileSync } from 'node:fs'` in the tool sees the wrappers);
 * sockets, DNS, fetch and child processes are wrapped too. A call on a path outside the allowed
 * roots is recorded as a violation; writes outside are also refused, so a test run cannot damage
 * anything. Module loading (tsx, node's loader) does not go through these functions.
 */
import childProcess from 'node:child_process';
import dns from 'node:dns';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { isAbsolute, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Violation {
  kind: 'read' | 'write' | 'network' | 'process';
  what: string;
  call: string;
}

interface GuardState {
  read: string[];
  write: string[];
  violations: Violation[];
}

let state: GuardState | undefined;

// Calls that read contents. Existence probes (stat, exists, realpath) are not counted: looking
// for a configuration file or a cache folder in the working folder reveals nothing of any file.
const READS = ['readFileSync', 'openSync', 'readdirSync', 'opendirSync', 'createReadStream', 'readFile', 'open', 'readdir', 'opendir', 'readlinkSync', 'readlink'];
const WRITES = ['writeFileSync', 'appendFileSync', 'mkdirSync', 'renameSync', 'rmSync', 'unlinkSync', 'rmdirSync', 'copyFileSync', 'cpSync', 'symlinkSync', 'linkSync', 'truncateSync', 'createWriteStream', 'writeFile', 'appendFile', 'mkdir', 'rename', 'rm', 'unlink', 'rmdir', 'copyFile', 'cp', 'symlink', 'link', 'truncate', 'chmodSync', 'chmod', 'utimesSync', 'mkdtempSync', 'mkdtemp'];
// Calls whose second path argument is a destination.
const TWO_PATHS = new Set(['renameSync', 'copyFileSync', 'cpSync', 'symlinkSync', 'linkSync', 'rename', 'copyFile', 'cp', 'symlink', 'link']);

function toPath(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof URL) return value.protocol === 'file:' ? fileURLToPath(value) : undefined;
  if (Buffer.isBuffer(value)) return value.toString();
  return undefined; // file descriptors: the open was checked
}

function inside(path: string, roots: readonly string[]): boolean {
  const absolute = resolve(path);
  return roots.some((root) => absolute === root || absolute.startsWith(root.endsWith(sep) ? root : root + sep));
}

function check(kind: 'read' | 'write', call: string, value: unknown): void {
  if (!state) return;
  const path = toPath(value);
  if (path === undefined) return;
  const roots = kind === 'read' ? [...state.read, ...state.write] : state.write;
  if (inside(path, roots)) return;
  state.violations.push({ kind, what: isAbsolute(path) ? path : `${path} (relative to ${process.cwd()})`, call });
  if (kind === 'write') {
    const error = new Error(`EACCES: guarded write outside the allowed folders: ${path}`) as NodeJS.ErrnoException;
    error.code = 'EACCES';
    throw error;
  }
}

let installed = false;

function wrap(target: Record<string, unknown>, name: string, kind: 'read' | 'write', label: string): void {
  const original = target[name];
  if (typeof original !== 'function') return;
  const wrapped = function (this: unknown, ...args: unknown[]) {
    check(kind, `${label}.${name}`, args[0]);
    if (TWO_PATHS.has(name)) check(kind === 'read' ? 'read' : 'write', `${label}.${name}`, args[1]);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  Object.defineProperty(wrapped, 'name', { value: name });
  target[name] = wrapped;
}

function install(): void {
  if (installed) return;
  installed = true;
  const targets: [Record<string, unknown>, string][] = [
    [fs, 'fs'],
    [fs.promises, 'fs.promises'],
  ];
  for (const [target, label] of targets) {
    for (const name of READS) wrap(target, name, 'read', label);
    for (const name of WRITES) wrap(target, name, 'write', label);
  }
  syncBuiltinESMExports();

  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    if (state) {
      const first = args[0] as { host?: string; port?: number; path?: string } | number | string;
      state.violations.push({ kind: 'network', what: typeof first === 'object' ? `${first.host ?? first.path ?? ''}:${first.port ?? ''}` : String(first), call: 'net.Socket.connect' });
      throw new Error('guarded: network access attempted');
    }
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  };
  const lookup = dns.lookup;
  dns.lookup = function (this: unknown, ...args: unknown[]) {
    if (state) state.violations.push({ kind: 'network', what: String(args[0]), call: 'dns.lookup' });
    return (lookup as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof lookup;
  const fetch = globalThis.fetch;
  globalThis.fetch = (async (...args: Parameters<typeof fetch>) => {
    if (state) {
      state.violations.push({ kind: 'network', what: String(args[0]), call: 'fetch' });
      throw new Error('guarded: network access attempted');
    }
    return fetch(...args);
  });
  for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
    const original = childProcess[name] as (...a: unknown[]) => unknown;
    (childProcess as unknown as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
      if (state) state.violations.push({ kind: 'process', what: String(args[0]), call: `child_process.${name}` });
      return original.apply(this, args);
    };
  }
  syncBuiltinESMExports();
}

/** Roots the tool's own code is read from (its sources, compiled output, dependencies, package.json). */
export function codeRoots(repoRoot: string): string[] {
  return ['src', 'lib', 'bin', 'runtime', 'node_modules', 'schemas', 'package.json'].map((p) => resolve(repoRoot, p));
}

/**
 * Runs `fn` with the tripwires armed: reads allowed under `read` (and `write`), writes under
 * `write`. Returns what `fn` returned and every violation seen. Not re-entrant.
 */
export async function guarded<T>(roots: { read: string[]; write: string[] }, fn: () => Promise<T>): Promise<{ value: T; violations: Violation[] }> {
  install();
  if (state) throw new Error('guarded() is not re-entrant');
  state = { read: roots.read.map((r) => resolve(r)), write: roots.write.map((r) => resolve(r)), violations: [] };
  const current = state;
  try {
    const value = await fn();
    return { value, violations: current.violations };
  } finally {
    state = undefined;
  }
}
