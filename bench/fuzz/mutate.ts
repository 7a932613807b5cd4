/**
 * Structural mutations of a contract set held in memory, as fast-check arbitraries plus the code
 * that applies them. A mutation names its targets by plain integers (taken modulo whatever exists
 * when it is applied), so cases are cheap to generate and any sequence of them is meaningful.
 */
import fc from 'fast-check';
import { posix } from 'node:path';
import type { Files } from './corpus.js';
import { allNodes, get, isObj, parseTree, pointerOf, replaceAt, set, stringifyTree, type JNode, type JObject } from './json-tree.js';
import { BAD_UTF8, FOLDERS, FORMATS, KEYS, NAMES, PATTERNS, REFS, REGISTRY_PATHS, SUBFOLDERS, VERSION_KEYS, pick } from './pools.js';

export type FileRef =
  | { kind: 'registry' | 'envelope' | 'ids' }
  | { kind: 'schema' | 'example' | 'doc' | 'json' | 'any'; n: number };

export type RefSpec = { kind: 'literal'; ref: string } | { kind: 'self' | 'root' | 'parent' } | { kind: 'file'; file: FileRef; fragment: string };

export type JsonOp =
  | { op: 'dropKey'; node: number; key: number }
  // oxlint-disable-next-line typescript/no-redundant-type-constituents -- 'same' is a marker, not a JSON string
  | { op: 'dupKey'; node: number; key: number; value: JNode | 'same' } // 'same': duplicate the key with its own value
  | { op: 'retype'; node: number; value: JNode }
  | { op: 'renameKey'; node: number; key: number; name: string }
  | { op: 'setRef'; node: number; ref: RefSpec }
  | { op: 'refCycle'; a: number; b: number }
  | { op: 'addKeyword'; node: number; key: string; value: JNode }
  | { op: 'replaceRoot'; value: JNode }
  | { op: 'nest'; node: number; depth: number; via: 'arr' | 'obj' | 'allOf' | 'not' | 'properties' };

export type ByteOp =
  | { op: 'truncate'; at: number }
  | { op: 'overwrite' | 'insert'; at: number; bytes: number[] }
  | { op: 'badUtf8'; at: number; seq: number }
  | { op: 'bom' | 'crlf' | 'empty' | 'whitespace' | 'cr' }
  | { op: 'junk'; bytes: number[] };

export interface PathSpec {
  folder: number | string;
  sub: string;
  name: string;
}

export type Mutation =
  | { on: FileRef; json: JsonOp }
  | { on: FileRef; bytes: ByteOp }
  | { file: 'drop'; on: FileRef }
  | { file: 'copy' | 'move'; on: FileRef; to: PathSpec }
  | { file: 'swap'; on: FileRef; with: FileRef }
  | { file: 'add'; to: PathSpec; content: JNode | number[] }
  | { file: 'cycle'; on: FileRef; with: FileRef }
  | { file: 'markdown'; on: FileRef; kind: number; size: number }
  | { registry: 'path'; type: number; version: string; path: string }
  | { registry: 'rename'; type: number; name: string };

// ---------------------------------------------------------------------------------------------
// Arbitraries

const nat = fc.nat({ max: 1_000_000 });
const oddString = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom('', ' ', '__proto__', 'constructor', 'prototype', '\u0000', '\ud800', '😀', 'ü', '\u2028', '<script>', '%s%n', 'a'.repeat(5000)),
);
const numberText = fc.oneof(
  fc.constantFrom('0', '-1', '1.5', '1e400', '-1e400', '-0', '1e-400', '123456789012345678901234567890', '9007199254740993', '2', '1'),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
);

export const junkValue: fc.Arbitrary<JNode> = fc.letrec<{ value: JNode }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<JNode>(null, true, false),
    oddString,
    numberText.map((text): JNode => ({ kind: 'num', text })),
    fc.array(tie('value'), { maxLength: 3 }).map((items): JNode => ({ kind: 'arr', items })),
    fc
      .array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), tie('value')), { maxLength: 3 })
      .map((entries): JNode => ({ kind: 'obj', entries })),
  ),
})).value;

const fileRef: fc.Arbitrary<FileRef> = fc.oneof(
  fc.constantFrom<FileRef>({ kind: 'registry' }, { kind: 'envelope' }, { kind: 'ids' }),
  fc.record({ kind: fc.constantFrom('schema' as const, 'example' as const, 'doc' as const, 'json' as const, 'any' as const), n: nat }),
);
const jsonFileRef: fc.Arbitrary<FileRef> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom<FileRef>({ kind: 'registry' }, { kind: 'envelope' }, { kind: 'ids' }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constantFrom('schema' as const, 'example' as const, 'json' as const), n: nat }) },
);

const refSpec: fc.Arbitrary<RefSpec> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...REFS).map((ref): RefSpec => ({ kind: 'literal', ref })) },
  { weight: 1, arbitrary: oddString.map((ref): RefSpec => ({ kind: 'literal', ref })) },
  { weight: 3, arbitrary: fc.constantFrom<RefSpec>({ kind: 'self' }, { kind: 'root' }, { kind: 'parent' }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('file' as const), file: jsonFileRef, fragment: fc.constantFrom('', '#', '#/$defs/person_id', '#/properties', '#/nope', '#/properties/payload') }) },
);

const keywordValue: fc.Arbitrary<[string, JNode]> = fc.oneof(
  fc.constantFrom(...PATTERNS).map((p): [string, JNode] => ['pattern', p]),
  fc.constantFrom(...FORMATS).map((f): [string, JNode] => ['format', f]),
  fc.constantFrom<[string, JNode]>(
    ['type', { kind: 'arr', items: ['string', { kind: 'num', text: '5' }] }],
    ['type', 'nonsense'],
    ['enum', { kind: 'arr', items: [] }],
    ['required', { kind: 'arr', items: ['a', 'a', '__proto__'] }],
    ['items', false],
    ['additionalProperties', 'x'],
    ['minLength', { kind: 'num', text: '-1' }],
    ['maxLength', { kind: 'num', text: '1e308' }],
    ['multipleOf', { kind: 'num', text: '0' }],
    ['$schema', 'https://example.invalid/meta'],
    ['$schema', 'http://json-schema.org/draft-07/schema#'],
    ['$schema', 'http://json-schema.org/draft-04/schema#'],
    ['$id', 'https://schemas.sguild.com/contracts/event-envelope/schema/ids-v1.json'],
    ['$id', '#frag'],
    ['$id', 'relative/x.json'],
    ['$anchor', 'foo'],
    ['$dynamicRef', '#meta'],
    ['properties', { kind: 'obj', entries: [['__proto__', { kind: 'obj', entries: [['type', 'string']] }], ['constructor', { kind: 'obj', entries: [] }]] }],
    ['patternProperties', { kind: 'obj', entries: [['^(a+)+$', { kind: 'obj', entries: [] }], ['[', { kind: 'obj', entries: [] }]] }],
    ['__proto__', { kind: 'obj', entries: [['polluted', true]] }],
    ['constructor', { kind: 'obj', entries: [['prototype', { kind: 'obj', entries: [['polluted', true]] }]] }],
  ),
  fc.tuple(fc.constantFrom(...KEYS), junkValue),
);

const jsonOp: fc.Arbitrary<JsonOp> = fc.oneof(
  fc.record({ op: fc.constant('dropKey' as const), node: nat, key: nat }),
  fc.record({ op: fc.constant('dupKey' as const), node: nat, key: nat, value: fc.oneof(fc.constant('same' as const), junkValue) }),
  fc.record({ op: fc.constant('retype' as const), node: nat, value: junkValue }),
  fc.record({ op: fc.constant('renameKey' as const), node: nat, key: nat, name: fc.oneof(fc.constantFrom(...KEYS), oddString) }),
  fc.record({ op: fc.constant('setRef' as const), node: nat, ref: refSpec }),
  fc.record({ op: fc.constant('refCycle' as const), a: nat, b: nat }),
  keywordValue.chain(([key, value]) => fc.record({ op: fc.constant('addKeyword' as const), node: nat, key: fc.constant(key), value: fc.constant(value) })),
  fc.record({ op: fc.constant('replaceRoot' as const), value: junkValue }),
  fc.record({
    op: fc.constant('nest' as const),
    node: nat,
    // Mostly within what a contract file may nest (MAX_JSON_DEPTH, 256), where every stage must
    // cope; sometimes past it, where the loader must refuse the file (json/too-deep).
    depth: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 60 }) }, { weight: 2, arbitrary: fc.integer({ min: 200, max: 256 }) }, { weight: 1, arbitrary: fc.integer({ min: 257, max: 6000 }) }),
    via: fc.constantFrom('arr' as const, 'obj' as const, 'allOf' as const, 'not' as const, 'properties' as const),
  }),
);

const fraction = fc.integer({ min: 0, max: 10_000 });
const byteOp: fc.Arbitrary<ByteOp> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fraction }),
  fc.record({ op: fc.constantFrom('overwrite' as const, 'insert' as const), at: fraction, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('badUtf8' as const), at: fraction, seq: nat }),
  fc.constantFrom<ByteOp>({ op: 'bom' }, { op: 'crlf' }, { op: 'empty' }, { op: 'whitespace' }, { op: 'cr' }),
  fc.record({ op: fc.constant('junk' as const), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 300 }) }),
);

const pathSpec: fc.Arbitrary<PathSpec> = fc.record({
  folder: fc.oneof(nat, fc.constantFrom(...FOLDERS)),
  sub: fc.constantFrom(...SUBFOLDERS),
  name: fc.constantFrom(...NAMES),
});

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ on: jsonFileRef, json: jsonOp }) },
  { weight: 3, arbitrary: fc.record({ on: fileRef, bytes: byteOp }) },
  { weight: 1, arbitrary: fc.record({ file: fc.constant('drop' as const), on: fileRef }) },
  { weight: 1, arbitrary: fc.record({ file: fc.constantFrom('copy' as const, 'move' as const), on: fileRef, to: pathSpec }) },
  { weight: 1, arbitrary: fc.record({ file: fc.constant('swap' as const), on: fileRef, with: fileRef }) },
  { weight: 1, arbitrary: fc.record({ file: fc.constant('add' as const), to: pathSpec, content: fc.oneof(junkValue, fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 })) }) },
  { weight: 1, arbitrary: fc.record({ file: fc.constant('cycle' as const), on: jsonFileRef, with: jsonFileRef }) },
  {
    weight: 1,
    arbitrary: fc.record({ file: fc.constant('markdown' as const), on: fc.record({ kind: fc.constant('doc' as const), n: nat }), kind: nat, size: fc.integer({ min: 100, max: 20_000 }) }),
  },
  { weight: 2, arbitrary: fc.record({ registry: fc.constant('path' as const), type: nat, version: fc.constantFrom(...VERSION_KEYS), path: fc.constantFrom(...REGISTRY_PATHS) }) },
  { weight: 1, arbitrary: fc.record({ registry: fc.constant('rename' as const), type: nat, name: fc.oneof(fc.constantFrom(...KEYS), oddString) }) },
);

// ---------------------------------------------------------------------------------------------
// Applying

const REGISTRY = 'event-types-registry.json';
const enc = new TextEncoder();
const dec = new TextDecoder();

/** The file a reference names in the current set, or undefined when there is none of that kind. */
export function resolveFile(files: Files, ref: FileRef): string | undefined {
  const paths = [...files.keys()].sort();
  switch (ref.kind) {
    case 'registry':
      return files.has(REGISTRY) ? REGISTRY : undefined;
    case 'envelope':
      return pick(paths.filter((p) => /^event-envelope\/schema\/envelope-v\d+\.json$/.test(p)), 0);
    case 'ids':
      return pick(paths.filter((p) => /^event-envelope\/schema\/ids-v\d+\.json$/.test(p)), 0);
    case 'schema':
      return pick(paths.filter((p) => /\/schema\/.*\.json$/.test(p)), ref.n);
    case 'example':
      return pick(paths.filter((p) => /\/examples\/.*\.json$/.test(p)), ref.n);
    case 'doc':
      return pick(paths.filter((p) => p.endsWith('.md')), ref.n);
    case 'json':
      return pick(paths.filter((p) => p.endsWith('.json')), ref.n);
    case 'any':
      return pick(paths, ref.n);
  }
}

function destination(files: Files, from: string | undefined, to: PathSpec, contracts: readonly string[]): string {
  const folder = typeof to.folder === 'number' ? (pick(contracts, to.folder) ?? 'event-envelope') : to.folder;
  const base = to.name === 'same' ? (from ? posix.basename(from) : 'x.json') : to.name;
  const parts = [folder, to.sub, base].filter((p) => p !== '');
  // File-system names cannot hold '/' or NUL and must not climb: keep the tree materialisable.
  return parts.map((p) => (p === '.' || p === '..' ? '_' : p)).join('/');
}

function editJson(files: Files, path: string | undefined, edit: (root: JNode) => JNode | undefined): void {
  if (!path) return;
  const bytes = files.get(path);
  if (!bytes) return;
  const root = parseTree(dec.decode(bytes));
  if (root === undefined) return; // already broken by an earlier mutation: nothing structural to do
  const result = edit(root);
  if (result !== undefined) files.set(path, enc.encode(stringifyTree(result)));
}

const objects = (root: JNode) => allNodes(root).filter((l) => isObj(l.node));

function applyJsonOp(files: Files, path: string, root: JNode, op: JsonOp): JNode | undefined {
  const objs = objects(root);
  const withKeys = objs.filter((l) => (l.node as JObject).entries.length > 0);
  const nodes = allNodes(root);
  switch (op.op) {
    // (the objects in withKeys have one entry at least)
    case 'dropKey': {
      const at = pick(withKeys, op.node);
      if (!at) return undefined;
      const o = at.node as JObject;
      o.entries.splice(op.key % o.entries.length, 1);
      return root;
    }
    case 'dupKey': {
      const at = pick(withKeys, op.node);
      if (!at) return undefined;
      const o = at.node as JObject;
      const [k, v] = pick(o.entries, op.key)!;
      o.entries.push([k, op.value === 'same' ? v : op.value]);
      return root;
    }
    case 'retype': {
      const at = pick(nodes, op.node);
      return at && replaceAt(root, at, op.value);
    }
    case 'renameKey': {
      const at = pick(withKeys, op.node);
      if (!at) return undefined;
      const o = at.node as JObject;
      pick(o.entries, op.key)![0] = op.name;
      return root;
    }
    case 'setRef': {
      const at = pick(objs, op.node);
      if (!at) return undefined;
      const o = at.node as JObject;
      set(o, '$ref', refText(files, path, root, at.parent, o, op.ref));
      return root;
    }
    case 'refCycle': {
      const a = pick(objs, op.a)?.node as JObject | undefined;
      const b = pick(objs, op.b)?.node as JObject | undefined;
      if (!a || !b) return undefined;
      const pa = pointerOf(root, a) ?? '';
      const pb = pointerOf(root, b) ?? '';
      set(a, '$ref', `#${encodePointer(pb)}`);
      set(b, '$ref', `#${encodePointer(pa)}`);
      return root;
    }
    case 'addKeyword': {
      const o = pick(objs, op.node)?.node as JObject | undefined;
      if (!o) return undefined;
      o.entries.push([op.key, op.value]);
      return root;
    }
    case 'replaceRoot':
      return op.value;
    case 'nest': {
      const at = pick(nodes, op.node);
      if (!at) return undefined;
      let inner: JNode = at.node;
      for (let i = 0; i < op.depth; i++) {
        if (op.via === 'arr') inner = { kind: 'arr', items: [inner] };
        else if (op.via === 'obj') inner = { kind: 'obj', entries: [['a', inner]] };
        else if (op.via === 'allOf') inner = { kind: 'obj', entries: [['allOf', { kind: 'arr', items: [inner] }]] };
        else if (op.via === 'not') inner = { kind: 'obj', entries: [['not', inner]] };
        else inner = { kind: 'obj', entries: [['type', 'object'], ['properties', { kind: 'obj', entries: [['x', inner]] }]] };
      }
      return replaceAt(root, at, inner);
    }
  }
}

function encodePointer(pointer: string): string {
  return pointer.split('/').map((s) => encodeURIComponent(s).replace(/%24/g, '$')).join('/');
}

function refText(files: Files, path: string, root: JNode, parent: JNode | undefined, node: JObject, spec: RefSpec): string {
  switch (spec.kind) {
    case 'literal':
      return spec.ref;
    case 'self':
      return `#${encodePointer(pointerOf(root, node) ?? '')}`;
    case 'root':
      return '#';
    case 'parent':
      return `#${encodePointer((parent ? pointerOf(root, parent) : undefined) ?? '')}`;
    case 'file': {
      const target = resolveFile(files, spec.file) ?? path;
      const relative = posix.relative(posix.dirname(path), target) || posix.basename(target);
      return relative + spec.fragment;
    }
  }
}

function applyBytes(bytes: Uint8Array, op: ByteOp): Uint8Array {
  const at = (f: number) => Math.floor((f / 10_000) * bytes.length);
  switch (op.op) {
    case 'truncate':
      return bytes.slice(0, at(op.at));
    case 'overwrite': {
      const out = bytes.slice();
      const start = at(op.at);
      op.bytes.forEach((b, i) => {
        if (start + i < out.length) out[start + i] = b;
      });
      return out;
    }
    case 'insert':
      return concat(bytes.subarray(0, at(op.at)), Uint8Array.from(op.bytes), bytes.subarray(at(op.at)));
    case 'badUtf8':
      return concat(bytes.subarray(0, at(op.at)), Uint8Array.from(pick(BAD_UTF8, op.seq)!), bytes.subarray(at(op.at)));
    case 'bom':
      return concat(Uint8Array.from([0xef, 0xbb, 0xbf]), bytes);
    case 'crlf':
      return enc.encode(dec.decode(bytes).replace(/\r?\n/g, '\r\n'));
    case 'cr':
      return enc.encode(dec.decode(bytes).replace(/\r?\n/g, '\r'));
    case 'empty':
      return new Uint8Array();
    case 'whitespace':
      return enc.encode(' \n\t\r\n ');
    case 'junk':
      return Uint8Array.from(op.bytes);
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Applies mutations in order to a copy of `base`; `contracts` names the folders file moves may target. */
export function applyMutations(base: Files, mutations: readonly Mutation[], contracts: readonly string[]): Files {
  const files: Files = new Map(base);
  for (const m of mutations) applyMutation(files, m, contracts);
  return files;
}

/** Markdown that stresses the docs rules' scanners: long dotted runs, fences, backticks, emphasis, lists, links, one huge line. */
const MARKDOWN: ((n: number) => string)[] = [
  (n) => `${'a.'.repeat(n)}a*`,
  (n) => `\`${'lesson.'.repeat(n)}\``,
  (n) => `\`\`\`\n${'x.y.'.repeat(n)}\n`,
  (n) => '`'.repeat(n),
  (n) => '**_'.repeat(n),
  (n) => Array.from({ length: Math.min(n, 5000) }, (_, i) => `${'  '.repeat(i % 50)}- item ${i}`).join('\n'),
  (n) => '[x]('.repeat(n),
  (n) => `# ${'#'.repeat(n)}`,
  (n) => `**Status:** ${'active '.repeat(n)}`,
  (n) => '<!--'.repeat(n),
];

function applyMutation(files: Files, m: Mutation, contracts: readonly string[]): void {
  if ('json' in m) {
    const path = resolveFile(files, m.on);
    editJson(files, path, (root) => applyJsonOp(files, path!, root, m.json));
  } else if ('bytes' in m) {
    const path = resolveFile(files, m.on);
    if (path) files.set(path, applyBytes(files.get(path)!, m.bytes));
  } else if ('file' in m) {
    if (m.file === 'add') {
      const path = destination(files, undefined, m.to, contracts);
      files.set(path, Array.isArray(m.content) ? Uint8Array.from(m.content) : enc.encode(stringifyTree(m.content)));
      return;
    }
    const path = resolveFile(files, m.on);
    if (!path) return;
    const bytes = files.get(path)!;
    if (m.file === 'markdown') {
      files.set(path, concat(bytes, enc.encode(`\n${pick(MARKDOWN, m.kind)!(m.size)}\n`)));
      return;
    }
    if (m.file === 'drop') files.delete(path);
    else if (m.file === 'copy' || m.file === 'move') {
      const to = destination(files, path, m.to, contracts);
      if (m.file === 'move') files.delete(path);
      files.set(to, bytes);
    } else if (m.file === 'swap') {
      const other = resolveFile(files, m.with);
      if (!other) return;
      files.set(path, files.get(other)!);
      files.set(other, bytes);
    } else if (m.file === 'cycle') {
      const other = resolveFile(files, m.with);
      if (!other) return;
      const link = (from: string, to: string) =>
        editJson(files, from, (root) => {
          if (!isObj(root)) return undefined;
          set(root, '$ref', posix.relative(posix.dirname(from), to) || posix.basename(to));
          return root;
        });
      link(path, other);
      link(other, path);
    }
  } else if (m.registry === 'path') {
    editJson(files, REGISTRY, (root) => {
      const entry = eventType(root, m.type);
      if (!entry) return undefined;
      let versions = get(entry, 'versions');
      if (!isObj(versions)) set(entry, 'versions', (versions = { kind: 'obj', entries: [] }));
      set(versions, m.version, { kind: 'obj', entries: [['schema', m.path]] });
      return root;
    });
  } else if (m.registry === 'rename') {
    editJson(files, REGISTRY, (root) => {
      const types = isObj(root) ? get(root, 'event_types') : undefined;
      const entry = isObj(types) ? pick(types.entries, m.type) : undefined;
      if (!entry) return undefined;
      entry[0] = m.name;
      return root;
    });
  }
}

function eventType(root: JNode, n: number): JObject | undefined {
  const types = isObj(root) ? get(root, 'event_types') : undefined;
  const entry = isObj(types) ? pick(types.entries, n)?.[1] : undefined;
  return isObj(entry) ? entry : undefined;
}
