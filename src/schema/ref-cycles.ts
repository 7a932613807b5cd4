/**
 * Reference loops that never consume data: following them, a validator evaluates the same
 * value against the same schema again, forever (`A = {"$ref": "B"}`, `B = {"$ref": "A"}`, or
 * `A = {"allOf": [{"$ref": "#"}]}`). A loop that passes through `properties`, `items` or any
 * other keyword that moves into a part of the value is ordinary recursion and is fine.
 *
 * The graph has one node per `$ref` holder; an edge goes from a reference to every `$ref`
 * holder evaluated on the same value at its target (the target itself and its in-place
 * subschemas). Loops are the strongly connected components of that graph.
 */
import { joinPointer } from '../json/pointer.js';
import type { ContractSet } from '../model/types.js';
import { schemaRefs, type SchemaRef } from './ref-index.js';
import { isSchemaObject } from './walk.js';

/** Keywords whose subschemas apply to the very value their parent applies to. */
const IN_PLACE_SINGLE = ['not', 'if', 'then', 'else'];
const IN_PLACE_LIST = ['allOf', 'anyOf', 'oneOf'];
const IN_PLACE_MAP = ['dependentSchemas', 'dependencies'];
const has = (o: object, k: string) => Object.hasOwn(o, k);

export interface RefCycle {
  /** The reference reported (one of the loop's steps). */
  ref: SchemaRef;
  /** The loop from this reference back to it, as `file#pointer` of each reference holder. */
  loop: string[];
}

const key = (file: string, pointer: string) => `${file}#${pointer}`;

const cycles = new WeakMap<ContractSet, RefCycle[]>();

/** The model's `$ref` loops, computed once (the ref-cycle rule and the compiler both ask). */
export function findRefCycles(model: ContractSet): RefCycle[] {
  let found = cycles.get(model);
  if (!found) cycles.set(model, (found = computeRefCycles(model)));
  return found;
}

function computeRefCycles(model: ContractSet): RefCycle[] {
  const holders = new Map<string, SchemaRef>();
  for (const ref of schemaRefs(model)) if (ref.keyword === '$ref' && ref.target.kind === 'local') holders.set(key(ref.file, ref.pointer), ref);
  if (!holders.size) return [];

  const reachedFrom = new Map<string, string[]>();
  const successors = (node: string): string[] => {
    const ref = holders.get(node)!;
    if (ref.target.kind !== 'local') return [];
    const target = key(ref.target.file, ref.target.pointer);
    let out = reachedFrom.get(target);
    if (!out) reachedFrom.set(target, (out = inPlaceHolders(ref.target.file, ref.target.pointer, ref.target.value, holders)));
    return out;
  };

  // A reference whose target evaluates no further reference in place (the usual case: a shared
  // definition) cannot be on a loop; only the rest go through the component search.
  const candidates = [...holders.keys()].filter((node) => successors(node).length > 0);
  const cycles: RefCycle[] = [];
  for (const component of stronglyConnected(candidates, successors)) {
    const members = new Set(component);
    const only = component.length === 1 ? component[0] : undefined;
    if (only !== undefined && !successors(only).includes(only)) continue;
    for (const node of [...component].sort()) cycles.push({ ref: holders.get(node)!, loop: shortestLoop(node, members, successors) });
  }
  return cycles;
}

/** `$ref` holders evaluated on the same value as the schema at (file, pointer). */
function inPlaceHolders(file: string, pointer: string, value: unknown, holders: Map<string, SchemaRef>): string[] {
  const out: string[] = [];
  const stack: [unknown, string][] = [[value, pointer]];
  while (stack.length) {
    const [node, at] = stack.pop()!;
    if (!isSchemaObject(node)) continue;
    if (holders.has(key(file, at))) out.push(key(file, at));
    for (const k of IN_PLACE_SINGLE) if (has(node, k)) stack.push([node[k], joinPointer(at, k)]);
    for (const k of IN_PLACE_LIST) {
      const list = has(node, k) ? node[k] : undefined;
      if (Array.isArray(list)) list.forEach((s, i) => stack.push([s, joinPointer(at, k, i)]));
    }
    for (const k of IN_PLACE_MAP) {
      const map = has(node, k) ? node[k] : undefined;
      if (isSchemaObject(map)) for (const name of Object.keys(map)) stack.push([map[name], joinPointer(at, k, name)]);
    }
  }
  return out.sort();
}

/** Tarjan's algorithm, iterative so long reference chains cannot overflow the stack. */
function stronglyConnected(nodes: string[], successors: (n: string) => string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: { node: string; edges: string[]; i: number }[] = [];
    const open = (node: string) => {
      index.set(node, next);
      low.set(node, next++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, edges: successors(node), i: 0 });
    };
    open(start);
    for (let frame = work.at(-1); frame; frame = work.at(-1)) {
      const to = frame.edges[frame.i];
      if (to !== undefined) {
        frame.i++;
        if (!index.has(to)) open(to);
        else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work.at(-1)?.node;
      if (parent !== undefined) low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}

/** The shortest path from `node` back to itself inside its component (breadth first). */
function shortestLoop(node: string, members: Set<string>, successors: (n: string) => string[]): string[] {
  const previous = new Map<string, string>();
  const queue = [node];
  for (const current of queue) {
    // (the queue grows while it is walked)
    for (const to of successors(current)) {
      if (!members.has(to)) continue;
      if (to === node) {
        const path = [node];
        for (let at = current; at !== node; at = previous.get(at)!) path.push(at);
        return [node, ...path.slice(1).reverse(), node];
      }
      if (!previous.has(to)) {
        previous.set(to, current);
        queue.push(to);
      }
    }
  }
  return [node, node];
}
