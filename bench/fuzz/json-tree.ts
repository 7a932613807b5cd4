/**
 * A JSON tree the fuzzer can edit without JavaScript getting in the way: objects are lists of
 * entries, so `__proto__` is an ordinary key, keys can repeat (duplicate-key mutations), and
 * numbers can be raw text the parser will see verbatim (`1e400`, `-0`, 30-digit integers).
 */

export type JNode = null | boolean | string | JNumber | JArray | JObject;
export interface JNumber {
  kind: 'num';
  text: string;
}
export interface JArray {
  kind: 'arr';
  items: JNode[];
}
export interface JObject {
  kind: 'obj';
  entries: [string, JNode][];
}

export function fromValue(value: unknown): JNode {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return { kind: 'num', text: JSON.stringify(value) };
  if (Array.isArray(value)) return { kind: 'arr', items: value.map(fromValue) };
  if (typeof value === 'object') return { kind: 'obj', entries: Object.keys(value).map((k) => [k, fromValue((value as Record<string, unknown>)[k])]) };
  return null;
}

/** Parses JSON text into a tree; `undefined` when the text is not JSON (a previous mutation broke it). */
export function parseTree(text: string): JNode | undefined {
  try {
    return fromValue(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** Serializes like `JSON.stringify(v, null, 2)`, but iteratively, so deeply nested trees do not overflow. */
export function stringifyTree(root: JNode): string {
  const out: string[] = [];
  type Frame = { node: JArray | JObject; i: number; indent: string };
  const stack: Frame[] = [];
  const open = (node: JNode, indent: string): void => {
    if (node === null) out.push('null');
    else if (typeof node === 'boolean') out.push(String(node));
    else if (typeof node === 'string') out.push(JSON.stringify(node));
    else if (node.kind === 'num') out.push(node.text);
    else {
      const empty = node.kind === 'arr' ? node.items.length === 0 : node.entries.length === 0;
      if (empty) out.push(node.kind === 'arr' ? '[]' : '{}');
      else {
        out.push(node.kind === 'arr' ? '[' : '{');
        stack.push({ node, i: 0, indent });
      }
    }
  };
  open(root, '');
  for (let top = stack.at(-1); top; top = stack.at(-1)) {
    const size = top.node.kind === 'arr' ? top.node.items.length : top.node.entries.length;
    // Past twenty levels indentation would dominate the file: nest without it.
    const inner = top.indent.length >= 40 ? top.indent : top.indent + '  ';
    if (top.i === size) {
      out.push(`\n${top.indent}${top.node.kind === 'arr' ? ']' : '}'}`);
      stack.pop();
      continue;
    }
    out.push(top.i === 0 ? `\n${inner}` : `,\n${inner}`);
    const i = top.i++;
    // i < size
    if (top.node.kind === 'arr') open(top.node.items[i]!, inner);
    else {
      const [key, value] = top.node.entries[i]!;
      out.push(`${JSON.stringify(key)}: `);
      open(value, inner);
    }
  }
  return out.join('') + '\n';
}

/** A node with the way to reach it: its container and key/index (none for the root). */
export interface Located {
  node: JNode;
  parent?: JArray | JObject;
  /** Index into `items` or `entries`. */
  index: number;
  depth: number;
}

/** Every node, parents first, iteratively (mutated trees can be thousands of levels deep). */
export function allNodes(root: JNode, limit = 20000): Located[] {
  const found: Located[] = [];
  const stack: Located[] = [{ node: root, index: -1, depth: 0 }];
  while (stack.length && found.length < limit) {
    const at = stack.pop()!;
    found.push(at);
    const n = at.node;
    if (n && typeof n === 'object' && n.kind === 'arr') for (let i = n.items.length - 1; i >= 0; i--) stack.push({ node: n.items[i]!, parent: n, index: i, depth: at.depth + 1 });
    if (n && typeof n === 'object' && n.kind === 'obj') for (let i = n.entries.length - 1; i >= 0; i--) stack.push({ node: n.entries[i]![1], parent: n, index: i, depth: at.depth + 1 });
  }
  return found;
}

export function isObj(n: JNode | undefined): n is JObject {
  return !!n && typeof n === 'object' && n.kind === 'obj';
}

export function isArr(n: JNode | undefined): n is JArray {
  return !!n && typeof n === 'object' && n.kind === 'arr';
}

/** Replaces a located node in its container (or returns the new root). */
export function replaceAt(root: JNode, at: Located, value: JNode): JNode {
  if (!at.parent) return value;
  if (at.parent.kind === 'arr') at.parent.items[at.index] = value;
  else at.parent.entries[at.index]![1] = value; // a Located's index is within its parent
  return root;
}

/** The JSON pointer of a located node, rebuilt from the root (used for self-referencing `$ref`s). */
export function pointerOf(root: JNode, target: JNode): string | undefined {
  const stack: [JNode, string][] = [[root, '']];
  while (stack.length) {
    const [node, pointer] = stack.pop()!;
    if (node === target) return pointer;
    const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
    if (isArr(node)) node.items.forEach((c, i) => stack.push([c, `${pointer}/${i}`]));
    if (isObj(node)) for (const [k, c] of node.entries) stack.push([c, `${pointer}/${esc(k)}`]);
  }
  return undefined;
}

export function get(obj: JObject, key: string): JNode | undefined {
  for (const [k, v] of obj.entries) if (k === key) return v;
  return undefined;
}

export function set(obj: JObject, key: string, value: JNode): void {
  for (const entry of obj.entries) if (entry[0] === key) return void (entry[1] = value);
  obj.entries.push([key, value]);
}
