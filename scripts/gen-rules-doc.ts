// Regenerates docs/rules.md from the rule metadata: `node --import tsx scripts/gen-rules-doc.ts`.
// test/report/rules-doc.test.ts fails when the committed file differs from what this writes.
import { join } from 'node:path';
import { TOOL_DIAGNOSTICS } from '../src/config/tool-rules.js';
import { writeFileAtomic } from '../src/core/write-atomic.js';
import { renderRulesMarkdown } from '../src/report/rules-doc.js';
import { CONFIGURABLE as RULES } from '../src/rules/catalogue.js';

const target = join(import.meta.dirname, '..', 'docs', 'rules.md');
writeFileAtomic(target, renderRulesMarkdown(RULES, TOOL_DIAGNOSTICS));
console.log(`wrote docs/rules.md (${RULES.length} rules)`);
