// Runs the test files with node's built-in runner (tsx compiles them), in parallel, one process
// per file. Node 20's --test does not expand globs itself, hence this script.
//
//   npm test                      every test except the slow ones, summary and failures only
//   npm test -- check-base diff/  only the files whose path contains one of the patterns
//   npm test -- --reporter spec   every test by name
//   npm run test:slow             test/slow/: fuzzing, adversarial inputs, the real-browser catalog,
//                                 the AsyncAPI parse of the bench's M set (.ci/run runs it too)
import { globSync } from 'glob';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

const args = process.argv.slice(2);
const slow = args.includes('--slow');
const reporterAt = args.indexOf('--reporter');
const reporter = reporterAt >= 0 ? args[reporterAt + 1] : new URL('./test-reporter.mjs', import.meta.url).href;
const patterns = args.filter((arg, i) => !arg.startsWith('--') && (reporterAt < 0 || i !== reporterAt + 1));

const all = globSync('test/**/*.test.ts', { posix: true }).sort();
const files = all.filter((file) => file.startsWith('test/slow/') === slow).filter((file) => !patterns.length || patterns.some((p) => file.includes(p.replace(/^\.\//, ''))));
if (!files.length) {
  console.error(`no test file matches ${patterns.join(' ')}`);
  process.exit(2);
}
const concurrency = String(Math.max(1, availableParallelism()));
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, `--test-reporter=${reporter}`, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
