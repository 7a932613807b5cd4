// Regenerates docs/rules.md from the whole diagnostic catalogue: `node --import tsx scripts/gen-rules-doc.ts`.
// test/report/rules-doc.test.ts fails when the committed file differs from what this writes.
import { join } from 'node:path';
import { writeFileAtomic } from '../src/core/write-atomic.js';
import { renderRulesMarkdown } from '../src/report/rules-doc.js';
import { CATALOGUE } from '../src/rules/catalogue.js';

const target = join(import.meta.dirname, '..', 'docs', 'rules.md');
writeFileAtomic(target, renderRulesMarkdown(CATALOGUE));
console.log(`wrote docs/rules.md (${CATALOGUE.length} diagnostics)`);
