/** Where a model's findings are: JSON pointers located in its parsed documents, paths shown under the display root. */
import type { Positioning } from '../diagnostics/pipeline.js';
import { displayPath } from '../core/paths.js';
import type { ContractSet } from './types.js';

export function modelPositioning(model: ContractSet, displayRoot: string): Positioning {
  return {
    locate: (file, pointer, at) => model.json.get(file)?.doc.locate(pointer, at),
    displayPath: (file) => displayPath(displayRoot, file),
  };
}
