/**
 * The manifest a build leaves in its output folder (every generated file with its content hash),
 * and the small helpers around it. Kept apart from the generators so that checking an output
 * folder (build --check, an unchanged rebuild) never loads the code generators.
 */
import { createHash } from 'node:crypto';
import type { GeneratedFile } from './generator-types.js';
import { byCodeUnit } from './type-plan.js';

/** Lists what the build wrote, with content hashes, so a later build removes only its own files. */
export const MANIFEST_FILE = '.sguild-contracts-manifest.json';

export function isSafeRelativePath(path: string): boolean {
  if (!path || path.includes('\\') || path.includes('\0') || path.startsWith('/')) return false;
  return path.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

export function contentHash(content: string | Uint8Array): string {
  return `sha256:${createHash('sha256').update(content).digest('hex')}`;
}

/** A generated file's content hash: the one its generator recorded, else computed. */
export function hashOf(file: GeneratedFile): string {
  return file.hash ?? contentHash(file.content);
}

export function manifestFor(files: readonly GeneratedFile[]): GeneratedFile {
  const entries = [...files].sort((a, b) => byCodeUnit(a.path, b.path)).map((f) => [f.path, hashOf(f)]);
  const manifest = { generatedBy: 'sguild-contracts build', files: Object.fromEntries(entries) };
  return { path: MANIFEST_FILE, content: JSON.stringify(manifest, null, 2) + '\n' };
}

/** The files a manifest lists with their hashes; empty when it is missing or not ours. */
export function parseManifest(text: string | undefined): Map<string, string> {
  const files = new Map<string, string>();
  if (text === undefined) return files;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return files;
  }
  const listed = value !== null && typeof value === 'object' ? (value as { files?: unknown }).files : undefined;
  if (listed === null || typeof listed !== 'object' || Array.isArray(listed)) return files;
  for (const [path, hash] of Object.entries(listed)) {
    // A hand-edited manifest must not be able to point outside the output folder.
    if (typeof hash === 'string' && isSafeRelativePath(path) && path !== MANIFEST_FILE) files.set(path, hash);
  }
  return files;
}
