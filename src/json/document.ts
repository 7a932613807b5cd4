/**
 * A parsed JSON file that can say where any JSON pointer sits in its text.
 *
 * Parsing is two-speed on purpose: `JSON.parse` (native, fast) produces the value, and the
 * position-aware momoa AST is built only when a position is actually asked for. A contract set
 * of thousands of files is then parsed at close to the cost of `JSON.parse`, while every
 * diagnostic still gets an exact line and column.
 */
import type { AnyNode, DocumentNode, ElementNode, MemberNode } from '@humanwhocodes/momoa';
import { lazyRequire } from '../core/lazy-require.js';
import type { Range } from '../diagnostics/diagnostic.js';
import { parsePointer } from './pointer.js';

// Loaded only when a position is needed: a file with a finding, or one that does not parse.
const momoa = lazyRequire<typeof import('@humanwhocodes/momoa')>('@humanwhocodes/momoa');
const momoaParse: typeof import('@humanwhocodes/momoa').parse = (text, options) => momoa().parse(text, options);

export interface JsonProblem extends Range {
  kind: 'syntax' | 'duplicate-key' | 'encoding' | 'too-deep';
  message: string;
  pointer?: string;
}

export interface JsonDocument {
  readonly text: string;
  /** The parsed value; `undefined` when the text is not JSON (see `problems`). */
  readonly value: unknown;
  readonly ok: boolean;
  /** Syntax, encoding and duplicate-key problems, in text order. */
  readonly problems: readonly JsonProblem[];
  /** Where the value at `pointer` is (or the nearest ancestor that exists). */
  locate(pointer: string, at?: 'value' | 'key'): Range;
}

const START: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 };
const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(bytes: Uint8Array): { text: string } | { error: JsonProblem } {
  try {
    let text = UTF8.decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a BOM is tolerated, not kept
    return { text };
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
    const range = rangeAt(before, before.length, 1);
    return { error: { kind: 'encoding', message: `file is not valid UTF-8 (invalid byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')} at offset ${offset}); save it as UTF-8`, ...range } };
  }
}

/**
 * `same`, when given, is a document read before (the other side of a diff) that is returned as
 * it is when the text is identical: a document depends on its text alone, and not parsing the
 * files two trees share again saves most of loading the second one.
 */
export function parseJsonBytes(bytes: Uint8Array, same?: JsonDocument): JsonDocument {
  const decoded = decodeUtf8(bytes);
  if ('error' in decoded) return failed('', [decoded.error]);
  if (same?.ok && same.text === decoded.text) return same;
  return parseJson(decoded.text);
}

export function parseJson(text: string): JsonDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return failed(text, [syntaxProblem(text, error)]);
  }
  const shape = shapeOf(value);
  if (shape.depth > MAX_JSON_DEPTH) return failed(text, [tooDeepProblem(text, shape.depth)]);
  const doc = new ParsedDocument(text, value);
  // A duplicate key makes the parsed value hold fewer keys than the text names: count both
  // (cheap) and run the full duplicate scan only when they differ.
  if (countKeysInText(text) === shape.keys) return doc;
  const duplicates = findDuplicateKeys(text);
  if (duplicates.length) doc.problems = duplicates.map((d) => doc.duplicateProblem(d));
  return doc;
}

function failed(text: string, problems: JsonProblem[]): JsonDocument {
  return { text, value: undefined, ok: false, problems, locate: () => problems[0] ?? START };
}

class ParsedDocument implements JsonDocument {
  problems: JsonProblem[] = [];
  private ast: DocumentNode | null | undefined;
  private lineStarts: number[] | undefined;
  constructor(readonly text: string, readonly value: unknown) {}
  get ok(): boolean {
    return true;
  }

  private getAst(): DocumentNode | null {
    if (this.ast === undefined) {
      try {
        this.ast = momoaParse(this.text, { mode: 'json', ranges: true, tokens: false, allowTrailingCommas: false });
      } catch {
        this.ast = null; // e.g. nesting deeper than the stack: positions degrade to the file start
      }
    }
    return this.ast;
  }

  locate(pointer: string, at: 'value' | 'key' = 'value'): Range {
    const ast = this.getAst();
    const segments = parsePointer(pointer) ?? [];
    if (!ast) {
      // Too deep for momoa's recursive parser: find the position with the iterative scanner.
      const found = scanLocate(this.text, segments, at);
      if (!found) return START;
      this.lineStarts ??= computeLineStarts(this.text);
      const start = offsetToPosition(this.lineStarts, found.start);
      const end = offsetToPosition(this.lineStarts, found.end);
      return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
    }
    let node: AnyNode = ast.body;
    let keyNode: AnyNode | undefined;
    for (const segment of segments) {
      if (node.type === 'Object') {
        let found: MemberNode | undefined;
        for (const member of node.members) if (member.name.type === 'String' ? member.name.value === segment : member.name.name === segment) found = member;
        if (!found) break;
        keyNode = found.name;
        node = found.value;
      } else if (node.type === 'Array') {
        const element: ElementNode | undefined = /^(0|[1-9][0-9]*)$/.test(segment) ? node.elements[Number(segment)] : undefined;
        if (!element) break;
        keyNode = undefined;
        node = element.value;
      } else break;
    }
    const target = at === 'key' && keyNode ? keyNode : node;
    return toRange(target);
  }

  duplicateProblem(d: { key: string; offset: number; pointer: string }): JsonProblem {
    const range = this.rangeOfOffset(d.offset, d.key.length + 2);
    return { kind: 'duplicate-key', message: `duplicate key "${d.key}": JSON readers keep only the last one; remove or rename one of them`, pointer: d.pointer, ...range };
  }

  private rangeOfOffset(offset: number, length: number): Range {
    this.lineStarts ??= computeLineStarts(this.text);
    const start = offsetToPosition(this.lineStarts, offset);
    const end = offsetToPosition(this.lineStarts, offset + length);
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }
}

function toRange(node: AnyNode): Range {
  const loc = node.loc;
  return { line: loc.start.line, column: loc.start.column, endLine: loc.end.line, endColumn: loc.end.column };
}

function syntaxProblem(text: string, error: unknown): JsonProblem {
  if (text.trim() === '') return { kind: 'syntax', message: 'file is empty; a JSON document is expected', ...START };
  try {
    momoaParse(text, { mode: 'json' });
  } catch (e) {
    const err = e as { message?: string; line?: number; column?: number };
    if (typeof err.line === 'number' && typeof err.column === 'number') {
      const message = explainSyntax(String(err.message ?? 'invalid JSON').replace(/\s*\(\d+:\d+\)\s*$/, ''));
      return { kind: 'syntax', message: `invalid JSON: ${message}`, line: err.line, column: err.column, endLine: err.line, endColumn: err.column + 1 };
    }
  }
  // momoa accepted it (or overflowed its stack) while JSON.parse did not: use V8's own position.
  const message = error instanceof Error ? error.message : String(error);
  const match = /position (\d+)/.exec(message);
  const offset = match ? Number(match[1]) : /end of JSON input/.test(message) ? text.length : 0;
  return { kind: 'syntax', message: `invalid JSON: ${message}`, ...rangeAt(text, offset, 1) };
}

/** momoa says "Unexpected token String found."; say what the usual cause is. */
function explainSyntax(message: string): string {
  // An invisible character (a control character, a no-break or zero-width space) is named by its code point.
  const character = /^Unexpected character '([\s\S]+)' found\.?$/u.exec(message)?.[1];
  if (character !== undefined && [...character].length === 1 && /^[\p{Cc}\p{Cf}\p{Z}]$/u.test(character)) {
    const code = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return `unexpected invisible character ${code}; remove it (JSON allows only spaces, tabs and line breaks between values)`;
  }
  const token = /^Unexpected token (\w+) found\.?$/.exec(message)?.[1];
  if (!token) return message;
  const hints: Record<string, string> = {
    String: 'unexpected string; is a comma missing before it?',
    Number: 'unexpected number; is a comma missing before it?',
    LBrace: 'unexpected "{"; is a comma missing before it?',
    LBracket: 'unexpected "["; is a comma missing before it?',
    RBrace: 'unexpected "}"; a value is missing, or there is a trailing comma before it',
    RBracket: 'unexpected "]"; a value is missing, or there is a trailing comma before it',
    Colon: 'unexpected ":"',
    Comma: 'unexpected ","; a value is missing before it',
    Identifier: 'unexpected word; strings and keys must be in double quotes, and comments are not allowed',
  };
  return hints[token] ?? message;
}

function rangeAt(text: string, offset: number, length: number): Range {
  const starts = computeLineStarts(text);
  const start = offsetToPosition(starts, offset);
  const end = offsetToPosition(starts, offset + length);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

function offsetToPosition(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  // starts begins with 0 and lo stays within it.
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (i + k >= bytes.length || (bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return 0;
}

/**
 * Where the value at `segments` is (or its key, or the nearest ancestor that exists), as text
 * offsets, found by the same native tokenizer as findDuplicateKeys and an explicit stack, so any
 * nesting depth works. Only called on text that `JSON.parse` accepted.
 */
export function scanLocate(text: string, segments: readonly string[], at: 'value' | 'key' = 'value'): { start: number; end: number } | undefined {
  interface Container {
    isObject: boolean;
    index: number;
    key?: string;
    keyStart: number;
    keyEnd: number;
    /** This container's own path is a prefix of `segments`. */
    matched: boolean;
    start: number;
    /** Depth of this container's value in the document (root = 0). */
    depth: number;
    /** Its own key in its parent object, if it has one. */
    ownKey?: { start: number; end: number };
  }
  const stack: Container[] = [];
  let target: Container | undefined; // the container that is the target itself
  TOKEN.lastIndex = 0;
  let match: RegExpExecArray | null;
  // Each value start: does its path match segments up to its depth?
  const valueMatches = (): { depth: number; matched: boolean; key?: { start: number; end: number } } => {
    const top = stack[stack.length - 1];
    if (!top) return { depth: 0, matched: true };
    const segment = top.isObject ? top.key : String(top.index);
    const depth = top.depth + 1;
    const matched = top.matched && depth <= segments.length && segments[depth - 1] === segment;
    return { depth, matched, key: top.isObject ? { start: top.keyStart, end: top.keyEnd } : undefined };
  };
  const afterValue = () => {
    const top = stack[stack.length - 1];
    if (top && !top.isObject) top.index++;
  };
  while ((match = TOKEN.exec(text))) {
    const token = match[0];
    const top = stack.at(-1);
    const raw = match[1]; // a string token; with match[2] it is a key
    if (match[2] !== undefined && raw !== undefined && top?.isObject) {
      top.key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
      top.keyStart = match.index;
      top.keyEnd = match.index + raw.length + 2;
      continue;
    }
    if (token === '}' || token === ']') {
      const closed = stack.pop()!;
      if (closed === target || (closed.matched && closed.depth < segments.length && !target)) {
        // The target itself, or the deepest existing ancestor of a target that is not there.
        if (closed !== target && at === 'key' && closed.ownKey) return closed.ownKey;
        return { start: closed.start, end: match.index + 1 };
      }
      afterValue();
      continue;
    }
    const { depth, matched, key } = valueMatches();
    const isTarget = matched && depth === segments.length;
    if (isTarget && at === 'key' && key) return key;
    if (token === '{' || token === '[') {
      const container: Container = { isObject: token === '{', index: 0, keyStart: 0, keyEnd: 0, matched, start: match.index, depth, ownKey: key };
      stack.push(container);
      if (isTarget) target = container;
    } else {
      // A scalar on the target's path ends the search: it is the target or its nearest ancestor.
      if (isTarget || matched) return !isTarget && at === 'key' && key ? key : { start: match.index, end: match.index + token.length };
      afterValue();
    }
  }
  return undefined;
}

/**
 * Finds keys that occur twice in one object, using a native regex tokenizer over the text
 * (strings, braces and brackets) instead of a full JS-level parse. Only called on text that
 * `JSON.parse` accepted, so the token stream is well formed.
 */
// The string alternative is written as an unrolled loop: `"((?:[^"\\]|\\.)*)"` makes V8's regex
// engine keep one backtracking entry per character and overflow its stack on a string of a few MB.
const TOKEN = /"([^"\\]*(?:\\.[^"\\]*)*)"(\s*:)?|[{}[\]]|-?[0-9][0-9.eE+-]*|true|false|null/g;

interface Frame {
  keys?: Set<string>; // objects: the keys seen so far
  index: number; // arrays: the index of the next element
  pendingKey?: string; // objects: the key whose value comes next
  parent?: Frame;
  segment: string; // this container's key or index in its parent
}

// Unrolled like TOKEN: an alternation under `*` overflows V8's regex stack on long strings.
const KEY = /"[^"\\]*(?:\\.[^"\\]*)*"\s*:/g;

/** Object keys written in a text JSON.parse accepted (a string followed by ':' is always a key). */
function countKeysInText(text: string): number {
  let n = 0;
  KEY.lastIndex = 0;
  // test(), not exec(): the same matches without a result array per key (thousands per file).
  while (KEY.test(text)) n++;
  return n;
}

/** Own keys of every object in a parsed value, and how deeply containers nest. Iterative. */
function shapeOf(root: unknown): { keys: number; depth: number } {
  let keys = 0;
  let depth = 0;
  // Two parallel stacks (container, its level): no pair allocated per container.
  const values: object[] = [];
  const levels: number[] = [];
  if (root !== null && typeof root === 'object') {
    values.push(root);
    levels.push(1);
  }
  while (values.length) {
    const value = values.pop()!;
    const level = levels.pop()!;
    if (level > depth) depth = level;
    if (Array.isArray(value)) {
      for (const item of value) {
        if (item !== null && typeof item === 'object') {
          values.push(item as object);
          levels.push(level + 1);
        }
      }
    } else {
      for (const key in value) {
        keys++;
        const child = (value as Record<string, unknown>)[key];
        if (child !== null && typeof child === 'object') {
          values.push(child);
          levels.push(level + 1);
        }
      }
    }
  }
  return { keys, depth };
}

/**
 * How deeply a contract file's objects and arrays may nest. Real schemas stay under 20 levels;
 * every consumer of a document (rules, diff, code generation, ajv) may then walk it recursively
 * without running out of stack, because a deeper file never gets past the loader.
 */
export const MAX_JSON_DEPTH = 256;

function tooDeepProblem(text: string, depth: number): JsonProblem {
  // Point at the bracket that opens level MAX_JSON_DEPTH + 1 (strings skipped).
  let level = 0;
  let offset = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') {
      if (++level > MAX_JSON_DEPTH) {
        offset = i;
        break;
      }
    } else if (c === '}' || c === ']') level--;
  }
  return { kind: 'too-deep', message: `objects and arrays nest ${depth} levels deep here, more than the ${MAX_JSON_DEPTH} a contract file may have; flatten it (use $defs and $ref for repeated shapes)`, ...rangeAt(text, offset, 1) };
}

export function findDuplicateKeys(text: string): { key: string; offset: number; pointer: string }[] {
  const found: { key: string; offset: number; pointer: string }[] = [];
  // Frames link to their parent, so depth costs O(1) per level; a pointer is built only on a hit.
  let top: Frame | undefined;
  const pointerOf = (frame: Frame | undefined, last: string): string => {
    const segments = [last];
    for (let f = frame; f?.parent; f = f.parent) segments.push(f.segment);
    return segments.reverse().map((s) => '/' + s.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
  };
  const valueDone = () => {
    if (top && !top.keys) top.index++;
  };
  TOKEN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = TOKEN.exec(text))) {
    const token = match[0];
    if (token === '{' || token === '[') {
      const segment = !top ? '' : top.keys ? (top.pendingKey ?? '') : String(top.index);
      top = { keys: token === '{' ? new Set() : undefined, index: 0, parent: top, segment };
    } else if (token === '}' || token === ']') {
      top = top?.parent;
      valueDone();
    } else if (match[2] !== undefined && match[1] !== undefined && top?.keys) {
      const raw = match[1];
      const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
      if (top.keys.has(key)) found.push({ key, offset: match.index, pointer: pointerOf(top, key) });
      top.keys.add(key);
      top.pendingKey = key;
    } else {
      valueDone(); // a scalar value
    }
  }
  return found;
}
