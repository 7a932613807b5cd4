/**
 * `build` as data: check the model, run every generator, and return the files to write (with
 * the manifest that records them) or the diagnostics that stop the build. Prints nothing and
 * writes nothing; src/build/output.ts writes, src/cli/commands/build.ts prints.
 */
import { lintModel, type CheckStats, type DiagnosticConfig } from '../check.js';
import type { ContentCache } from '../core/content-cache.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Baseline } from '../diagnostics/baseline.js';
import { describeDiagnostic, type DiagnosticInfo } from '../diagnostics/catalogue.js';
import { Collector } from '../diagnostics/pipeline.js';
import { DEFAULT_CONFIG } from '../config/load.js';
import { modelPositioning } from '../model/positioning.js';
import type { ContractSet } from '../model/types.js';
import { StoredRuleMemo } from '../rules/memo.js';
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
  /** The configuration `check` reads (default: none), so both report the same and stop on the same. */
  config?: DiagnosticConfig;
  /** The configuration's (or --baseline's) baseline, as for `check`. */
  baseline?: Baseline;
}

export type BuildResult =
  | { ok: true; files: GeneratedFile[]; stats: CheckStats }
  | { ok: false; stage: 'check' | 'generate'; diagnostics: Diagnostic[]; stats: CheckStats; rules: readonly DiagnosticInfo[]; ignored?: number; baselined?: number };

export async function buildModel(model: ContractSet, options: BuildOptions): Promise<BuildResult> {
  const generators = options.generators ?? GENERATORS;
  // Generators with long work (the validators' code, on worker threads) begin now, beside the check.
  const stops = generators.flatMap((generator) => (generator.start ? [generator.start(model, options.cache)] : []));
  try {
    return await checkAndGenerate(model, generators, options);
  } finally {
    for (const stop of stops) stop(); // after generate: nothing left to stop
  }
}

async function checkAndGenerate(model: ContractSet, generators: readonly Generator[], options: BuildOptions): Promise<BuildResult> {
  // Exactly `check`'s pipeline under the same configuration: the build stops when `check` fails.
  // With a cache, the rules reuse the findings of units no edit touched (src/rules/memo.ts).
  const memo = options.cache ? new StoredRuleMemo(options.cache, `build ${model.label}`) : undefined;
  const check = lintModel(model, { displayRoot: options.displayRoot, config: options.config ?? DEFAULT_CONFIG, ...(options.baseline ? { baseline: options.baseline } : {}) }, memo);
  memo?.save();
  if (check.failed) {
    return { ok: false, stage: 'check', diagnostics: check.diagnostics, stats: check.stats, rules: check.rules, ignored: check.ignored, baselined: check.baselined };
  }

  const files: GeneratedFile[] = [];
  const findings: BuildFinding[] = [];
  for (const generator of generators) {
    const produced = await generator.generate(model, { files: [...files], report: (f) => void findings.push(f), cache: options.cache });
    files.push(...produced);
  }
  if (findings.length) {
    // Generation failures (build/type-generation-failed: only generating a type shows them) go through the same first stage.
    const collector = new Collector(modelPositioning(model, options.displayRoot));
    for (const f of findings) collector.add({ id: f.rule, severity: 'error' }, f);
    const diagnostics = collector.result();
    const rules = [...new Set(diagnostics.map((d) => d.rule))].flatMap((id) => describeDiagnostic(id) ?? []);
    return { ok: false, stage: 'generate', diagnostics, stats: check.stats, rules };
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

