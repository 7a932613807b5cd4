/**
 * `build` as data: check the model, run every generator, and return the files to write (with
 * the manifest that records them) or the diagnostics that stop the build. Prints nothing and
 * writes nothing; src/build/output.ts writes, src/cli/commands/build.ts prints.
 */
import { checkModel, type CheckStats } from '../check.js';
import type { ContentCache } from '../core/content-cache.js';
import { compareDiagnostics, type Diagnostic } from '../core/diagnostic.js';
import type { ContractSet } from '../model/types.js';
import type { Rule } from '../rules/define.js';
import { toDiagnostic } from '../rules/run.js';
import { GENERATORS, type GeneratedFile, type Generator } from './generators.js';
import { isSafeRelativePath, manifestFor, MANIFEST_FILE } from './manifest.js';
import { byCodeUnit, type BuildFinding } from './type-plan.js';

export { contentHash, isSafeRelativePath, manifestFor, MANIFEST_FILE, parseManifest } from './manifest.js';

export interface BuildOptions {
  /** How the contracts folder is shown in diagnostics, e.g. `contracts`. */
  displayRoot: string;
  generators?: readonly Generator[];
  /** Pieces of earlier builds' output (src/core/content-cache.ts), for generators that can reuse them. */
  cache?: ContentCache;
}

export type BuildResult =
  | { ok: true; files: GeneratedFile[]; stats: CheckStats }
  | { ok: false; stage: 'check' | 'generate'; diagnostics: Diagnostic[]; stats: CheckStats; rules: readonly Pick<Rule, 'id' | 'severity' | 'description' | 'help'>[] };

const BUILD_RULES = [
  { id: 'build/type-name-collision', severity: 'error' as const, description: 'Two things would get the same generated TypeScript name', help: 'Generated names are never suffixed with numbers; rename one of the colliding event types or definitions.' },
  { id: 'build/type-generation-failed', severity: 'error' as const, description: 'A schema could not be turned into a TypeScript type', help: 'Simplify the schema or report it.' },
];

export async function buildModel(model: ContractSet, options: BuildOptions): Promise<BuildResult> {
  const check = checkModel(model, { displayRoot: options.displayRoot });
  if (check.diagnostics.some((d) => d.severity === 'error')) {
    return { ok: false, stage: 'check', diagnostics: check.diagnostics, stats: check.stats, rules: check.rules };
  }

  const files: GeneratedFile[] = [];
  const findings: BuildFinding[] = [];
  for (const generator of options.generators ?? GENERATORS) {
    const produced = await generator.generate(model, { files: [...files], report: (f) => void findings.push(f), cache: options.cache });
    files.push(...produced);
  }
  if (findings.length) {
    const seen = new Set<string>();
    const diagnostics: Diagnostic[] = [];
    for (const f of findings) {
      const d = toDiagnostic(model, { id: f.rule, severity: 'error' }, f, options.displayRoot);
      const key = `${d.rule}\0${d.file}\0${d.line}\0${d.column}\0${d.message}`;
      if (!seen.has(key)) diagnostics.push(d);
      seen.add(key);
    }
    return { ok: false, stage: 'generate', diagnostics: diagnostics.sort(compareDiagnostics), stats: check.stats, rules: BUILD_RULES };
  }

  const paths = new Set<string>();
  for (const file of files) {
    // Generators are code, not input: a bad path is a bug, and must never reach the file system.
    if (!isSafeRelativePath(file.path) || file.path === MANIFEST_FILE || paths.has(file.path)) throw new Error(`a generator produced an invalid or duplicate output path: ${JSON.stringify(file.path)}`);
    paths.add(file.path);
  }
  files.sort((a, b) => byCodeUnit(a.path, b.path));
  return { ok: true, files: [...files, manifestFor(files)], stats: check.stats };
}

