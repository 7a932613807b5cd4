// Regenerates the "Change kinds" section of docs/diff.md from src/diff/kinds.ts:
// `node --import tsx scripts/gen-diff-doc.ts` (run by `npm run docs`).
// test/diff/kinds-doc.test.ts fails when the committed file differs from what this writes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../src/core/write-atomic.js';
import { KINDS } from '../src/diff/kinds.js';
import { withKindsSection } from '../src/diff/kinds-doc.js';

const target = join(import.meta.dirname, '..', 'docs', 'diff.md');
writeFileAtomic(target, withKindsSection(readFileSync(target, 'utf8')));
console.log(`wrote docs/diff.md (${KINDS.size} change kinds)`);
