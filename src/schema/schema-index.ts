/**
 * Every subschema of every loadable schema file, walked once per model and shared by the schema
 * rules. Walking builds a JSON pointer per node, which is most of its cost; at 20,000 schemas
 * doing it once instead of once per rule is the difference that matters.
 */
import type { ContractSet, SchemaFile } from '../model/types.js';
import { walkSchema, type SchemaNode } from './walk.js';

export interface SchemaNodeAt {
  node: SchemaNode;
  pointer: string;
}

export interface IndexedSchema {
  schema: SchemaFile;
  /** Object subschemas, parents before children (walkSchema's order). */
  nodes: readonly SchemaNodeAt[];
}

const cache = new WeakMap<ContractSet, readonly IndexedSchema[]>();

/** Schemas whose JSON parsed, in model order, with their subschemas. */
export function schemaIndex(model: ContractSet): readonly IndexedSchema[] {
  let index = cache.get(model);
  if (!index) {
    const list: IndexedSchema[] = [];
    for (const schema of model.schemas.values()) {
      if (!schema.doc.ok) continue;
      const nodes: SchemaNodeAt[] = [];
      walkSchema(schema.doc.value, (node, pointer) => void nodes.push({ node, pointer }));
      list.push({ schema, nodes });
    }
    cache.set(model, (index = list));
  }
  return index;
}

const refLists = new WeakMap<ContractSet, Map<string, readonly { ref: string; pointer: string }[]>>();

/**
 * What `refsOf` (src/schema/refs.ts) gives for a whole schema file, read from the index instead
 * of walking the file again (the same walk, so the same references in the same order);
 * undefined for a file the index does not hold (not a schema, or not parsed).
 */
export function indexedRefsOf(model: ContractSet, path: string): readonly { ref: string; pointer: string }[] | undefined {
  let lists = refLists.get(model);
  if (!lists) {
    lists = new Map();
    for (const { schema, nodes } of schemaIndex(model)) {
      const refs: { ref: string; pointer: string }[] = [];
      for (const { node, pointer } of nodes) if (typeof node.$ref === 'string') refs.push({ ref: node.$ref, pointer });
      lists.set(schema.path, refs);
    }
    refLists.set(model, lists);
  }
  return lists.get(path);
}
