/**
 * The schema comparison's entry point. The walk itself is split by concern under
 * src/diff/compare/ (types, values, bounds, strings, arrays, objects, composition, references).
 */
export { createDiffContext, describeJudgement, instancePath, SchemaDiffer, type DiffContext, type RawChange } from './compare/differ.js';
