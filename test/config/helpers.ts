/** Scratch repositories for configuration and baseline tests: a copy of a clean contract set with defects injected on demand. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nth } from '../helpers.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const MINIMAL = join(ROOT, 'fixtures', 'minimal', 'contracts');
export const PAYLOAD = 'contracts/lesson-lifecycle/schema/payloads/lesson.delivered-v1.json';

const created: string[] = [];
process.on('exit', () => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/** An empty scratch folder, removed when the test process exits. */
export function tempDir(prefix = 'sguild-ci-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** A fresh folder holding `contracts/` (a copy of `from`), standing for a repository root. */
export function scratchRepo(from = MINIMAL): string {
  const dir = tempDir();
  cpSync(from, join(dir, 'contracts'), { recursive: true });
  // The bundled set comes with the repository's configuration (its documented ignores).
  if (from === join(ROOT, 'contracts')) cpSync(join(ROOT, 'sguild-contracts.config.json'), join(dir, 'sguild-contracts.config.json'));
  return dir;
}

export function writeConfig(dir: string, config: unknown, name = 'sguild-contracts.config.json'): void {
  writeFileSync(join(dir, name), JSON.stringify(config, null, 2) + '\n');
}

/**
 * Repeats the line at `index` (0-based) of a JSON file: a member repeated with the same value is
 * a json/duplicate-key finding and nothing else, since the parsed value does not change.
 */
export function duplicateLine(dir: string, file: string, index: number): void {
  const path = join(dir, file);
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.splice(index, 0, nth(lines, index));
  writeFileSync(path, lines.join('\n'));
}

/** Single-line members (`"key": value,`) that can be repeated safely, as [file, line index]. */
export function duplicatableLines(dir: string, files: readonly string[]): [string, number][] {
  const member = /^\s*"(?:[^"\\]|\\.)*"\s*:\s*(?:"(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null)\s*,\s*$/;
  const found: [string, number][] = [];
  for (const file of files) {
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (member.test(line)) found.push([file, i]);
      });
  }
  return found;
}

export function removeFile(dir: string, file: string): void {
  rmSync(join(dir, file));
}

export interface JsonReport {
  summary: { errors: number; warnings: number; infos: number; suppressed?: { ignored: number; baselined: number } };
  diagnostics: { rule: string; severity: string; message: string; file: string; line: number; column: number; pointer: string | null }[];
}
