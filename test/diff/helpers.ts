/** Small in-memory contract sets and schema pairs for the diff tests. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { diffSchemaFiles } from '../../src/diff/contract-diff.js';
import type { Change, Policy, Witness } from '../../src/diff/types.js';
import { createAjv, dialectOf } from '../../src/schema/compile.js';
import { loadContractSet } from '../../src/load/loader.js';
import { MemorySource } from '../../src/load/source.js';
import type { ContractSet } from '../../src/model/types.js';
import { fileIn } from '../helpers.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const MINIMAL = join(ROOT, 'fixtures', 'minimal', 'contracts');
export const RELEASE_OLD = join(ROOT, 'fixtures', 'diff', '2.0.0', 'contracts');
export const RELEASE_NEW = join(ROOT, 'fixtures', 'diff', '2.0.1', 'contracts');

const encoder = new TextEncoder();

/** A model from `{ path: value }`; strings are taken as file text, anything else is JSON-encoded. */
export function modelOf(files: Record<string, unknown>, label = 'memory'): ContractSet {
  const map = new Map<string, Uint8Array>();
  for (const [path, value] of Object.entries(files)) map.set(path, encoder.encode(typeof value === 'string' ? value : JSON.stringify(value, null, 2) + '\n'));
  return loadContractSet(new MemorySource(label, map));
}

/** Every file of a folder as `{ relative path: text }`. */
export function readTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      if (statSync(full).isDirectory()) walk(full, rel);
      else out[rel] = readFileSync(full, 'utf8');
    }
  };
  walk(root, '');
  return out;
}

export function diffPair(before: unknown, after: unknown, policy: Policy = 'lenient', dialect: '2020-12' | 'draft-07' = '2020-12'): Change[] {
  return diffSchemaFiles(modelOf({ 'old.json': before }), 'old.json', modelOf({ 'new.json': after }), 'new.json', { policy, dialect });
}

/** A JSON edit of a tree: parse the file, change it, write it back (2-space JSON). */
export function editJson(files: Record<string, string>, path: string, edit: (value: any) => void): Record<string, string> {
  const value = JSON.parse(fileIn(files, path));
  edit(value);
  return { ...files, [path]: JSON.stringify(value, null, 2) + '\n' };
}

export interface TarEntry {
  name: string;
  content?: string | Uint8Array;
  type?: 'file' | 'symlink' | 'link' | 'character-device' | 'fifo' | 'directory';
  linkname?: string;
}

/** A gzipped tar built in memory, entries in the given order (as `npm pack` would, or worse). */
export async function packTarball(entries: TarEntry[]): Promise<Buffer> {
  const { default: tar } = await import('tar-stream');
  const { gzipSync } = await import('node:zlib');
  const pack = tar.pack();
  for (const e of entries) {
    const header = { name: e.name, type: e.type ?? 'file', linkname: e.linkname, mtime: new Date(0), mode: e.type === 'directory' ? 0o755 : 0o644 };
    if (e.content !== undefined) pack.entry(header, Buffer.from(e.content));
    else pack.entry(header);
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

/** `npm pack` layout for a contracts folder: package/package.json and package/contracts/**. */
export async function npmPack(contracts: string, version: string, extra: TarEntry[] = []): Promise<Buffer> {
  const files = readTree(contracts);
  const entries: TarEntry[] = [{ name: 'package/package.json', content: JSON.stringify({ name: '@sguild/dispatcher', version }, null, 2) + '\n' }];
  for (const [path, text] of Object.entries(files)) entries.push({ name: `package/contracts/${path}`, content: text });
  return packTarball([...entries, ...extra]);
}

/** One ajv per dialect: a fresh one compiles its meta-schema first, which was 70% of the kind tests' time. */
const ajvByDialect = new Map<string, ReturnType<typeof createAjv>>();

/** ajv's verdict on a value, compiled straight from the raw schema (independently of the differ's own validators). */
export function ajvAccepts(schema: unknown, value: unknown, dialect: '2020-12' | 'draft-07' = '2020-12'): boolean {
  if (typeof schema === 'boolean') return schema;
  const resolved = dialectOf(schema, dialect);
  let ajv = ajvByDialect.get(resolved);
  if (!ajv) ajvByDialect.set(resolved, (ajv = createAjv(resolved)));
  const validate = ajv.compile(schema as object);
  // Forgotten again, so that the next schema may reuse this one's $id.
  ajv.removeSchema(schema as object);
  return validate(value);
}

/**
 * Checks every witness of every change against both schemas with ajv (throws when one does not
 * validate as claimed) and returns the incompatible changes that carry no witness for a broken direction.
 */
export function checkWitnesses(changes: readonly Change[], before: unknown, after: unknown, dialect: '2020-12' | 'draft-07' = '2020-12'): Change[] {
  const missing: Change[] = [];
  for (const c of changes) {
    const witnesses = [c.witness, c.reverseWitness].filter((w): w is Witness => w !== undefined);
    for (const w of witnesses) {
      const [accepting, rejecting] = w.acceptedBy === 'old' ? [before, after] : [after, before];
      if (!ajvAccepts(accepting, w.value, dialect) || ajvAccepts(rejecting, w.value, dialect)) {
        throw new Error(`${c.kind} ${c.pointer}: witness ${JSON.stringify(w.value)} is not accepted by ${w.acceptedBy} and rejected by the other`);
      }
    }
    const has = (by: 'old' | 'new') => witnesses.some((w) => w.acceptedBy === by);
    if ((!c.backward && !has('old')) || (!c.forward && !has('new'))) missing.push(c);
  }
  return missing;
}
