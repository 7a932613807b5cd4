/**
 * The seed corpus: the bundled contract set, read once into memory. Every case mutates a copy of
 * (a scope of) this bytes map, never the files themselves.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isObj, parseTree, stringifyTree, type JObject } from './json-tree.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export type Files = Map<string, Uint8Array>;

export interface Corpus {
  /** Where it came from, relative to the repository (for the report). */
  label: string;
  files: Files;
  /** Contract folders other than event-envelope, sorted. */
  contracts: string[];
}

const REGISTRY = 'event-types-registry.json';

/** Reads the bundled `contracts/` (or `fixtures/minimal/contracts` while the bundled set is being written). */
export function loadCorpus(root?: string): Corpus {
  const candidates = root ? [root] : [join(REPO_ROOT, 'contracts'), join(REPO_ROOT, 'fixtures/minimal/contracts')];
  for (const dir of candidates) {
    if (!existsSync(join(dir, REGISTRY))) continue;
    const files: Files = new Map();
    readTree(dir, '', files);
    const contracts = [...new Set([...files.keys()].filter((p) => p.includes('/')).map((p) => p.slice(0, p.indexOf('/'))))]
      .filter((c) => c !== 'event-envelope')
      .sort();
    return { label: dir.startsWith(REPO_ROOT) ? dir.slice(REPO_ROOT.length) : dir, files, contracts };
  }
  throw new Error(`no contract set found (looked in ${candidates.join(', ')})`);
}

function readTree(root: string, rel: string, out: Files): void {
  for (const name of readdirSync(join(root, rel)).sort()) {
    const path = rel ? `${rel}/${name}` : name;
    const stat = statSync(join(root, path));
    if (stat.isDirectory()) readTree(root, path, out);
    else if (stat.isFile()) out.set(path, new Uint8Array(readFileSync(join(root, path))));
  }
}

/**
 * A smaller, still consistent contract set: the registry, the envelope folder, the root docs and
 * the chosen contract folders, with the registry's event types narrowed to those folders. Small
 * scopes keep a case fast; the full set is used too (the `full` scope), so nothing is lost.
 */
export function scopeOf(corpus: Corpus, chosen: readonly string[] | 'full'): Files {
  if (chosen === 'full') return new Map(corpus.files);
  const keep = new Set(['event-envelope', ...chosen]);
  const files: Files = new Map();
  for (const [path, bytes] of corpus.files) {
    const slash = path.indexOf('/');
    if (slash < 0 || keep.has(path.slice(0, slash))) files.set(path, bytes);
  }
  const registry = files.get(REGISTRY);
  if (registry) {
    const tree = parseTree(new TextDecoder().decode(registry));
    const types = isObj(tree) ? tree.entries.find(([k]) => k === 'event_types')?.[1] : undefined;
    if (isObj(types)) {
      types.entries = types.entries.filter(([, entry]) => {
        const contract = isObj(entry) ? entry.entries.find(([k]) => k === 'contract')?.[1] : undefined;
        return typeof contract === 'string' && keep.has(contract);
      });
      files.set(REGISTRY, new TextEncoder().encode(stringifyTree(tree as JObject)));
    }
  }
  return files;
}
