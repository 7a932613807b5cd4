/** `completion bash|zsh|fish`: scripts generated from the command definitions, that complete in a real bash. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../helpers.js';

describe('completion', () => {
  it('bash: completes commands, subcommands and each command\'s options', async () => {
    const run = await runCli(['completion', 'bash'], { cwd: tmpdir() });
    assert.equal(run.code, 0);
    const script = join(tmpdir(), `sgc-completion-${process.pid}.bash`);
    writeFileSync(script, run.stdout);
    const complete = (...words: string[]) => {
      const shell = `source ${script}; COMP_WORDS=(sguild-contracts ${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length}; _sguild_contracts; echo "\${COMPREPLY[@]}"`;
      const result = spawnSync('bash', ['-c', shell], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      return result.stdout.trim().split(/\s+/).filter(Boolean).sort();
    };
    assert.deepEqual(complete('ch'), ['check']);
    assert.deepEqual(complete('check', '--fi'), ['--fix', '--fix-dry-run']);
    assert.deepEqual(complete('new', ''), ['--help', 'contract', 'event', 'version']);
    assert.deepEqual(complete('new', 'event', '--pro'), ['--producer']);
    assert.deepEqual(complete('--no-color', 'check', '--max'), ['--max-warnings']);
  });

  it('zsh goes through bashcompinit; fish lists commands and options', async () => {
    const zsh = await runCli(['completion', 'zsh'], { cwd: tmpdir() });
    assert.match(zsh.stdout, /^# sguild-contracts completion for zsh.*\nautoload -U \+X bashcompinit && bashcompinit\n/);
    const fish = await runCli(['completion', 'fish'], { cwd: tmpdir() });
    assert.match(fish.stdout, /complete -c sguild-contracts -n "__fish_seen_subcommand_from check" -l fix-dry-run\n/);
    assert.match(fish.stdout, /-a "check build diff validate/);
  });

  it('an unknown shell is a one-line usage error with a suggestion', async () => {
    const run = await runCli(['completion', 'bsh'], { cwd: tmpdir() });
    assert.deepEqual([run.code, run.stderr], [2, 'sguild-contracts: completion is available for bash, zsh and fish, not "bsh"; did you mean "bash"?\n']);
  });
});
