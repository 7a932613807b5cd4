import { joinPointer } from '../../json/pointer.js';
import { findRefCycles } from '../../schema/ref-cycles.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 'schema/ref-cycle',
  severity: 'error',
  preset: 'minimal',
  description: 'References must not loop back to the same value without descending into it',
  help: 'A chain of "$ref"s (possibly through allOf, anyOf, oneOf, not, if/then/else) that returns to where it started without passing through "properties", "items" or another keyword that moves into the value asks a validator to evaluate the same value against the same schema forever: such a schema can never be evaluated. It is an error. Recursive schemas that go through "properties" or "items" (trees, linked lists) are fine and are not reported. Break the loop by replacing one reference with the schema it should stand for.',
  check(model, report) {
    for (const { ref, loop } of findRefCycles(model)) {
      report({
        file: ref.file,
        pointer: joinPointer(ref.pointer, '$ref'),
        message: `$ref "${ref.ref}" is part of a reference loop that never descends into the value (${loop.map((node) => label(node, ref.file)).join(' → ')}): a validator would recurse forever; replace one of these references with the schema it stands for`,
      });
    }
  },
});

/** `#/pointer` within the reported file, `path#/pointer` (or just `path` for a root) elsewhere. */
function label(node: string, file: string): string {
  const hash = node.indexOf('#');
  const path = node.slice(0, hash);
  const pointer = node.slice(hash + 1);
  if (path === file) return `#${pointer}`;
  return pointer ? `${path}#${pointer}` : path;
}
