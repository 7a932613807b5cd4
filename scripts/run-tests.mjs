// Runs every test/**/*.test.ts with node's built-in runner (tsx compiles them).
// Node 20's --test does not expand globs itself, hence this script.
import { globSync } from 'glob';
import { spawnSync } from 'node:child_process';

const only = process.argv.slice(2);
const files = (only.length ? only : globSync('test/**/*.test.ts', { posix: true })).sort();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
