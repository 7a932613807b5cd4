/**
 * The worked CI example (docs/examples/contracts.yml, embedded in docs/ci.md) runs: its `check`
 * commands are run in-process against a copy of the bundled contract set, exactly as written.
 * The `build` and `diff` steps run too (diff in a scratch git repository whose origin/main is
 * the base), or are skipped, saying so, while those commands are placeholders.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { nth, runCli } from '../helpers.js';
import { duplicateLine, MINIMAL, ROOT, scratchRepo } from '../config/helpers.js';

const WORKFLOW = join(ROOT, 'docs', 'examples', 'contracts.yml');
const BUNDLED = existsSync(join(ROOT, 'contracts', 'event-types-registry.json')) ? join(ROOT, 'contracts') : MINIMAL;

/** The `run:` commands of a workflow (single-line `run:` values, which is all the example uses). */
export function runLines(yaml: string): string[] {
  const lines: string[] = [];
  for (const line of yaml.split('\n')) {
    const match = /^\s*(?:-\s+)?run:\s*(.*)$/.exec(line);
    if (!match) continue;
    assert.ok(match[1] !== '|' && match[1] !== '>', 'multi-line run blocks are not parsed here');
    lines.push(nth(match, 1));
  }
  return lines;
}

/**
 * The sguild-contracts invocations in a shell line, as argument vectors: `npx sguild-contracts …`
 * up to a redirection, pipe or `&&`, with quotes removed and `${{ expr }}` replaced by `value`.
 */
export function invocations(command: string, expressionValue = 'main'): string[][] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(>>|>|\|\||\||&&|;)|([^\s"'>|&;]+)/g;
  const expanded = command.replace(/\$\{\{[^}]*\}\}/g, expressionValue);
  let m: RegExpExecArray | null;
  while ((m = re.exec(expanded))) words.push(m[3] !== undefined ? `\0${m[3]}` : (m[1] ?? m[2] ?? m[4] ?? '').replace(/\\(.)/g, '$1'));
  const found: string[][] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === 'npx' && words[i + 1] === 'sguild-contracts') {
      const args: string[] = [];
      for (i += 2; i < words.length && !words[i]!.startsWith('\0'); i++) args.push(words[i]!);
      found.push(args);
    }
  }
  return found;
}

/** Whether a command is still the placeholder that says it is not available yet. */
async function placeholder(command: string): Promise<boolean> {
  return /not available yet/.test((await runCli([command, '--help'], { cwd: ROOT })).stdout);
}

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => void;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')));

describe('example workflow', () => {
  const yaml = readFileSync(WORKFLOW, 'utf8');
  const commands = runLines(yaml).flatMap((line) => invocations(line));

  it('is embedded verbatim in docs/ci.md', () => {
    assert.ok(readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8').includes('```yaml\n' + yaml + '```\n'));
  });

  it('uploads SARIF, writes the step summary and diffs against the base branch', () => {
    assert.match(yaml, /uses: github\/codeql-action\/upload-sarif@v3\n\s+with:\n\s+sarif_file: sguild-contracts\.sarif/);
    assert.match(yaml, /security-events: write/);
    assert.ok(runLines(yaml).some((line) => line.includes('>> "$GITHUB_STEP_SUMMARY"') && line.includes('--format markdown')));
    assert.ok(runLines(yaml).some((line) => line.includes('diff "git:origin/${{ github.base_ref }}"')));
    assert.deepEqual(commands.map((args) => args[0]), ['check', 'build', 'diff']);
  });

  const checks = commands.filter((args) => args[0] === 'check');
  for (const args of checks) {
    it(`runs: sguild-contracts ${args.join(' ')}`, async () => {
      const dir = scratchRepo(BUNDLED);
      const clean = await runCli(args, { cwd: dir });
      assert.equal(clean.stderr, '');
      assert.equal(clean.code, 0, 'the bundled set is clean');
      assert.match(clean.stdout, /^✔ no problems found in \d+ contracts/);
      const sarif = JSON.parse(readFileSync(join(dir, 'sguild-contracts.sarif'), 'utf8'));
      assert.ok(validateSarif(sarif), ajv.errorsText(validateSarif.errors));
      assert.match(readFileSync(join(dir, 'sguild-contracts.md'), 'utf8'), /^### sguild-contracts: ✔ no problems found/);

      // A defect fails the step with an annotation, a SARIF result and a summary row.
      duplicateLine(dir, 'contracts/event-types-registry.json', 1);
      const broken = await runCli(args, { cwd: dir });
      assert.equal(broken.code, 1);
      assert.match(broken.stdout, /^::error file=contracts\/event-types-registry\.json,line=3,col=3,endLine=3,endColumn=\d+,title=json\/duplicate-key::duplicate key /);
      const results = JSON.parse(readFileSync(join(dir, 'sguild-contracts.sarif'), 'utf8')).runs[0].results as { ruleId: string }[];
      assert.deepEqual(results.map((r) => r.ruleId), ['json/duplicate-key']);
      assert.match(readFileSync(join(dir, 'sguild-contracts.md'), 'utf8'), /\| error \| `json\/duplicate-key` \| `contracts\/event-types-registry\.json:3:3` \|/);
    });
  }

  const build = commands.find((args) => args[0] === 'build')!;
  it(`runs: sguild-contracts ${build.join(' ')} (after a build, as in a repository that commits its generated code)`, async (t) => {
    if (await placeholder('build')) return t.skip('the build command is still a placeholder');
    const dir = scratchRepo(BUNDLED);
    const built = await runCli(['build'], { cwd: dir });
    assert.equal(built.code, 0, built.stderr);
    const run = await runCli(build, { cwd: dir });
    assert.deepEqual([run.code, run.stderr], [0, '']);
  });

  const diff = commands.find((args) => args[0] === 'diff')!;
  it(`runs: sguild-contracts ${diff.join(' ')} (in a git repository whose origin/main is the base)`, async (t) => {
    if (await placeholder('diff')) return t.skip('the diff command is still a placeholder');
    const dir = scratchRepo(BUNDLED);
    const git = (...args: string[]) => spawnSync('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.com', ...args], { cwd: dir, encoding: 'utf8' });
    if (git('init', '-q').error) return t.skip('git is not installed');
    assert.equal(git('add', 'contracts').status, 0);
    assert.equal(git('commit', '-qm', 'base').status, 0);
    assert.equal(git('update-ref', 'refs/remotes/origin/main', 'HEAD').status, 0);
    const same = await runCli(diff, { cwd: dir });
    assert.deepEqual([same.code, same.stderr], [0, '']);
    assert.match(same.stdout, /^## /, 'a Markdown report for the step summary');
  });

  it('parses shell lines the way a shell would', () => {
    assert.deepEqual(invocations('npx sguild-contracts diff "git:origin/${{ github.base_ref }}" contracts --format markdown >> "$GITHUB_STEP_SUMMARY"'), [['diff', 'git:origin/main', 'contracts', '--format', 'markdown']]);
    assert.deepEqual(invocations("npm ci && npx sguild-contracts check --format 'sarif=a b.sarif' | tee x"), [['check', '--format', 'sarif=a b.sarif']]);
  });
});
