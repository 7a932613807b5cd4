/**
 * Hostile event streams for `validate`: the contract set's own examples (valid events) as NDJSON,
 * a JSON array or a single document, then broken: fields dropped, retyped or renamed, garbage and
 * blank lines, a BOM, CRLF, a truncated last line, invalid UTF-8, very long strings, deep nesting.
 */
import fc from 'fast-check';
import type { Files } from './corpus.js';
import { allNodes, isObj, parseTree, replaceAt, stringifyTree, type JNode, type JObject } from './json-tree.js';
import { junkValue } from './mutate.js';
import { BAD_UTF8, KEYS, pick } from './pools.js';

export type EventOp =
  | { op: 'drop'; node: number; key: number }
  | { op: 'retype'; node: number; value: JNode }
  | { op: 'rename'; node: number; key: number; name: string }
  | { op: 'longString'; node: number; length: number }
  | { op: 'deep'; depth: number };

export type LineOp =
  | { op: 'event'; n: number; edit: EventOp }
  | { op: 'garbage'; at: number; bytes: number[] }
  | { op: 'blank'; at: number }
  | { op: 'badUtf8'; at: number; seq: number }
  | { op: 'bom' | 'crlf' | 'truncateLast' | 'noFinalNewline' };

export interface StreamSpec {
  /** How many events to take from the examples (cycled). */
  count: number;
  container: 'ndjson' | 'array' | 'single';
  via: 'file' | 'stdin';
  ops: LineOp[];
}

const nat = fc.nat({ max: 1_000_000 });
const eventOp: fc.Arbitrary<EventOp> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), node: nat, key: nat }),
  fc.record({ op: fc.constant('retype' as const), node: nat, value: junkValue }),
  fc.record({ op: fc.constant('rename' as const), node: nat, key: nat, name: fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })) }),
  fc.record({ op: fc.constant('longString' as const), node: nat, length: fc.oneof(fc.integer({ min: 100, max: 2000 }), fc.constant(200_000)) }),
  fc.record({ op: fc.constant('deep' as const), depth: fc.oneof(fc.integer({ min: 10, max: 100 }), fc.integer({ min: 1000, max: 20_000 })) }),
);

export const streamSpec: fc.Arbitrary<StreamSpec> = fc.record({
  count: fc.integer({ min: 0, max: 12 }),
  container: fc.constantFrom('ndjson' as const, 'ndjson' as const, 'array' as const, 'single' as const),
  via: fc.constantFrom('file' as const, 'file' as const, 'stdin' as const),
  ops: fc.array(
    fc.oneof(
      { weight: 6, arbitrary: fc.record({ op: fc.constant('event' as const), n: nat, edit: eventOp }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('garbage' as const), at: nat, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 40 }) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('blank' as const), at: nat }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('badUtf8' as const), at: nat, seq: nat }) },
      { weight: 1, arbitrary: fc.constantFrom<LineOp>({ op: 'bom' }, { op: 'crlf' }, { op: 'truncateLast' }, { op: 'noFinalNewline' }) },
    ),
    { maxLength: 5 },
  ),
});

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Builds the stream's bytes from the example events found in `files` (mutated or not). */
export function buildStream(files: Files, spec: StreamSpec): Uint8Array {
  const examples = [...files.keys()].filter((p) => /\/examples\/[^/]+\.json$/.test(p)).sort();
  const events: JNode[] = [];
  for (let i = 0; i < spec.count && examples.length; i++) {
    const tree = parseTree(dec.decode(files.get(pick(examples, i)!)));
    if (tree !== undefined) events.push(tree);
  }
  for (const op of spec.ops) {
    const event = op.op === 'event' ? pick(events, op.n) : undefined;
    if (op.op === 'event' && event !== undefined) events[op.n % events.length] = editEvent(event, op.edit);
  }

  let lines: Uint8Array[];
  if (spec.container === 'ndjson') lines = events.map((e) => enc.encode(compact(e)));
  else if (spec.container === 'array') lines = [enc.encode(stringifyTree({ kind: 'arr', items: events }).trimEnd())];
  else lines = [enc.encode(events[0] !== undefined ? stringifyTree(events[0]).trimEnd() : '')];

  let crlf = false, bom = false, truncate = false, finalNewline = true;
  for (const op of spec.ops) {
    if (op.op === 'garbage') lines.splice(op.at % (lines.length + 1), 0, Uint8Array.from(op.bytes.filter((b) => b !== 10)));
    else if (op.op === 'blank') lines.splice(op.at % (lines.length + 1), 0, enc.encode(op.at % 2 ? '' : '   \t'));
    else if (op.op === 'badUtf8' && lines.length) {
      const i = op.at % lines.length;
      lines[i] = concat(lines[i]!, Uint8Array.from(pick(BAD_UTF8, op.seq)!));
    } else if (op.op === 'bom') bom = true;
    else if (op.op === 'crlf') crlf = true;
    else if (op.op === 'truncateLast') truncate = true;
    else if (op.op === 'noFinalNewline') finalNewline = false;
  }
  const newline = enc.encode(crlf ? '\r\n' : '\n');
  const parts: Uint8Array[] = bom ? [Uint8Array.from([0xef, 0xbb, 0xbf])] : [];
  lines.forEach((line, i) => {
    parts.push(line);
    if (i < lines.length - 1 || finalNewline) parts.push(newline);
  });
  let bytes = concat(...parts);
  if (truncate && bytes.length > 2) bytes = bytes.slice(0, bytes.length - Math.max(1, Math.floor(bytes.length / 7)));
  return bytes;
}

function editEvent(event: JNode, op: EventOp): JNode {
  const nodes = allNodes(event);
  const objs = nodes.filter((l) => isObj(l.node) && (l.node).entries.length > 0);
  switch (op.op) {
    // (the objects in objs have one entry at least)
    case 'drop': {
      const o = pick(objs, op.node)?.node as JObject | undefined;
      if (!o) return event;
      o.entries.splice(op.key % o.entries.length, 1);
      return event;
    }
    case 'rename': {
      const o = pick(objs, op.node)?.node as JObject | undefined;
      if (!o) return event;
      pick(o.entries, op.key)![0] = op.name;
      return event;
    }
    case 'retype':
      return replaceAt(event, pick(nodes, op.node)!, op.value); // allNodes has the root at least
    case 'longString': {
      const strings = nodes.filter((l) => typeof l.node === 'string');
      const at = pick(strings, op.node);
      if (!at) return event;
      // `a…a!`: the shape that makes a nested-quantifier pattern backtrack for ever.
      return replaceAt(event, at, `${(at.node as string).slice(0, 4)}${'a'.repeat(op.length)}!`);
    }
    case 'deep': {
      let inner: JNode = event;
      for (let i = 0; i < op.depth; i++) inner = { kind: 'arr', items: [inner] };
      return isObj(event) ? { kind: 'obj', entries: [...event.entries.filter(([k]) => k !== 'payload'), ['payload', inner]] } : inner;
    }
  }
}

/** One line of NDJSON; iterative like stringifyTree, then newlines removed (none occur inside strings). */
function compact(node: JNode): string {
  return stringifyTree(node).replace(/\n\s*/g, '');
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
