/** Shared helpers for the build tests: temporary folders and copies of contract trees. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

export const REPO = join(import.meta.dirname, '..', '..');
export const MINIMAL = join(REPO, 'fixtures', 'minimal', 'contracts');
export const BUNDLED = join(REPO, 'contracts');

const made: string[] = [];
// Registered at the top level, so folders made in `before` hooks live until the whole file is done.
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed when the test file ends. Holds a package.json marking .js files as ES modules. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sguild-build-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  made.push(dir);
  return dir;
}

/** Copies a contract tree to `<dir>/<name>` and returns its path. */
export function copyTree(from: string, dir: string, name = 'contracts'): string {
  const to = join(dir, name);
  cpSync(from, to, { recursive: true });
  return to;
}

/** Every file of a folder (including dot files) with its content, by relative path. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out[full.slice(dir.length + 1).split('\\').join('/')] = readFileSync(full, 'utf8');
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
