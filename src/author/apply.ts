/**
 * Writes a plan: refuses the whole plan when any file to create already exists (scaffolding
 * never overwrites), then writes every file atomically. Returns what was written, for the CLI to
 * print.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/write-atomic.js';
import { AuthorError, type FileChange } from './plan.js';

export function applyPlan(root: string, changes: readonly FileChange[]): void {
  for (const change of changes) {
    if ((change.action === 'create' || change.action === 'move') && existsSync(join(root, change.path))) {
      throw new AuthorError(`${change.path} already exists; nothing was written (scaffolding never overwrites a file)`);
    }
  }
  for (const change of changes) writeFileAtomic(join(root, change.path), change.content);
  for (const change of changes) if (change.action === 'move' && change.from !== undefined) rmSync(join(root, change.from));
}
