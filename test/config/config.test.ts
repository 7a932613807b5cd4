/**
 * sguild-contracts.config.json: every key, and every way a configuration can be wrong (a
 * positioned config/invalid diagnostic on stderr, exit code 2, never a crash).
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/config/load.js';
import { selectRules } from '../../src/diagnostics/select.js';
import { RULES } from '../../src/rules/index.js';
import { nth, runCli } from '../helpers.js';
import { duplicateLine, PAYLOAD, removeFile, ROOT, scratchRepo, writeConfig, type JsonReport } from './helpers.js';

const DUP_MESSAGE = 'duplicate key "title": JSON readers keep only the last one; remove or rename one of them';

async function check(dir: string, ...args: string[]): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const run = await runCli(['check', '--format', 'json', ...args], { cwd: dir });
  return { code: run.code, report: run.stdout ? (JSON.parse(run.stdout) as JsonReport) : (undefined as unknown as JsonReport), stderr: run.stderr };
}

/** A scratch repository whose payload schema repeats "title" (line 5, pointer /title). */
function repoWithDuplicate(): string {
  const dir = scratchRepo();
  duplicateLine(dir, PAYLOAD, 3);
  return dir;
}

describe('configuration: invalid files', () => {
  const cases: [string, string][] = [
    [
      'unknown-key',
      'sguild-contracts.config.json:4:3  error  unknown key "rule"; did you mean "rules"?  config/invalid\n' +
        'sguild-contracts.config.json:6:5  error  an ignore entry needs "reason": say why the finding is acceptable  config/invalid\n' +
        'sguild-contracts.config.json:6:47  error  unknown key "reasons" in an ignore entry; did you mean "reason"?  config/invalid\n',
    ],
    [
      'wrong-type',
      'sguild-contracts.config.json:2:14  error  "extends" must be one of minimal, recommended, strict, not "strictest"; did you mean "strict"?  config/invalid\n' +
        'sguild-contracts.config.json:3:16  error  "contracts" must be a folder path (a non-empty string), relative to the configuration file  config/invalid\n' +
        'sguild-contracts.config.json:4:22  error  the setting for "json" must be one of off, info, warning, error, not "warn"; did you mean "warning"?  config/invalid\n' +
        'sguild-contracts.config.json:5:13  error  "ignore" must be an array of { "rule", "path", "pointer"?, "reason" } entries  config/invalid\n' +
        'sguild-contracts.config.json:6:13  error  "failOn" must be one of error, warning, info  config/invalid\n',
    ],
    [
      'unknown-rule',
      'sguild-contracts.config.json:4:5  error  unknown rule "json/duplicate-keys"; did you mean "json/duplicate-key"?  config/invalid\n' +
        'sguild-contracts.config.json:5:5  error  unknown rule "jsno"; did you mean "json"?  config/invalid\n' +
        'sguild-contracts.config.json:8:15  error  unknown rule "json/sintax"; did you mean "json/syntax"?  config/invalid\n',
    ],
  ];
  for (const [name, expected] of cases) {
    it(`${name}: positioned config/invalid diagnostics, exit code 2, nothing checked`, async () => {
      for (const format of ['text', 'sarif']) {
        const run = await runCli(['check', '--format', format], { cwd: join(ROOT, 'fixtures', 'config', name) });
        assert.equal(run.stderr, `${expected}sguild-contracts: the configuration file sguild-contracts.config.json is invalid; nothing was checked\n`);
        assert.equal(run.stdout, '');
        assert.equal(run.code, 2);
      }
    });
  }

  it('syntax-error: the parser\'s message at the right place, exit code 2', async () => {
    const run = await runCli(['check'], { cwd: join(ROOT, 'fixtures', 'config', 'syntax-error') });
    assert.deepEqual([run.code, run.stdout], [2, '']);
    // The wording is the JSON parser's own (src/json/document.ts); the position and rule are this feature's.
    assert.match(run.stderr, /^sguild-contracts\.config\.json:4:3  error  invalid JSON: .+  config\/invalid\nsguild-contracts: the configuration file sguild-contracts\.config\.json is invalid; nothing was checked\n$/);
  });

  it('reports problems a JSON Schema would word badly, each at its place', () => {
    const ruleIds = RULES.map((r) => r.id);
    const messages = (text: string) => parseConfig({ file: 'c.json', text, ruleIds }).diagnostics?.map((d) => `${d.line}:${d.column} ${d.message}`);
    assert.deepEqual(messages('[]'), ['1:1 the configuration must be a JSON object, e.g. { "extends": "recommended" }']);
    assert.match(messages('')!.join(), /^1:1 /);
    assert.deepEqual(messages('{ "failOn": "error", "failOn": "warning" }'), ['1:22 duplicate key "failOn": JSON readers keep only the last one; remove or rename one of them']);
    assert.deepEqual(messages('{ "extendz": "strict" }'), ['1:3 unknown key "extendz"; did you mean "extends"?']);
    assert.deepEqual(messages('{ "colour": true }'), ['1:3 unknown key "colour"; the configuration keys are extends, contracts, rules, ignore, failOn, baseline, compatibility']);
    assert.deepEqual(messages('{ "rules": [] }'), ['1:12 "rules" must be an object from rule id (or group) to off, info, warning or error']);
    assert.deepEqual(messages('{ "rules": { "nothing/like-this": "off" } }'), ['1:14 unknown rule "nothing/like-this"; run `sguild-contracts rules` to list the rules and groups']);
    assert.deepEqual(messages('{ "rules": { "json": 2 } }'), ['1:22 the setting for "json" must be one of off, info, warning, error']);
    assert.deepEqual(messages('{ "baseline": "" }'), ['1:15 "baseline" must be a file path (a non-empty string), relative to the configuration file']);
    assert.deepEqual(messages('{ "$schema": 1 }'), ['1:14 "$schema" must be a string']);
    assert.deepEqual(messages('{ "ignore": [1] }'), ['1:14 an ignore entry must be an object: { "rule", "path", "pointer"?, "reason" }']);
    assert.deepEqual(messages('{ "ignore": [{ "rule": 1, "path": "", "pointer": "x", "reason": " " }] }'), [
      '1:24 "rule" must be a rule id or a group (a string)',
      '1:35 "path" must be a non-empty glob, e.g. "contracts/legacy/**"',
      '1:50 "pointer" must be a JSON pointer: empty, or starting with "/"',
      '1:65 "reason" must say why the finding is acceptable (a non-empty string)',
    ]);
    assert.deepEqual(messages('{ "ignore": [{}] }'), [
      '1:14 an ignore entry needs "path": a glob over report paths, e.g. "contracts/legacy/**"',
      '1:14 an ignore entry needs "reason": say why the finding is acceptable',
      '1:14 an ignore entry needs "rule": a rule id or a group',
    ]);
  });

  it('says when an explicit --config file does not exist', async () => {
    const run = await runCli(['check', '--config', 'nope.json'], { cwd: scratchRepo() });
    assert.deepEqual([run.code, run.stderr], [2, 'sguild-contracts: configuration file not found: nope.json\n']);
  });
});

describe('configuration: keys', () => {
  it('runs with defaults when there is no configuration file', async () => {
    const { code, report } = await check(scratchRepo());
    assert.deepEqual([code, report.diagnostics], [0, []]);
  });

  it('a file using every key is read from the repository root', async () => {
    const run = await runCli(['check', '--format', 'json'], { cwd: join(ROOT, 'fixtures', 'config', 'valid') });
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.deepEqual(
      report.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.rule} ${d.message}`),
      ['sguild-contracts.config.json:7:5 warning config/unused-ignore ignore entry 1 (rule "docs/readme-header", path "../../minimal/contracts/**", pointer "") matches no finding; remove it'],
    );
    assert.equal(run.code, 1, '"failOn": "warning" makes the warning fail the run');
  });

  it('compatibility.event_types naming a type the registry lacks: config/unknown-event-type at the name, from check and build alike', async () => {
    const dir = scratchRepo();
    const text = '{\n  "compatibility": {\n    "default": "NONE",\n    "event_types": {\n      "lesson.deliverd": "FULL",\n      "lesson.delivered": "BACKWARD",\n      "gone.away": "FORWARD"\n    }\n  }\n}\n';
    writeFileSync(join(dir, 'sguild-contracts.config.json'), text);
    const expected = [
      'sguild-contracts.config.json:5:7 error config/unknown-event-type compatibility.event_types names "lesson.deliverd", which is not an event type in the registry, so its mode (FULL) applies to nothing; did you mean "lesson.delivered"?',
      'sguild-contracts.config.json:7:7 error config/unknown-event-type compatibility.event_types names "gone.away", which is not an event type in the registry, so its mode (FORWARD) applies to nothing; correct the name or remove the entry',
    ];
    const { code, report } = await check(dir);
    assert.deepEqual(report.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.rule} ${d.message}`), expected);
    assert.equal(code, 1);
    // Answered from the cache, the positions follow the configuration as it is now.
    writeFileSync(join(dir, 'sguild-contracts.config.json'), `\n${text}`);
    const moved = await check(dir);
    assert.deepEqual(moved.report.diagnostics.map((d) => d.line), [6, 8]);
    const build = await runCli(['build'], { cwd: dir });
    assert.equal(build.code, 1);
    assert.match(build.stderr, /sguild-contracts\.config\.json:6:7 +error +compatibility\.event_types names "lesson\.deliverd"/);
    // Named correctly, nothing is reported.
    writeFileSync(join(dir, 'sguild-contracts.config.json'), '{ "compatibility": { "event_types": { "lesson.delivered": "BACKWARD" } } }\n');
    assert.deepEqual((await check(dir)).report.diagnostics, []);
  });

  it('$schema is accepted and ignored', async () => {
    const dir = scratchRepo();
    writeConfig(dir, { $schema: './node_modules/sguild-contracts/config.schema.json' });
    assert.equal((await check(dir)).code, 0);
  });

  it('extends: chooses the preset; a rule runs when its preset is within it', async () => {
    const dir = scratchRepo();
    removeFile(dir, 'contracts/lesson-lifecycle/README.md'); // docs/readme-missing is a recommended rule
    const recommended = await check(dir);
    assert.ok(recommended.report.diagnostics.some((d) => d.rule === 'docs/readme-missing'));
    writeConfig(dir, { extends: 'minimal' });
    const minimal = await check(dir);
    assert.deepEqual(minimal.report.diagnostics.filter((d) => !RULES.find((r) => r.id === d.rule && r.preset === 'minimal')), []);
    assert.equal(minimal.code, 0);
    // SARIF lists exactly the rules that ran under each preset.
    for (const preset of ['minimal', 'recommended', 'strict'] as const) {
      writeConfig(dir, { extends: preset });
      const sarif = JSON.parse((await runCli(['check', '--format', 'sarif'], { cwd: dir })).stdout) as { runs: { tool: { driver: { rules: { id: string }[] } } }[] };
      const limit = ['minimal', 'recommended', 'strict'].indexOf(preset);
      const expected = RULES.filter((r) => ['minimal', 'recommended', 'strict'].indexOf(r.preset) <= limit).map((r) => r.id).sort();
      assert.deepEqual(nth(sarif.runs, 0).tool.driver.rules.map((r) => r.id), expected, preset);
    }
  });

  it('rules: a rule setting changes its severity or turns it off', async () => {
    const dir = repoWithDuplicate();
    const before = await check(dir);
    assert.deepEqual(before.report.diagnostics.map((d) => [d.rule, d.severity, d.file, d.line, d.column, d.message, d.pointer]), [['json/duplicate-key', 'error', PAYLOAD, 5, 3, DUP_MESSAGE, '/title']]);
    assert.equal(before.code, 1);
    writeConfig(dir, { rules: { 'json/duplicate-key': 'warning' } });
    const warned = await check(dir);
    assert.deepEqual([warned.code, warned.report.diagnostics.map((d) => d.severity)], [0, ['warning']]);
    writeConfig(dir, { rules: { 'json/duplicate-key': 'off' } });
    assert.deepEqual((await check(dir)).report.diagnostics, []);
  });

  it('rules: a group setting applies to the group; the rule\'s own setting wins', async () => {
    const dir = repoWithDuplicate();
    writeConfig(dir, { rules: { json: 'info' } });
    assert.deepEqual((await check(dir)).report.diagnostics.map((d) => d.severity), ['info']);
    writeConfig(dir, { rules: { json: 'off' } });
    assert.deepEqual((await check(dir)).report.diagnostics, []);
    writeConfig(dir, { rules: { json: 'off', 'json/duplicate-key': 'error' } });
    assert.deepEqual((await check(dir)).report.diagnostics.map((d) => [d.rule, d.severity]), [['json/duplicate-key', 'error']]);
  });

  it('rules: a rule\'s severity turns it on outside the preset; its group\'s does not', async () => {
    const dir = scratchRepo();
    removeFile(dir, 'contracts/lesson-lifecycle/README.md');
    writeConfig(dir, { extends: 'minimal', rules: { docs: 'error' } });
    assert.deepEqual((await check(dir)).report.diagnostics.filter((d) => d.rule.startsWith('docs/')), []);
    writeConfig(dir, { extends: 'minimal', rules: { 'docs/readme-missing': 'warning' } });
    const on = (await check(dir)).report.diagnostics.filter((d) => d.rule.startsWith('docs/'));
    assert.deepEqual([...new Set(on.map((d) => `${d.rule} ${d.severity}`))], ['docs/readme-missing warning']);
  });

  it('rules selection, as a function', () => {
    const rules = [
      { id: 'a/min', severity: 'error', preset: 'minimal' },
      { id: 'a/rec', severity: 'warning', preset: 'recommended' },
      { id: 'b/strict', severity: 'info', preset: 'strict' },
    ] as const;
    const ids = (extendsPreset: 'minimal' | 'recommended' | 'strict', settings: Record<string, 'off' | 'info' | 'warning' | 'error'> = {}) => {
      const s = selectRules(rules, { extends: extendsPreset, rules: new Map(Object.entries(settings)) });
      return s.rules.map((r) => r.id + (s.severities.has(r.id) ? `:${s.severities.get(r.id)}` : ''));
    };
    assert.deepEqual(ids('minimal'), ['a/min']);
    assert.deepEqual(ids('recommended'), ['a/min', 'a/rec']);
    assert.deepEqual(ids('strict'), ['a/min', 'a/rec', 'b/strict']);
    assert.deepEqual(ids('strict', { a: 'error' }), ['a/min', 'a/rec:error', 'b/strict']);
    assert.deepEqual(ids('recommended', { b: 'error' }), ['a/min', 'a/rec']);
    assert.deepEqual(ids('recommended', { 'b/strict': 'error', 'a/min': 'off' }), ['a/rec', 'b/strict:error']);
    assert.deepEqual(ids('recommended', { a: 'off', 'a/rec': 'warning' }), ['a/rec']);
  });

  it('contracts: relative to the configuration file; --contracts wins', async () => {
    const dir = repoWithDuplicate();
    mkdirSync(join(dir, 'ci'));
    writeConfig(join(dir, 'ci'), { contracts: '../contracts' });
    const viaConfig = await check(dir, '--config', 'ci/sguild-contracts.config.json');
    assert.deepEqual(viaConfig.report.diagnostics.map((d) => d.file), [PAYLOAD]);
    writeConfig(dir, { contracts: 'does-not-exist' });
    const missing = await runCli(['check'], { cwd: dir });
    assert.deepEqual([missing.code, missing.stderr], [2, 'sguild-contracts: contracts folder not found: does-not-exist (pass --contracts DIR or set "contracts" in sguild-contracts.config.json)\n']);
    writeConfig(dir, { contracts: 'sguild-contracts.config.json' });
    const file = await runCli(['check'], { cwd: dir });
    assert.deepEqual([file.code, file.stderr], [2, 'sguild-contracts: contracts folder sguild-contracts.config.json is a file, not a folder (pass --contracts DIR or set "contracts" in sguild-contracts.config.json)\n']);
    const flag = await check(dir, '--contracts', 'contracts');
    assert.equal(flag.report.diagnostics.length, 1);
  });

  it('failOn: sets which severities fail the run; --fail-on wins', async () => {
    const dir = repoWithDuplicate();
    writeConfig(dir, { rules: { 'json/duplicate-key': 'warning' }, failOn: 'warning' });
    assert.equal((await check(dir)).code, 1);
    assert.equal((await check(dir, '--fail-on', 'error')).code, 0);
    writeConfig(dir, { rules: { 'json/duplicate-key': 'info' } });
    assert.equal((await check(dir)).code, 0);
    assert.equal((await check(dir, '--fail-on', 'warning')).code, 0);
    assert.equal((await check(dir, '--fail-on', 'info')).code, 1);
    const bad = await runCli(['check', '--fail-on', 'fatal'], { cwd: dir });
    assert.deepEqual([bad.code, bad.stderr], [2, 'sguild-contracts: --fail-on must be one of error, warning, info, not "fatal"\n']);
  });

  it('baseline: a baseline named by the configuration (relative to it) is applied', async () => {
    const dir = repoWithDuplicate();
    assert.equal((await runCli(['check', '--write-baseline', 'ci/baseline.json'], { cwd: dir })).code, 0);
    mkdirSync(join(dir, 'ci'), { recursive: true });
    writeConfig(join(dir, 'ci'), { contracts: '../contracts', baseline: 'baseline.json' });
    const run = await check(dir, '--config', 'ci/sguild-contracts.config.json');
    assert.deepEqual([run.code, run.report.diagnostics, run.report.summary.suppressed], [0, [], { ignored: 0, baselined: 1 }]);
  });
});

describe('configuration: ignore', () => {
  const entry = (over: Record<string, unknown>) => ({ rule: 'json/duplicate-key', path: 'contracts/**', reason: 'kept for the migration', ...over });

  it('hides findings of a rule or group in matching files, and counts them', async () => {
    const dir = repoWithDuplicate();
    for (const e of [entry({}), entry({ rule: 'json' }), entry({ path: 'contracts/lesson-lifecycle/schema/**/*.json' }), entry({ pointer: '/title' }), entry({ pointer: '' })]) {
      writeConfig(dir, { ignore: [e] });
      const run = await check(dir);
      assert.deepEqual([run.code, run.report.diagnostics, run.report.summary.suppressed], [0, [], { ignored: 1, baselined: 0 }], JSON.stringify(e));
      const text = await runCli(['check'], { cwd: dir });
      assert.match(text.stdout, /✔ no problems found in .* \(1 ignored\)\n$/);
    }
  });

  it('matches pointers by whole segments and never a finding without a pointer', async () => {
    const dir = repoWithDuplicate();
    writeFileSync(join(dir, 'contracts/lesson-lifecycle/README.md'), '# Lesson lifecycle\n');
    for (const e of [entry({ pointer: '/titl' }), entry({ pointer: '/title/x' }), entry({ path: 'contracts/*.json' }), entry({ rule: 'docs' })]) {
      writeConfig(dir, { ignore: [e] });
      const run = await check(dir);
      assert.ok(run.report.diagnostics.some((d) => d.rule === 'json/duplicate-key'), JSON.stringify(e));
    }
    // docs findings have no pointer: an entry with a pointer never hides them.
    writeConfig(dir, { ignore: [entry({ rule: 'docs', pointer: '' })] });
    assert.ok((await check(dir)).report.diagnostics.some((d) => d.rule.startsWith('docs/')));
  });

  it('reports an entry that matches nothing as config/unused-ignore, at the entry', async () => {
    const dir = repoWithDuplicate();
    writeConfig(dir, { ignore: [entry({}), entry({ path: 'contracts/gone/**', reason: 'fixed long ago' })] });
    const run = await check(dir);
    assert.deepEqual(run.report.diagnostics.map(({ rule, severity, file, line, column, message, pointer }) => ({ rule, severity, file, line, column, message, pointer })), [
      {
        rule: 'config/unused-ignore',
        severity: 'warning',
        file: 'sguild-contracts.config.json',
        line: 8,
        column: 5,
        message: 'ignore entry 2 (rule "json/duplicate-key", path "contracts/gone/**") matches no finding; remove it',
        pointer: '/ignore/1',
      },
    ]);
    assert.equal(run.code, 0, 'a warning does not fail the default --fail-on error');
    assert.equal((await check(dir, '--fail-on', 'warning')).code, 1);
    const sarif = JSON.parse((await runCli(['check', '--format', 'sarif'], { cwd: dir })).stdout) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    assert.ok(nth(sarif.runs, 0).tool.driver.rules.some((r) => r.id === 'config/unused-ignore'));
    assert.equal(nth(sarif.runs, 0).results[0]?.locations[0]?.physicalLocation.artifactLocation.uri, 'sguild-contracts.config.json');
  });
});
