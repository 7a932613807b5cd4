/**
 * Baselines: a copy of the bundled contract set with twenty injected defects is baselined; one
 * more defect is then exactly one finding. Findings are matched by rule, file and pointer (not
 * line) and counted; bad baseline files are positioned errors with exit code 2.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { globSync } from 'glob';
import { applyBaseline, parseBaseline, renderBaseline } from '../../src/config/baseline.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { nth, runCli } from '../helpers.js';
import { duplicatableLines, duplicateLine, MINIMAL, PAYLOAD, ROOT, scratchRepo, type JsonReport } from './helpers.js';

// The bundled set when it is there (it is written alongside this code), else the minimal tree.
const BUNDLED = existsSync(join(ROOT, 'contracts', 'event-types-registry.json')) ? join(ROOT, 'contracts') : MINIMAL;

async function check(dir: string, ...args: string[]): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const run = await runCli(['check', '--format', 'json', ...args], { cwd: dir });
  return { code: run.code, report: run.stdout ? (JSON.parse(run.stdout) as JsonReport) : (undefined as unknown as JsonReport), stderr: run.stderr };
}

/** Twenty defects spread over the set's JSON files: repeated single-line members (json/duplicate-key). */
function injectTwenty(dir: string): [string, number][] {
  const files = globSync('contracts/**/*.json', { cwd: dir, posix: true }).sort();
  const candidates = duplicatableLines(dir, files);
  assert.ok(candidates.length >= 21, 'the contract set has enough members to break');
  const step = Math.floor(candidates.length / 20);
  const chosen = Array.from({ length: 20 }, (_, i) => nth(candidates, i * step));
  // Bottom-up within each file, so earlier line numbers stay valid.
  for (const [file, line] of [...chosen].sort((a, b) => (a[0] === b[0] ? b[1] - a[1] : a[0] < b[0] ? -1 : 1))) duplicateLine(dir, file, line);
  return chosen;
}

describe('baseline', () => {
  it('twenty baselined defects, then one more: exactly one new finding', async () => {
    const dir = scratchRepo(BUNDLED);
    const clean = await check(dir);
    assert.deepEqual([clean.code, clean.report.diagnostics], [0, []], 'the bundled set starts clean');
    injectTwenty(dir);
    const broken = await check(dir);
    assert.equal(broken.report.diagnostics.length, 20);
    assert.equal(broken.code, 1);

    const written = await runCli(['check', '--write-baseline', 'contracts-baseline.json'], { cwd: dir });
    assert.equal(written.code, 0);
    assert.equal(written.stderr, 'sguild-contracts: wrote contracts-baseline.json with 20 findings; later runs with --baseline report only new ones\n');
    assert.match(written.stdout, /✔ no problems found in .* \((?:7 ignored, )?20 in baseline\)\n$/);
    const baselineText = readFileSync(join(dir, 'contracts-baseline.json'), 'utf8');
    assert.equal(baselineText, renderBaseline(broken.report.diagnostics.map(toDiagnostic)), 'the file is the sorted rendering of the findings');

    const quiet = await check(dir, '--baseline', 'contracts-baseline.json');
    assert.deepEqual([quiet.code, quiet.report.diagnostics, quiet.report.summary.suppressed], [0, [], { ignored: BUNDLED === MINIMAL ? 0 : 7, baselined: 20 }]);

    // One more defect in a file that had none.
    const files = globSync('contracts/**/*.json', { cwd: dir, posix: true }).sort();
    const untouched = duplicatableLines(dir, files).find(([file]) => !broken.report.diagnostics.some((d) => d.file === file));
    assert.ok(untouched, 'a file without a defect is left');
    duplicateLine(dir, untouched[0], untouched[1]);
    const one = await check(dir, '--baseline', 'contracts-baseline.json');
    assert.deepEqual(one.report.diagnostics.map((d) => [d.rule, d.file]), [['json/duplicate-key', untouched[0]]]);
    assert.equal(one.code, 1);
  });

  it('counts matter: two of a key in the baseline and three now is one new finding', async () => {
    const dir = scratchRepo();
    duplicateLine(dir, PAYLOAD, 3);
    duplicateLine(dir, PAYLOAD, 3); // "title" three times: two findings at /title
    assert.equal((await runCli(['check', '--write-baseline', 'b.json'], { cwd: dir })).code, 0);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')), {
      version: 1,
      findings: [{ rule: 'json/duplicate-key', file: PAYLOAD, pointer: '/title', count: 2 }],
    });
    duplicateLine(dir, PAYLOAD, 3);
    const run = await check(dir, '--baseline', 'b.json');
    assert.deepEqual(run.report.diagnostics.map((d) => [d.rule, d.line, d.pointer]), [['json/duplicate-key', 7, '/title']]);
    assert.deepEqual(run.report.summary.suppressed, { ignored: 0, baselined: 2 });
  });

  it('edits elsewhere in a file do not resurrect baselined findings', async () => {
    const dir = scratchRepo();
    duplicateLine(dir, PAYLOAD, 3);
    await runCli(['check', '--write-baseline', 'b.json'], { cwd: dir });
    const path = join(dir, PAYLOAD);
    writeFileSync(path, '\n\n\n' + readFileSync(path, 'utf8'));
    const run = await check(dir, '--baseline', 'b.json');
    assert.deepEqual([run.code, run.report.diagnostics], [0, []]);
  });

  it('matches findings without a pointer by their message', () => {
    const d = (message: string, line: number): Diagnostic => ({ rule: 'docs/x', severity: 'warning', message, file: 'contracts/a.md', line, column: 1, endLine: line, endColumn: 1 });
    const text = renderBaseline([d('missing owner', 3)]);
    assert.equal(text, '{\n  "version": 1,\n  "findings": [\n    {\n      "rule": "docs/x",\n      "file": "contracts/a.md",\n      "message": "missing owner",\n      "count": 1\n    }\n  ]\n}\n');
    const baseline = parseBaseline(text, 'b.json').baseline!;
    assert.deepEqual(applyBaseline([d('missing owner', 9), d('missing status', 3)], baseline), { fresh: [d('missing status', 3)], known: 1 });
  });

  it('is sorted and stable: the same findings in any order give the same file', () => {
    const mk = (rule: string, file: string, pointer?: string): Diagnostic => ({ rule, severity: 'error', message: 'm', file, line: 1, column: 1, endLine: 1, endColumn: 1, ...(pointer !== undefined ? { pointer } : {}) });
    const list = [mk('b/x', 'f2', '/a'), mk('a/x', 'f2'), mk('a/x', 'f1', '/z'), mk('a/x', 'f1', '/a'), mk('a/x', 'f1')];
    const text = renderBaseline(list);
    assert.equal(renderBaseline([...list].reverse()), text);
    assert.deepEqual(
      (JSON.parse(text) as { findings: { rule: string; file: string; pointer?: string }[] }).findings.map((f) => `${f.rule} ${f.file} ${f.pointer ?? '-'}`),
      ['a/x f1 -', 'a/x f1 /a', 'a/x f1 /z', 'a/x f2 -', 'b/x f2 /a'],
    );
  });

  it('a bad baseline file is a positioned baseline/invalid error with exit code 2', async () => {
    const dir = scratchRepo();
    const cases: [string, string][] = [
      ['{ "version": 2, "findings": [] }', 'b.json:1:14  error  unsupported baseline version 2: this tool reads version 1; regenerate it with `check --write-baseline FILE`  baseline/invalid'],
      [
        '{\n  "version": 1,\n  "findings": [\n    { "rule": "a/b", "file": "x", "count": 0 },\n    { "rule": "a/b", "file": "x", "pointer": "/p", "count": 1 },\n    { "rule": "a/b", "file": "x", "pointer": "/p", "count": 1, "extra": true }\n  ],\n  "note": 1\n}',
        [
          'b.json:4:5  error  a baseline finding needs exactly one of "pointer" and "message"  baseline/invalid',
          'b.json:4:44  error  "count" must be a positive integer  baseline/invalid',
          'b.json:6:64  error  unknown key "extra" in a baseline finding  baseline/invalid',
          'b.json:8:3  error  unknown key "note" in a baseline; regenerate it with `check --write-baseline FILE`  baseline/invalid',
        ].join('\n'),
      ],
      ['{ "version": 1, "findings": [{ "rule": "a/b", "file": "x", "pointer": "/p", "count": 1 }, { "rule": "a/b", "file": "x", "pointer": "/p", "count": 2 }] }', 'b.json:1:91  error  duplicate baseline finding: the same rule, file and pointer (or message) appear earlier; merge the counts  baseline/invalid'],
      ['[]', 'b.json:1:1  error  a baseline must be an object { "version": 1, "findings": [...] }; regenerate it with `check --write-baseline FILE`  baseline/invalid'],
    ];
    // A syntax error: the wording is the JSON parser's own; the position and rule are this feature's.
    writeFileSync(join(dir, 'b.json'), '{ "version": 1, "findings": [ }');
    const syntax = await runCli(['check', '--baseline', 'b.json'], { cwd: dir });
    assert.equal(syntax.code, 2);
    assert.match(syntax.stderr, /^b\.json:1:31  error  invalid JSON: .+  baseline\/invalid\nsguild-contracts: the baseline file b\.json is invalid; nothing was checked\n$/);
    for (const [text, expected] of cases) {
      writeFileSync(join(dir, 'b.json'), text);
      const run = await runCli(['check', '--baseline', 'b.json'], { cwd: dir });
      assert.deepEqual([run.code, run.stdout, run.stderr], [2, '', `${expected}\nsguild-contracts: the baseline file b.json is invalid; nothing was checked\n`], text);
    }
    const missing = await runCli(['check', '--baseline', 'none.json'], { cwd: dir });
    assert.deepEqual([missing.code, missing.stderr], [2, 'sguild-contracts: baseline file not found: none.json (create it with --write-baseline none.json)\n']);
    const both = await runCli(['check', '--baseline', 'b.json', '--write-baseline', 'c.json'], { cwd: dir });
    assert.deepEqual([both.code, both.stderr], [2, 'sguild-contracts: use either --baseline (report only new findings) or --write-baseline (record the current ones), not both\n']);
  });
});

function toDiagnostic(d: JsonReport['diagnostics'][number]): Diagnostic {
  return { rule: d.rule, severity: d.severity as Diagnostic['severity'], message: d.message, file: d.file, line: d.line, column: d.column, endLine: d.line, endColumn: d.column, ...(d.pointer !== null ? { pointer: d.pointer } : {}) };
}
