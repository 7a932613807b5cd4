import { posix } from 'node:path';
import { getAtPointer, joinPointer, parsePointer } from '../../json/pointer.js';
import type { ContractSet } from '../../model/types.js';
import { schemaRefs, targetIsBroken, type SchemaRef } from '../../schema/ref-index.js';
import { describeRefProblem } from '../../schema/refs.js';
import { closest } from '../../core/did-you-mean.js';
import { isSchemaObject } from '../../schema/walk.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 'schema/ref-unresolved',
  severity: 'error',
  preset: 'minimal',
  description: 'Every "$ref" must point to an existing file and to something in it',
  help: 'A reference whose file does not exist, or whose JSON pointer or anchor finds nothing, makes the schema unusable: validation of every example and event against it fails, and generated code cannot be produced. Paths are relative to the referring file (or to its "$id"); fix the path or the pointer, or add the missing definition.',
  check(model, report) {
    let basenames: Map<string, string[]> | undefined;
    for (const ref of schemaRefs(model)) {
      const target = ref.target;
      if (target.kind !== 'missing-file' && target.kind !== 'missing-pointer' && target.kind !== 'invalid') continue;
      if (targetIsBroken(model, target)) continue; // the target file's own problem is reported on it
      let message = describe(ref);
      if (target.kind === 'missing-file') {
        basenames ??= indexBasenames(model);
        const candidates = basenames.get(posix.basename(target.file)) ?? [];
        const only = candidates.length === 1 ? candidates[0] : undefined;
        if (only !== undefined) message += `; did you mean "${posix.relative(posix.dirname(ref.file), only)}${fragmentOf(ref.ref)}"?`;
        else message += '; fix the path or add the file';
      } else if (target.kind === 'missing-pointer') {
        message += pointerHint(model, target.file, target.pointer);
      }
      report({ file: ref.file, pointer: joinPointer(ref.pointer, ref.keyword), message });
    }
  },
});

function describe(ref: SchemaRef): string {
  const message = describeRefProblem(ref.ref, ref.target as Exclude<SchemaRef['target'], { kind: 'local' }>);
  return ref.keyword === '$ref' ? message : message.replace(/^\$ref/, ref.keyword);
}

function fragmentOf(ref: string): string {
  const hash = ref.indexOf('#');
  return hash < 0 ? '' : ref.slice(hash);
}

function indexBasenames(model: ContractSet): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const path of model.json.keys()) {
    const name = posix.basename(path);
    let list = map.get(name);
    if (!list) map.set(name, (list = []));
    list.push(path);
  }
  return map;
}

/** Names what the deepest existing parent of a missing pointer does hold, with a likely match. */
function pointerHint(model: ContractSet, file: string, pointer: string): string {
  const segments = parsePointer(pointer);
  const value = model.json.get(file)?.doc.value;
  const missing = segments?.at(-1);
  if (!segments || missing === undefined) return '; add the anchor or fix the reference';
  const parentPointer = joinPointer('', ...segments.slice(0, -1));
  const parent = getAtPointer(value, parentPointer);
  if (!parent.found || !isSchemaObject(parent.value)) return '; fix the pointer or add the definition';
  const keys = Object.keys(parent.value).sort();
  const guess = closest(missing, keys);
  if (guess) return `; did you mean "#${encodeFragment(joinPointer(parentPointer, guess))}"?`;
  const shown = keys.length > 8 ? `${keys.slice(0, 8).join(', ')}, …` : keys.join(', ');
  return `; ${parentPointer || '(root)'} holds ${shown || 'nothing'}: fix the pointer or add the definition`;
}

function encodeFragment(pointer: string): string {
  return pointer.replace(/%/g, '%25').replace(/ /g, '%20');
}
