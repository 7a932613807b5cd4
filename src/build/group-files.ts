/**
 * The output files of one group of validators (src/build/validators.ts): `validators/group-N.js`
 * (or `validators/envelope.js`) with its CommonJS twin, and what validators.js needs to know of
 * them (the validators' names, the schemas that do not compile, the runtime helpers required).
 *
 * Each group is a file of its own so that after a one-schema edit the build rewrites one group's
 * files, not all of the validator code: a cached group is kept as a small description (its files'
 * hashes among it), and its text is loaded from the cache only when a file must be written
 * (the output folder does not hold it already). Whether a group's text comes from the cache, a
 * worker thread or this thread, it is the same text.
 */
import { SAFE_REGEXP_NAME } from '../core/safe-regexp.js';
import { GENERATED_NOTICE, type GeneratedFile } from './generator-types.js';
import { toCommonJs } from './gen-package.js';
import { contentHash } from './manifest.js';
import type { Dialect } from '../schema/compile.js';
import type { GroupJob, GroupOutput } from './validators.js';

/** A group's files and what validators.js needs to know of them. */
export interface GroupResult {
  /** Per JSON Schema dialect, the names of its validators (`v<index of the member>`, or `envelope`). */
  blocks: { dialect: Dialect; names: string[] }[];
  /** path → ajv's reason, for members that do not compile. */
  failed: Record<string, string>;
  aliased: boolean;
  specs: string[];
  /** Whether its code uses the backtracking-safe pattern engine. */
  safe: boolean;
  /** The ES module, then its CommonJS twin; each with its hash. */
  files: GeneratedFile[];
}

/** A cached group's description: the result without its files' text. */
export type GroupMeta = Omit<GroupResult, 'files'> & { files: { path: string; hash: string }[] };

/** The function a group module exports for a dialect's validators (called by validators.js). */
export function factoryName(dialect: Dialect): string {
  return `validators_${dialect.replace(/-/g, '')}`;
}

/** The group's ES module: one function per dialect, taking the vendored `require` and the safe pattern engine. */
function groupModule(output: GroupOutput, job: GroupJob): string {
  const lines = [
    `// ${GENERATED_NOTICE}`,
    `// ajv standalone code for ${job.title}: one function per JSON Schema dialect, which ../validators.js calls`,
    '// with its vendored ajv runtime helpers (require) and the backtracking-safe pattern engine.',
  ];
  for (const block of output.blocks) {
    lines.push(`export function ${factoryName(block.dialect)}(require, ${SAFE_REGEXP_NAME}) {`, block.body, `return { ${block.names.join(', ')} };`, '}');
  }
  return lines.join('\n') + '\n';
}

const usesEngine = new RegExp(`\\b${SAFE_REGEXP_NAME}\\b`);

/** The group's files from its generated code (on a worker thread or this one). */
export function renderGroup(output: GroupOutput, job: GroupJob): GroupResult {
  const esm = groupModule(output, job);
  return {
    blocks: output.blocks.map(({ dialect, names }) => ({ dialect, names })),
    failed: output.failed,
    aliased: output.aliased,
    specs: output.specs,
    safe: output.blocks.some((block) => usesEngine.test(block.body)),
    files: filesOf(job.file, esm),
  };
}

/** The ES module's file and its twin's, with their hashes. */
function filesOf(file: string, esm: string): GeneratedFile[] {
  const cjs = toCommonJs(esm, `${file}.js`);
  return [
    { path: `${file}.js`, content: esm, hash: contentHash(esm) },
    { path: `${file}.cjs`, content: cjs, hash: contentHash(cjs) },
  ];
}

export function metaOf(result: GroupResult): GroupMeta {
  return { ...result, files: result.files.map((f) => ({ path: f.path, hash: f.hash ?? contentHash(f.content) })) };
}

/**
 * A cached group: its description, with files whose text is loaded (by `load`, once) only when
 * read. The loaded text must have the hashes the description recorded.
 */
export function fromMeta(meta: GroupMeta, file: string, load: () => string): GroupResult {
  let loaded: GeneratedFile[] | undefined;
  const text = (path: string, hash: string) => {
    loaded ??= filesOf(file, load());
    const found = loaded.find((f) => f.path === path);
    // Generation is deterministic and entries verify their own hash: a mismatch is a bug.
    if (found?.hash !== hash) throw new Error(`the validator code of ${path} differs from what its cached description records`);
    return found.content;
  };
  return { ...meta, files: meta.files.map(({ path, hash }) => ({ path, hash, get content() { return text(path, hash); } })) };
}

/** The schema of a cached group description (src/core/content-cache.ts): anything else is a miss. */
export function isGroupMeta(value: unknown): value is GroupMeta {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  const strings = (a: unknown) => Array.isArray(a) && a.every((x) => typeof x === 'string');
  if (typeof v.aliased !== 'boolean' || typeof v.safe !== 'boolean' || !strings(v.specs) || !Array.isArray(v.blocks) || !Array.isArray(v.files)) return false;
  if (v.failed === null || typeof v.failed !== 'object' || Array.isArray(v.failed) || !Object.values(v.failed).every((x) => typeof x === 'string')) return false;
  if (v.files.length !== 2 || !v.files.every((f: unknown) => f !== null && typeof f === 'object' && typeof (f as { path?: unknown }).path === 'string' && typeof (f as { hash?: unknown }).hash === 'string')) return false;
  return v.blocks.every((b: unknown) => b !== null && typeof b === 'object' && typeof (b as { dialect?: unknown }).dialect === 'string' && strings((b as { names?: unknown }).names));
}

/** The schema of a cached group's ES module text. */
export function isGroupText(value: unknown): value is { esm: string } {
  return value !== null && typeof value === 'object' && typeof (value as { esm?: unknown }).esm === 'string';
}
