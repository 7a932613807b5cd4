// Runs every test/**/*.test.ts with node's built-in runner (tsx compiles them).
// Node 20's --test does not expand globs itself, hence this script.
// `--slow` runs test/slow/ instead (the real-browser catalog test, the AsyncAPI parse of the
// bench's M set): `npm run test:slow`, which .ci/run runs after `npm test`.
import { globSync } from 'glob';
import { spawnSync } from 'node:child_process';

const argv = process.argv.slice(2);
const slow = argv.includes('--slow');
const only = argv.filter((a) => a !== '--slow');
const all = globSync('test/**/*.test.ts', { posix: true });
const files = (only.length ? only : all.filter((f) => f.startsWith('test/slow/') === slow)).sort();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
