/**
 * SARIF output validates against the official SARIF 2.1.0 schema (fixtures/sarif, draft-07) for
 * the bundled contract set and for every rule fixture, and carries what GitHub code scanning
 * reads: rules with metadata, levels, relative URIs, regions and line-independent fingerprints.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { globSync } from 'glob';
import { fingerprint, fileUri, formatSarif, pascalName } from '../../src/report/sarif.js';
import type { LintReport } from '../../src/report/types.js';
import { RULES } from '../../src/rules/index.js';
import { scratchRepo } from '../config/helpers.js';
import { runCli } from '../helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => void;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8')));

/** What the tool writes: one run, one location per result (assertConsistent checks both). */
interface SarifLog {
  $schema: string;
  version: string;
  runs: [{
    tool: { driver: { name: string; version: string; informationUri: string; rules: { id: string; name: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string; markdown: string }; defaultConfiguration: { level: string }; properties: { tags: string[] } }[] } };
    originalUriBaseIds: Record<string, unknown>;
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: [{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }];
      partialFingerprints: { 'sguildContractsFinding/v1': string };
    }[];
  }];
}

function assertValid(text: string, label: string): SarifLog {
  const log = JSON.parse(text) as SarifLog;
  assert.ok(validate(log), `${label}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
  return log;
}

function assertConsistent(log: SarifLog, label: string): void {
  assert.equal(log.runs.length, 1, `${label}: one run`);
  const run = log.runs[0];
  assert.equal(log.version, '2.1.0');
  assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.equal(run.tool.driver.name, 'sguild-contracts');
  assert.match(run.tool.driver.version, /^\d+\.\d+\.\d+/);
  assert.ok(run.originalUriBaseIds['%SRCROOT%'], label);
  for (const result of run.results) {
    assert.equal(run.tool.driver.rules[result.ruleIndex]?.id, result.ruleId, `${label}: ruleIndex of ${result.ruleId}`);
    assert.equal(result.locations.length, 1, `${label}: one location`);
    const location = result.locations[0].physicalLocation;
    assert.equal(location.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.ok(!location.artifactLocation.uri.startsWith('/'), `${label}: relative uri`);
    assert.ok(location.region.startLine >= 1 && location.region.startColumn >= 1);
    assert.match(result.partialFingerprints['sguildContractsFinding/v1'], /^[0-9a-f]{32}$/);
  }
}

describe('sarif', () => {
  const bundled = existsSync(join(ROOT, 'contracts/event-types-registry.json')) ? ROOT : join(ROOT, 'fixtures/minimal');

  it('validates for the bundled contract set and lists every rule that ran', async () => {
    const run = await runCli(['check', '--format', 'sarif'], { cwd: bundled });
    assert.equal(run.stderr, '');
    const log = assertValid(run.stdout, 'bundled set');
    assertConsistent(log, 'bundled set');
    const recommended = RULES.filter((r) => r.preset !== 'strict').map((r) => r.id);
    // The repository's configuration has ignore entries, so config/unused-ignore can appear too.
    const tool = bundled === ROOT ? ['config/unused-ignore'] : [];
    assert.deepEqual(log.runs[0].tool.driver.rules.map((r) => r.id).sort(), [...recommended, ...tool].sort());
    for (const rule of log.runs[0].tool.driver.rules) {
      const meta = RULES.find((r) => r.id === rule.id);
      if (!meta) continue; // the tool's own config/* diagnostics are described elsewhere (TOOL_DIAGNOSTICS)
      assert.equal(rule.name, pascalName(rule.id));
      assert.equal(rule.shortDescription.text, meta.description);
      assert.equal(rule.fullDescription.text, meta.help);
      assert.equal(rule.help.text, meta.help);
      assert.equal(rule.defaultConfiguration.level, { error: 'error', warning: 'warning', info: 'note' }[meta.severity]);
      assert.deepEqual(rule.properties.tags, [rule.id.split('/')[0]]);
    }
  });

  const fixtures = globSync('fixtures/rules/*/*/contracts', { cwd: ROOT, posix: true }).sort();
  it('found rule fixtures to validate', () => assert.ok(fixtures.length > 0));
  for (const contracts of fixtures) {
    const dir = join(ROOT, contracts, '..');
    it(`validates for ${contracts}`, async () => {
      const run = await runCli(['check', '--contracts', 'contracts', '--format', 'sarif'], { cwd: dir });
      const log = assertValid(run.stdout, contracts);
      assertConsistent(log, contracts);
      assert.ok(log.runs[0].results.length > 0, `${contracts}: a rule fixture has findings`);
      const json = JSON.parse((await runCli(['check', '--contracts', 'contracts', '--format', 'json'], { cwd: dir })).stdout) as { diagnostics: { rule: string; line: number; column: number; message: string }[] };
      assert.deepEqual(
        log.runs[0].results.map((r) => [r.ruleId, r.locations[0].physicalLocation.region.startLine, r.locations[0].physicalLocation.region.startColumn, r.message.text]),
        json.diagnostics.map((d) => [d.rule, d.line, d.column, d.message]),
      );
    });
  }

  const report: LintReport = {
    tool: { name: 'sguild-contracts', version: '1.2.3', informationUri: 'https://github.com/sguild/sguild-contracts' },
    rules: [{ id: 'json/syntax', severity: 'error', description: 'Every JSON file must parse', help: 'Fix <it> in `a <b>`.', preset: 'minimal' }],
    diagnostics: [
      { rule: 'json/syntax', severity: 'error', message: 'bad', file: 'contracts/a b/x%.json', line: 3, column: 2, endLine: 3, endColumn: 4 },
      { rule: 'internal/rule-failed', severity: 'error', message: 'rule x failed', file: 'contracts', line: 1, column: 1, endLine: 1, endColumn: 1 },
      { rule: 'json/syntax', severity: 'info', message: 'soft', file: 'contracts/y.json', pointer: '/a', line: 1, column: 1, endLine: 1, endColumn: 1 },
    ],
  };

  it('the stored schema is the real one: it rejects logs GitHub would reject', () => {
    const good = JSON.parse(formatSarif(report, { color: false })) as SarifLog;
    assert.ok(validate(good));
    const broken = (mutate: (log: SarifLog & Record<string, unknown>) => void) => {
      const copy = structuredClone(good) as SarifLog & Record<string, unknown>;
      mutate(copy);
      return validate(copy);
    };
    assert.equal(broken((l) => void ((l as { version: string }).version = '2.0.0')), false);
    // (the report above has three findings)
    assert.equal(broken((l) => void (l.runs[0].results[0]!.level = 'fatal')), false);
    assert.equal(broken((l) => void (l.runs[0].results[0]!.locations[0].physicalLocation.region.startLine = 0)), false);
    assert.equal(broken((l) => void ((l.runs[0].results[0] as unknown as Record<string, unknown>).severity = 'high')), false);
    assert.equal(broken((l) => void delete (l.runs[0].tool.driver as Partial<SarifLog['runs'][0]['tool']['driver']>).name), false);
  });

  it('maps levels, encodes URIs and describes rules that only appear in findings', () => {
    const log = assertValid(formatSarif(report, { color: false }), 'synthetic');
    const run = log.runs[0];
    assert.deepEqual(run.tool.driver.rules.map((r) => r.id), ['internal/rule-failed', 'json/syntax']);
    assert.deepEqual(run.results.map((r) => [r.ruleId, r.ruleIndex, r.level]), [['json/syntax', 1, 'error'], ['internal/rule-failed', 0, 'error'], ['json/syntax', 1, 'note']]);
    assert.equal(run.results[0]?.locations[0].physicalLocation.artifactLocation.uri, 'contracts/a%20b/x%25.json');
    assert.deepEqual(run.results[0]?.locations[0].physicalLocation.region, { startLine: 3, startColumn: 2, endLine: 3, endColumn: 4 });
    // Help markdown keeps code spans and escapes bare angle brackets, which would vanish as HTML.
    assert.equal(run.tool.driver.rules[1]?.help.markdown, 'Fix &lt;it&gt; in `a <b>`.\n\nSee [`json/syntax` in the rules reference](https://github.com/sguild/sguild-contracts/blob/main/docs/rules.md#jsonsyntax).');
    assert.equal(formatSarif(report, { color: false }), formatSarif(report, { color: false }), 'byte-identical run to run');
  });

  it('fingerprints ignore the line but not the rule, file or pointer', () => {
    const base = { rule: 'a/b', file: 'contracts/x.json', pointer: '/p', message: 'm' };
    assert.equal(fingerprint(base), fingerprint({ ...base, message: 'other wording, same place' }));
    assert.notEqual(fingerprint(base), fingerprint({ ...base, pointer: '/q' }));
    assert.notEqual(fingerprint(base), fingerprint({ ...base, file: 'contracts/y.json' }));
    assert.notEqual(fingerprint(base), fingerprint({ ...base, rule: 'a/c' }));
    const noPointer = { rule: 'a/b', file: 'contracts/x.md', message: 'm' };
    assert.notEqual(fingerprint(noPointer), fingerprint({ ...noPointer, message: 'n' }));
    assert.equal(fileUri('../up/a b.json'), '../up/a%20b.json');
  });

  it('keeps fingerprints when a finding moves to another line', async () => {
    const dir = join(ROOT, 'fixtures/rules/json/duplicate-key');
    // Both runs outside any git repository: SARIF paths are relative to the repository root.
    const original = scratchRepo(join(dir, 'contracts'));
    const before = JSON.parse((await runCli(['check', '--contracts', 'contracts', '--format', 'sarif'], { cwd: original })).stdout) as SarifLog;
    // The same tree with two blank lines at the top of every JSON file: the regions move, nothing else.
    const tmp = scratchRepo(join(dir, 'contracts'));
    for (const file of globSync('contracts/**/*.json', { cwd: tmp })) writeFileSync(join(tmp, file), '\n\n' + readFileSync(join(tmp, file), 'utf8'));
    const after = JSON.parse((await runCli(['check', '--contracts', 'contracts', '--format', 'sarif'], { cwd: tmp })).stdout) as SarifLog;
    assert.deepEqual(after.runs[0].results.map((r) => r.partialFingerprints), before.runs[0].results.map((r) => r.partialFingerprints));
    assert.deepEqual(after.runs[0].results.map((r) => r.locations[0].physicalLocation.region.startLine), before.runs[0].results.map((r) => r.locations[0].physicalLocation.region.startLine + 2));
  });
});
