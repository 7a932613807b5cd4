/**
 * Edits JSON text in place: insert, replace, rename or remove one member and leave every other
 * byte of the file as it was (its indentation, its key order, its inline objects). Scaffolding
 * and `check --fix` change one entry of a hand-kept file such as the registry; reformatting the
 * whole file would bury that change in a diff nobody can review.
 */
import { parse as momoaParse, type AnyNode, type ElementNode, type MemberNode, type ObjectNode } from '@humanwhocodes/momoa';
import { escapeSegment, parsePointer } from './pointer.js';

export class JsonEditError extends Error {}

/** The text with `key: value` added to the object at `pointer`, before the first member whose key sorts after it when the object's keys are sorted, else at the end. */
export function insertMember(text: string, pointer: string, key: string, value: unknown): string {
  const object = nodeAt(text, pointer);
  if (object.type !== 'Object') throw new JsonEditError(`${pointer || '/'} is not an object`);
  if (object.members.some((m) => nameOf(m) === key)) throw new JsonEditError(`${pointer || '/'} already has "${key}"`);
  const unit = indentUnit(text);
  const members = object.members;
  const first = members[0];
  const last = members.at(-1);
  if (!first || !last) {
    const outer = lineIndent(text, object.range![0]);
    const inner = outer + unit;
    const member = `${JSON.stringify(key)}: ${render(value, unit, inner)}`;
    return splice(text, object.range![0], object.range![1], `{\n${inner}${member}\n${outer}}`);
  }
  const inline = lineOf(text, first.range![0]) === lineOf(text, object.range![0]);
  const indent = inline ? '' : lineIndent(text, first.range![0]);
  const member = `${JSON.stringify(key)}: ${inline ? JSON.stringify(value) : render(value, unit, indent)}`;
  const names = members.map(nameOf);
  const sorted = names.every((n, i) => i === 0 || names[i - 1]! <= n);
  const before = sorted ? members.find((m) => nameOf(m) > key) : undefined;
  if (before) return splice(text, before.range![0], before.range![0], `${member},${inline ? ' ' : `\n${indent}`}`);
  return splice(text, last.range![1], last.range![1], `,${inline ? ' ' : `\n${indent}`}${member}`);
}

/** The text with the value at `pointer` replaced by `value`, rendered at that value's indentation. */
export function replaceValue(text: string, pointer: string, value: unknown): string {
  const node = nodeAt(text, pointer);
  const unit = indentUnit(text);
  return splice(text, node.range![0], node.range![1], render(value, unit, lineIndent(text, node.range![0])));
}

/** The text with the member at `pointer` renamed to `newKey` (its value untouched). */
export function renameMember(text: string, pointer: string, newKey: string): string {
  const { member } = memberAt(text, pointer);
  return splice(text, member.name.range![0], member.name.range![1], JSON.stringify(newKey));
}

/** The text without the member at `pointer` (and the comma and line break that went with it). */
export function removeMember(text: string, pointer: string): string {
  const { parent, member, index } = memberAt(text, pointer);
  const members = parent.members;
  if (members.length === 1) return splice(text, parent.range![0], parent.range![1], '{}');
  // Two members at least: the one before it, or (when it is the first) the one after.
  if (index > 0) return splice(text, members[index - 1]!.range![1], member.range![1], '');
  return splice(text, member.range![0], members[1]!.range![0], '');
}

function memberAt(text: string, pointer: string): { parent: ObjectNode; member: MemberNode; index: number } {
  const segments = parsePointer(pointer);
  if (!segments?.length) throw new JsonEditError(`not a member pointer: ${pointer}`);
  const parent = nodeAt(text, segments.slice(0, -1).map((s) => '/' + escapeSegment(s)).join(''));
  if (parent.type !== 'Object') throw new JsonEditError(`${pointer} is not an object member`);
  const index = parent.members.findIndex((m) => nameOf(m) === segments.at(-1));
  const member = parent.members[index];
  if (!member) throw new JsonEditError(`${pointer} does not exist`);
  return { parent, member, index };
}

function nodeAt(text: string, pointer: string): AnyNode {
  const ast = momoaParse(text, { mode: 'json', ranges: true, tokens: false, allowTrailingCommas: false });
  let node: AnyNode = ast.body;
  for (const segment of parsePointer(pointer) ?? []) {
    if (node.type === 'Object') {
      const found: MemberNode | undefined = node.members.find((m) => nameOf(m) === segment);
      if (!found) throw new JsonEditError(`${pointer} does not exist`);
      node = found.value;
    } else if (node.type === 'Array' && /^(0|[1-9][0-9]*)$/.test(segment)) {
      const element: ElementNode | undefined = node.elements[Number(segment)];
      if (!element) throw new JsonEditError(`${pointer} does not exist`);
      node = element.value;
    } else throw new JsonEditError(`${pointer} does not exist`);
  }
  return node;
}

function nameOf(member: MemberNode): string {
  return member.name.type === 'String' ? member.name.value : member.name.name;
}

/** JSON.stringify at `indent`: every line after the first is shifted to the surrounding indentation. */
function render(value: unknown, unit: string, indent: string): string {
  return JSON.stringify(value, null, unit).split('\n').join(`\n${indent}`);
}

/** The file's indentation step (two spaces when it cannot tell). */
export function indentUnit(text: string): string {
  const m = /\n([ \t]+)["{[\]}]/.exec(text);
  return m?.[1] ?? '  ';
}

function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

function lineOf(text: string, offset: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}
