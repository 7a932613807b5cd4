/**
 * Findings remembered per unit of a rule's work (one example, one pair of versions, one schema
 * file), so a check after a one-file edit redoes only the units that read the edited file.
 *
 * A unit's key is the rule, the unit's own name and the content hashes of every file it reads
 * (with the settings it depends on); the rule names them, using `fileHash` and `closureHash`
 * below. Same key, same findings: a unit's findings must depend on nothing but what its key
 * names, never on other units (test/rules/memo.test.ts runs edits with and without the memo and
 * compares the findings). The tables live in the content-hash cache (src/core/content-cache.ts),
 * one entry per rule and contract folder, verified like every entry; a table holds the units of
 * the last run only, so it never grows past the set.
 */
import { createHash } from 'node:crypto';
import { partKey, type ContentCache } from '../core/content-cache.js';
import { isObject } from '../core/objects.js';
import type { ContractSet } from '../model/types.js';
import { schemaRefs } from '../schema/ref-index.js';
import type { RefTarget } from '../schema/refs.js';
import type { Finding } from './define.js';

export interface RuleMemo {
  /**
   * The unit's findings: remembered ones when a unit with this key ran before, else `compute()`'s.
   * `compute` calls `uncacheable()` when its findings depend on more than the key (they are then not kept).
   */
  findings(rule: string, parts: readonly string[], compute: (uncacheable: () => void) => Finding[]): Finding[];
}

interface Table {
  /** Unit key → findings. */
  units: Record<string, Finding[]>;
}

/** A memo kept in `cache` for the contract folder `scope`; `save()` writes what changed. */
export class StoredRuleMemo implements RuleMemo {
  private readonly tables = new Map<string, { loaded: Record<string, Finding[]>; used: Record<string, Finding[]>; missed: number }>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly cache: ContentCache,
    private readonly scope: string,
  ) {}

  findings(rule: string, parts: readonly string[], compute: (uncacheable: () => void) => Finding[]): Finding[] {
    const table = this.table(rule);
    const key = unitKey(rule, parts);
    const known = Object.hasOwn(table.loaded, key) ? table.loaded[key] : undefined;
    if (known) {
      this.hits++;
      table.used[key] = known;
      return known.map((f) => structuredClone(f));
    }
    this.misses++;
    let keep = true;
    const found = compute(() => void (keep = false));
    if (keep) {
      table.used[key] = found.map((f) => structuredClone(f));
      table.missed++;
    }
    return found;
  }

  /** Writes every table that changed: units computed this run, or units of the last run no longer present. */
  save(): void {
    for (const [rule, table] of this.tables) {
      if (!table.missed && Object.keys(table.used).length === Object.keys(table.loaded).length) continue;
      this.cache.set(tableKey(this.scope, rule), { units: table.used } satisfies Table);
    }
  }

  private table(rule: string) {
    let table = this.tables.get(rule);
    if (!table) {
      const stored = this.cache.get(tableKey(this.scope, rule), isTable);
      table = { loaded: stored?.units ?? Object.create(null), used: Object.create(null), missed: 0 };
      this.tables.set(rule, table);
    }
    return table;
  }
}

const tableKey = (scope: string, rule: string) => partKey('rule-memo', [scope, rule]);
const unitKey = (rule: string, parts: readonly string[]) => {
  const hash = createHash('sha256').update(rule);
  for (const part of parts) hash.update(`\0${part.length}\0${part}`);
  return hash.digest('hex');
};

function isTable(value: unknown): value is Table {
  if (!isObject(value) || !isObject(value.units)) return false;
  return Object.values(value.units).every((list) => Array.isArray(list) && list.every(isFinding));
}

const RANGE_KEYS = ['line', 'column', 'endLine', 'endColumn'];

function isFinding(value: unknown): value is Finding {
  if (!isObject(value) || typeof value.file !== 'string') return false;
  // A finding has its text, or a message id of its rule with the arguments (src/diagnostics/pipeline.ts).
  if (value.message !== undefined ? typeof value.message !== 'string' : typeof value.messageId !== 'string') return false;
  if (value.messageId !== undefined && (typeof value.messageId !== 'string' || !isObject(value.args))) return false;
  if (value.pointer !== undefined && typeof value.pointer !== 'string') return false;
  if (value.at !== undefined && value.at !== 'key' && value.at !== 'value') return false;
  if (value.severity !== undefined && !['error', 'warning', 'info'].includes(value.severity as string)) return false;
  if (value.range !== undefined && !(isObject(value.range) && RANGE_KEYS.every((k) => Number.isSafeInteger((value.range as Record<string, unknown>)[k])))) return false;
  if (value.fix !== undefined && !(isObject(value.fix) && typeof value.fix.description === 'string' && Array.isArray(value.fix.edits))) return false;
  return true;
}

// ---- what a unit reads ------------------------------------------------------------------------

const fileHashes = new WeakMap<ContractSet, Map<string, string>>();

/**
 * Makes `fileHash` answer with the digests of the files' bytes (src/core/content-cache.ts
 * fileDigests, which the caller computed for its cache key anyway) instead of hashing their text
 * again. Either is a hash of the content; a table filled under one simply misses under the other.
 */
export function useFileDigests(model: ContractSet, digests: ReadonlyMap<string, string>): void {
  const hashes = new Map<string, string>();
  for (const path of [...model.json.keys(), ...model.docs.map((d) => d.path)]) {
    const digest = digests.get(path);
    if (digest !== undefined) hashes.set(path, `bytes ${digest}`);
  }
  fileHashes.set(model, hashes);
}

/** A file's content hash ('-' when the set has no such parsed file). */
export function fileHash(model: ContractSet, path: string): string {
  let hashes = fileHashes.get(model);
  if (!hashes) fileHashes.set(model, (hashes = new Map()));
  let hash = hashes.get(path);
  if (hash === undefined) {
    const text = model.json.get(path)?.doc.text ?? model.docs.find((d) => d.path === path)?.text;
    hash = text === undefined ? '-' : createHash('sha256').update(text).digest('hex');
    hashes.set(path, hash);
  }
  return hash;
}

const closures = new WeakMap<ContractSet, { refs: Map<string, { line: string; file?: string }[]>; hashes: Map<string, string> }>();

/**
 * A schema file's content hash together with every file its `$ref`s reach (transitively), and
 * how each reference resolved: it changes when any of them changes, or when a reference starts
 * or stops resolving, or resolves elsewhere.
 */
export function closureHash(model: ContractSet, path: string): string {
  let state = closures.get(model);
  if (!state) {
    const refs = new Map<string, { line: string; file?: string }[]>();
    for (const ref of schemaRefs(model)) {
      const list = refs.get(ref.file) ?? [];
      const { value: _value, ...target } = ref.target as RefTarget & { value?: unknown };
      list.push({ line: JSON.stringify([ref.pointer, ref.keyword, ref.ref, target]), ...('file' in target ? { file: target.file } : {}) });
      refs.set(ref.file, list);
    }
    closures.set(model, (state = { refs, hashes: new Map() }));
  }
  let hash = state.hashes.get(path);
  if (hash === undefined) {
    const seen = new Set([path]);
    const queue = [path];
    const lines: string[] = [];
    for (const file of queue) {
      // (the queue grows while it is walked)
      lines.push(`${file} ${fileHash(model, file)}`);
      for (const ref of state.refs.get(file) ?? []) {
        lines.push(ref.line);
        if (ref.file !== undefined && !seen.has(ref.file)) {
          seen.add(ref.file);
          queue.push(ref.file);
        }
      }
    }
    hash = createHash('sha256').update(lines.join('\n')).digest('hex');
    state.hashes.set(path, hash);
  }
  return hash;
}
