/**
 * The Markdown scanner, the event-name heuristic and variants of the docs/* rules that one
 * fixture per rule cannot hold. Rule tests take the clean minimal tree, change files in memory,
 * and run a single rule.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { globSync } from 'glob';
import { checkModel } from '../../src/check.js';
import { EventTypeIndex } from '../../src/docs/event-names.js';
import { scanMarkdown } from '../../src/docs/markdown.js';
import { loadContractSet } from '../../src/load/loader.js';
import { MemorySource } from '../../src/load/source.js';
import { findRule } from '../../src/rules/index.js';
import { nth } from '../helpers.js';

const MINIMAL = join(import.meta.dirname, '..', '..', 'fixtures', 'minimal', 'contracts');
const README = 'lesson-lifecycle/README.md';
const HEADER = '# Lesson lifecycle\n\n**Status:** active\n**Owner:** Operations\n**Version:** 1.0.0\n\n';

function run(ruleId: string, changes: Record<string, string | null> = {}) {
  const files = new Map<string, Uint8Array>();
  for (const path of globSync('**/*', { cwd: MINIMAL, nodir: true, posix: true })) files.set(path, readFileSync(join(MINIMAL, path)));
  for (const [path, text] of Object.entries(changes)) {
    if (text === null) files.delete(path);
    else files.set(path, new TextEncoder().encode(text));
  }
  const rule = findRule(ruleId);
  assert.ok(rule, `no rule ${ruleId}`);
  const model = loadContractSet(new MemorySource('contracts', files));
  return checkModel(model, { displayRoot: 'contracts', rules: [rule] }).diagnostics.map(({ file, line, column, endColumn, message }) => ({ file, line, column, endColumn, message }));
}

const scan = (text: string) => scanMarkdown({ path: 'x.md', contract: undefined, text }).codeTokens.map((t) => [t.text, t.where, t.line, t.column, t.endColumn]);

describe('scanMarkdown', () => {
  it('finds code spans with exact columns, including double-backtick spans and padding', () => {
    assert.deepEqual(scan('a `x.y` b `` c`d `` e ` f.g ` h'), [
      ['x.y', 'span', 1, 4, 7],
      ['c`d', 'span', 1, 14, 17],
      ['f.g', 'span', 1, 25, 28],
    ]);
  });
  it('treats escaped and unmatched backticks as text', () => {
    assert.deepEqual(scan('\\`a.b` and `c.d`'), [['and', 'span', 1, 8, 11]]);
    assert.deepEqual(scan('one ` stray\n\n`a.b`'), [['a.b', 'span', 3, 2, 5]]);
  });
  it('pairs backticks across the lines of one paragraph but not across headings', () => {
    assert.deepEqual(scan('start ` here\nthere ` end `a.b`'), [
      ['here\nthere', 'span', 1, 9, 6],
      ['a.b', 'span', 2, 14, 17],
    ]);
    assert.deepEqual(scan('# title `\n`a.b` c'), [['a.b', 'span', 2, 2, 5]]);
  });
  it('scans bare dotted names in fenced blocks, not paths, URLs, calls or globs', () => {
    const text = ['```text', 'lesson.delivered -> "credit.reserved", see https://a.b/c.d x/lesson.x', 'credit.release() credit.* run.sh lesson.delivered.', '~~~', 'still `code` inside', '```', 'after `a.b`'].join('\n');
    assert.deepEqual(scan(text), [
      ['lesson.delivered', 'fence', 2, 1, 17],
      ['credit.reserved', 'fence', 2, 22, 37],
      ['run.sh', 'fence', 3, 27, 33],
      ['lesson.delivered', 'fence', 3, 34, 50],
      ['a.b', 'span', 7, 8, 11],
    ]);
  });
  it('runs an unclosed fence to the end of the document', () => {
    assert.deepEqual(scan('~~~~\na.b `c.d`\n~~~\n'), [
      ['a.b', 'fence', 2, 1, 4],
      ['c.d', 'fence', 2, 6, 9],
    ]);
  });
  it('collects mentions the way a word-boundary search finds them', () => {
    const mentions = scanMarkdown({ path: 'x.md', contract: undefined, text: 'See lesson.delivered-v1.json and x.credit.reserved.y, not lead.qualified_late; also pre-order.created.' }).mentions;
    for (const name of ['lesson.delivered', 'credit.reserved', 'order.created']) assert.ok(mentions.has(name), name);
    assert.ok(!mentions.has('lead.qualified'));
  });
  it('is linear on a paragraph full of stray backticks', () => {
    const text = Array.from({ length: 20000 }, (_, i) => '`'.repeat((i % 50) + 1)).join(' x ');
    scan(text); // would take minutes if each run searched the rest of the block
  });
});

describe('EventTypeIndex', () => {
  const index = new EventTypeIndex(['lesson.delivered', 'geography.market.archived', 'credit.reserved']);
  const verdict = (token: string) => index.classify(token).kind;
  it('accepts registered names, with or without a -v<N> suffix', () => {
    assert.equal(verdict('lesson.delivered'), 'registered');
    assert.equal(verdict('lesson.delivered-v2'), 'registered');
  });
  it('ignores file and host names, versions, namespaces, fields, unknown namespaces and non-grammar tokens', () => {
    for (const token of ['lesson.delivered-v1.json', 'credit.md', 'credit.com', 'v1.x', 'geography.market', 'lesson.delivered.attendance', 'foo.bar', 'lesson/delivered', 'lesson.*', 'system:platform', 'Lesson.delivered', 'lesson delivered', '1.0.0', 'lesson']) {
      assert.equal(verdict(token), 'ignored', token);
    }
  });
  it('flags names in a known namespace, suggesting the closest', () => {
    assert.deepEqual(index.classify('credit.refunded'), { kind: 'unknown', suggestion: undefined });
    assert.deepEqual(index.classify('credit.reserve'), { kind: 'unknown', suggestion: 'credit.reserved' });
    assert.deepEqual(index.classify('geography.market.archvied'), { kind: 'unknown', suggestion: 'geography.market.archived' });
  });
});

describe('docs rules on the clean minimal tree', () => {
  for (const id of ['docs/readme-missing', 'docs/unknown-event-type', 'docs/event-type-unmentioned', 'docs/readme-header']) {
    it(`${id} reports nothing`, () => assert.deepEqual(run(id), []));
  }
});

describe('docs/readme-missing', () => {
  it('suggests renaming a readme with the wrong case', () => {
    const found = run('docs/readme-missing', { [README]: null, 'lesson-lifecycle/Readme.md': HEADER });
    assert.deepEqual(found, [
      {
        file: 'contracts/lesson-lifecycle/Readme.md',
        line: 1,
        column: 1,
        endColumn: 1,
        message: 'contract folder "lesson-lifecycle" has no README.md; rename lesson-lifecycle/Readme.md to lesson-lifecycle/README.md (the name is case-sensitive)',
      },
    ]);
  });
  it('ignores hidden folders and files at the root', () => {
    assert.deepEqual(run('docs/readme-missing', { '.github/workflows/check.json': '{}', 'NOTES.md': 'x' }), []);
  });
});

describe('docs/unknown-event-type', () => {
  it('scans every document under the root, not only READMEs', () => {
    const found = run('docs/unknown-event-type', { 'NOTES.md': 'Planned: `lesson.cancelled`.\n', 'lesson-lifecycle/validation/flow.md': '```\nlesson.delivered -> lesson.invoiced\n```\n' });
    assert.deepEqual(found.map((f) => [f.file, f.line, f.column, f.endColumn]), [
      ['contracts/NOTES.md', 1, 11, 27],
      ['contracts/lesson-lifecycle/validation/flow.md', 2, 21, 36],
    ]);
  });
  it('stays quiet without a usable registry', () => {
    assert.deepEqual(run('docs/unknown-event-type', { 'event-types-registry.json': '{', 'NOTES.md': '`lesson.cancelled`' }), []);
  });
});

describe('docs/event-type-unmentioned', () => {
  it('counts a plain-word mention and a versioned file name', () => {
    assert.deepEqual(run('docs/event-type-unmentioned', { [README]: `${HEADER}Emits lesson.delivered when done.\n` }), []);
    assert.deepEqual(run('docs/event-type-unmentioned', { [README]: `${HEADER}Schema: schema/payloads/lesson.delivered-v1.json\n` }), []);
  });
  it('does not count a longer name that merely starts with it', () => {
    const found = run('docs/event-type-unmentioned', { [README]: `${HEADER}Emits \`lesson.delivered_late\`.\n` });
    assert.deepEqual(found.map((f) => [f.file, f.line, f.column]), [['contracts/event-types-registry.json', 9, 5]]);
  });
  it('leaves a contract without README to docs/readme-missing', () => {
    assert.deepEqual(run('docs/event-type-unmentioned', { [README]: null }), []);
  });
});

describe('docs/readme-header', () => {
  const header = (lines: string) => run('docs/readme-header', { [README]: `# Lesson lifecycle\n\n${lines}\n\nMentions \`lesson.delivered\`.\n` });
  it('accepts plain, bold, list, quoted and table labels in any case', () => {
    assert.deepEqual(header('Status: active\n- **owner**: Operations\n> VERSION: 1.0.0'), []);
    assert.deepEqual(header('| Field | Value |\n|---|---|\n| **Status** | active |\n| Owner | Ops |\n| Version | 1 |'), []);
  });
  it('lists what is missing, at line 1', () => {
    assert.deepEqual(header('The status: active'), [
      {
        file: 'contracts/lesson-lifecycle/README.md',
        line: 1,
        column: 1,
        endColumn: 1,
        message: 'the README does not state its status, owner and version in its first 30 lines; add "**Status:** active", "**Owner:** <team>" and "**Version:** <x.y.z>" below the title',
      },
    ]);
  });
  it('only reads the first 30 lines', () => {
    const found = header(`**Status:** active\n**Owner:** Ops\n${'\n'.repeat(30)}**Version:** 1.0.0`);
    assert.match(nth(found, 0).message, /does not state its version in/);
  });
});
