/**
 * The format registry (src/cli/formats.ts): each command offers the formats it declares, commander
 * checks the choice and writes the help, a bad value reads the same everywhere; and the formats
 * `diff` (github, sarif) and `validate` (github, junit, sarif) gained, exactly.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { choiceError, COMMAND_FORMATS } from '../../src/cli/formats.js';
import { nth, runCli } from '../helpers.js';

const VALIDATE = join(import.meta.dirname, '..', '..', 'fixtures', 'validate');

const temp = mkdtempSync(join(tmpdir(), 'sguild-formats-'));
after(() => rmSync(temp, { recursive: true, force: true }));
const schema = (count: string, note: string) => `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "count": { "type": "integer", ${count} },
    "note": { "type": "string"${note} }
  }
}
`;
writeFileSync(join(temp, 'old.json'), schema('"minimum": 0', ''));
writeFileSync(join(temp, 'new.json'), schema('"minimum": 1', ', "description": "free text"'));

describe('one format registry', () => {
  const bad: [string[], string][] = [
    [['check', '--format', 'yaml'], '--format must be one of text, json, sarif, github, junit, markdown, not "yaml"'],
    [['check', '--format', 'sarf=out.sarif'], '--format must be one of text, json, sarif, github, junit, markdown, not "sarf"; did you mean "sarif"?'],
    [['diff', 'old.json', 'new.json', '--format', 'githb'], '--format must be one of text, json, markdown, github, sarif, not "githb"; did you mean "github"?'],
    [['validate', '--format', 'junt'], '--format must be one of text, json, github, junit, sarif, not "junt"; did you mean "junit"?'],
    [['rules', '--format', 'html'], '--format must be one of text, json, markdown, not "html"'],
    [['trace', '--format', 'mermiad'], '--format must be one of text, json, mermaid, not "mermiad"; did you mean "mermaid"?'],
    [['check', '--fail-on', 'warn'], '--fail-on must be one of error, warning, info, not "warn"; did you mean "warning"?'],
    [['diff', 'old.json', 'new.json', '--policy', 'strickt'], '--policy must be one of lenient, strict, not "strickt"; did you mean "strict"?'],
  ];
  for (const [args, message] of bad) {
    it(`a bad value: ${args.join(' ')}`, async () => {
      const run = await runCli(args, { cwd: temp });
      assert.deepEqual([run.code, run.stdout, run.stderr], [2, '', `sguild-contracts: ${message}\n`]);
    });
  }

  it('turns commander\'s choice message into the one style, and leaves other messages alone', () => {
    assert.equal(choiceError("error: option '-f, --format <format>' argument 'xml' is invalid. Allowed choices are text, json."), '--format must be one of text, json, not "xml"');
    assert.equal(choiceError("error: unknown option '--x'"), undefined);
  });

  for (const [command, formats] of Object.entries(COMMAND_FORMATS)) {
    it(`${command} --help lists its formats, generated from the registry`, async () => {
      const run = await runCli([command, '--help'], { cwd: temp });
      assert.equal(run.code, 0);
      assert.ok(run.stdout.replace(/\s+/g, ' ').includes(`(choices: ${formats.map((f) => `"${f}"`).join(', ')}`), run.stdout);
      for (const format of formats) assert.match(run.stdout, new RegExp(`\\n  ${format} +\\S`), format);
    });
  }
});

describe('diff --format github and sarif', () => {
  it('github: breaking changes and warnings as annotations on the changed line of the new file, then the verdict', async () => {
    const run = await runCli(['diff', 'old.json', 'new.json', '--format', 'github'], { cwd: temp });
    assert.equal(run.code, 1);
    assert.equal(
      run.stdout,
      '::error file=new.json,line=5,col=35,endLine=5,endColumn=44,title=diff/MINIMUM_INCREASED::count: minimum raised from 0 to 1: values valid before are now rejected\n' +
        '✖ 1 breaking, 0 warnings, 1 info; semver: no declared versions; changes require major\n',
    );
  });

  it('sarif: every change as a result on its line, its kind as the rule, documented in docs/diff.md', async () => {
    const run = await runCli(['diff', 'old.json', 'new.json', '--format', 'sarif'], { cwd: temp });
    assert.equal(run.code, 1);
    const log = JSON.parse(run.stdout) as { runs: { tool: { driver: { rules: { id: string; name: string; helpUri: string; defaultConfiguration: { level: string } }[] } }; results: { ruleId: string; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: unknown } }[] }[] }[] };
    const run0 = nth(log.runs, 0);
    assert.deepEqual(
      run0.tool.driver.rules.map((r) => [r.id, r.name, r.defaultConfiguration.level, r.helpUri]),
      [
        ['diff/DESCRIPTION_CHANGED', 'DiffDescriptionChanged', 'note', 'https://github.com/sguild/sguild-contracts/blob/main/docs/diff.md#change-kinds'],
        ['diff/MINIMUM_INCREASED', 'DiffMinimumIncreased', 'error', 'https://github.com/sguild/sguild-contracts/blob/main/docs/diff.md#change-kinds'],
      ],
    );
    assert.deepEqual(
      run0.results.map((r) => [r.ruleId, r.level, r.message.text, r.locations[0]?.physicalLocation.artifactLocation.uri, r.locations[0]?.physicalLocation.region]),
      [
        ['diff/MINIMUM_INCREASED', 'error', 'count: minimum raised from 0 to 1: values valid before are now rejected', 'new.json', { startLine: 5, startColumn: 35, endLine: 5, endColumn: 44 }],
        ['diff/DESCRIPTION_CHANGED', 'note', 'note: description added (metadata only)', 'new.json', { startLine: 6, startColumn: 33, endLine: 6, endColumn: 46 }],
      ],
    );
  });
});

describe('SARIF paths are relative to the repository root, as check\'s are', () => {
  it('diff and validate run in a subfolder', async () => {
    const repo = join(temp, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(join(repo, 'sub'));
    writeFileSync(join(repo, 'sub', 'old.json'), schema('"minimum": 0', ''));
    writeFileSync(join(repo, 'sub', 'new.json'), schema('"minimum": 1', ''));
    const diff = await runCli(['diff', 'old.json', 'new.json', '--format', 'sarif'], { cwd: join(repo, 'sub') });
    const uris = (JSON.parse(diff.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri);
    assert.deepEqual(uris, ['sub/new.json']);
  });
});

describe('validate --format github, junit and sarif', () => {
  const validate = (args: string[]) => runCli(['validate', '--contracts', 'contracts', ...args], { cwd: VALIDATE });

  it('github: an annotation per failure at the event\'s line, then the verdict', async () => {
    const run = await validate(['--format', 'github', 'single.json', 'valid.ndjson']);
    assert.equal(run.code, 0);
    assert.equal(
      run.stdout,
      '::warning file=valid.ndjson,line=4,col=1,endLine=4,endColumn=1,title=validate/deprecated-event-type::evt_01937b2e-4c1a-7d3e-9f10-000000000004 lesson.rated v1 at /event_type: event type "lesson.rated" is deprecated; move producers and consumers to its replacement before it is removed\n' +
        '::warning file=valid.ndjson,line=5,col=1,endLine=5,endColumn=1,title=validate/proposed-event-type::evt_01937b2e-4c1a-7d3e-9f10-000000000005 order.created v1 at /event_type: event type "order.created" is only proposed, not active; do not emit it in production until its status is active\n' +
        '✔ 6 events valid (2 warnings) in 2 inputs\n',
    );
  });

  it('github: a failure without an event id or type says only where', async () => {
    const run = await validate(['--format', 'github', '--max-errors', '1', 'invalid.ndjson']);
    assert.equal(run.code, 1);
    assert.equal(
      run.stdout,
      '::error file=invalid.ndjson,line=2,col=1,endLine=2,endColumn=1,title=validate/not-json::invalid JSON: unexpected ","; a value is missing before it (column 90); each event must be one complete JSON object\n' +
        '✖ 1 of 2 events invalid (1 error, 0 warnings) in 1 input; stopped at --max-errors 1, the rest was not read\n',
    );
  });

  it('junit: a suite per input, a failing case per failure, a passing case for a clean input', async () => {
    const run = await validate(['--format', 'junit', 'single.json', 'valid.ndjson']);
    assert.equal(run.code, 0);
    const rated = 'evt_01937b2e-4c1a-7d3e-9f10-000000000004 lesson.rated v1 at /event_type: event type &quot;lesson.rated&quot; is deprecated; move producers and consumers to its replacement before it is removed';
    const created = 'evt_01937b2e-4c1a-7d3e-9f10-000000000005 order.created v1 at /event_type: event type &quot;order.created&quot; is only proposed, not active; do not emit it in production until its status is active';
    assert.equal(
      run.stdout,
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<testsuites name="sguild-contracts" tests="3" failures="2" errors="0">\n' +
        '  <testsuite name="single.json" tests="1" failures="0" errors="0" skipped="0">\n' +
        '    <testcase classname="sguild-contracts" name="single.json"/>\n' +
        '  </testsuite>\n' +
        '  <testsuite name="valid.ndjson" tests="2" failures="2" errors="0" skipped="0">\n' +
        '    <testcase classname="validate/deprecated-event-type" name="valid.ndjson:4:1">\n' +
        `      <failure type="warning" message="${rated}">warning validate/deprecated-event-type at valid.ndjson:4:1\n${rated}</failure>\n` +
        '    </testcase>\n' +
        '    <testcase classname="validate/proposed-event-type" name="valid.ndjson:5:1">\n' +
        `      <failure type="warning" message="${created}">warning validate/proposed-event-type at valid.ndjson:5:1\n${created}</failure>\n` +
        '    </testcase>\n' +
        '  </testsuite>\n' +
        '</testsuites>\n',
    );
  });

  it('sarif: a result per failure (paths from the repository root), the failure kinds as rules documented in docs/validate.md', async () => {
    const run = await validate(['--format', 'sarif', '--max-errors', '1', 'invalid.ndjson']);
    assert.equal(run.code, 1);
    const log = JSON.parse(run.stdout) as { runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } }; results: { ruleId: string; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: unknown } }[] }[] }[] };
    const run0 = nth(log.runs, 0);
    assert.deepEqual(run0.tool.driver.rules.map((r) => [r.id, r.helpUri]), [['validate/not-json', 'https://github.com/sguild/sguild-contracts/blob/main/docs/validate.md#checks']]);
    assert.deepEqual(
      run0.results.map((r) => [r.ruleId, r.level, r.message.text, r.locations[0]?.physicalLocation.artifactLocation.uri, r.locations[0]?.physicalLocation.region]),
      [['validate/not-json', 'error', 'invalid JSON: unexpected ","; a value is missing before it (column 90); each event must be one complete JSON object', 'fixtures/validate/invalid.ndjson', { startLine: 2, startColumn: 1, endLine: 2, endColumn: 1 }]],
    );
  });

  it('github: contracts that cannot validate events give check\'s errors as annotations, then why', async () => {
    const dir = join(temp, 'no-registry');
    mkdirSync(join(dir, 'contracts'), { recursive: true });
    writeFileSync(join(dir, 'e.json'), '{}');
    const run = await runCli(['validate', '--contracts', 'contracts', '--format', 'github', 'e.json'], { cwd: dir });
    assert.equal(run.code, 1);
    assert.equal(
      run.stdout,
      '::error file=contracts,line=1,col=1,endLine=1,endColumn=1,title=registry/missing::no event-types-registry.json at the contracts root; create it (with registry_version, id_kinds and event_types) or pass the folder that holds it with --contracts\n' +
        '✖ no event validated: the contracts cannot be used (event-types-registry.json is missing or not valid JSON); fix the errors above (sguild-contracts check --contracts contracts)\n',
    );
  });
});
