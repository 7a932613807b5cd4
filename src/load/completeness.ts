/**
 * Whether a contract set was loaded in full. A comparison (`diff`, `check --base`) that cannot
 * see every file of a side must fail, never pass: a registry that does not parse would
 * otherwise look like "no event types", and a schema over the size cap like "no change".
 * `check` reports each of these as its own diagnostic; the comparisons ask this module.
 */
import { REGISTRY_PATH, type ContractSet } from '../model/types.js';

export interface MissingPart {
  /** Path of the file (or folder) relative to the contract set's root. */
  path: string;
  cause: string;
}

/**
 * Every file of the set that the loader could not read or parse, sorted by path: unreadable or
 * over the size cap, a JSON file that is not JSON (syntax, encoding, nesting), and a missing
 * registry. Links and special files are not missing parts: they are never part of a set.
 * A Markdown document that is not UTF-8 is still compared (as best-effort text).
 */
export function missingParts(model: ContractSet, options: { registry: boolean } = { registry: true }): MissingPart[] {
  const parts = new Map<string, string>();
  const add = (path: string, cause: string) => {
    if (!parts.has(path)) parts.set(path, cause);
  };
  for (const problem of model.problems) {
    if (problem.kind === 'encoding' && problem.path.endsWith('.md')) continue;
    // Links, devices and unsafe archive entries are never part of a set (they are never followed):
    // each side is whole without them, and the diff warns about them.
    if (problem.kind === 'skipped') continue;
    if (problem.kind === 'missing' && !options.registry) continue; // a lone schema file has no registry
    if (problem.kind === 'missing' && problem.path === REGISTRY_PATH && model.paths.length === 0) add(problem.path, 'the folder holds no files at all (is it the contracts folder?)');
    else add(problem.path, problem.message);
  }
  for (const [path, file] of model.json) {
    if (file.doc.ok) continue;
    const first = file.doc.problems.find((p) => p.kind !== 'duplicate-key');
    add(path, first ? `${first.message} (line ${first.line}, column ${first.column})` : 'not valid JSON');
  }
  return [...parts].map(([path, cause]) => ({ path, cause })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** One line for a refusal: the side, what it is, and the first missing part (with a count of the rest). */
export function describeMissing(side: string, parts: readonly MissingPart[]): string {
  const first = parts[0];
  if (!first) return `${side} cannot be loaded in full, so it cannot be compared`;
  const more = parts.length > 1 ? ` (and ${parts.length - 1} more file${parts.length === 2 ? '' : 's'})` : '';
  return `${side} cannot be loaded in full, so it cannot be compared: ${first.path}: ${first.cause}${more}`;
}
