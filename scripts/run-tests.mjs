// Runs the test files with node's built-in runner (tsx compiles them), in parallel. Node 20's
// --test neither expands globs nor runs several files in one process, hence this script.
//
//   npm test                      every test except the slow ones, summary and failures only
//   npm test -- check-base diff/  only the files whose path contains one of the patterns
//   npm test -- --reporter spec   every test by name
//   npm test -- --isolate         one process per test file (to rule out one file disturbing another)
//   npm run test:slow             test/slow/: fuzzing, the kill sweep, validate's memory on 50 MB streams, the real-browser catalog,
//                                 the AsyncAPI parse of the bench's M set (.ci/run runs it too)
//
// By default the files are dealt into a few batches, each one process importing its files in
// turn: starting a process with tsx and loading ajv and the tool's modules costs about a second
// of CPU, paid once per batch instead of once per file (it was 40% of the suite). A test file
// must therefore leave no global state behind (environment variables, working folder), which
// every file here does; `--isolate` is there to check when in doubt.
import { globSync } from 'glob';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const slow = args.includes('--slow');
const isolate = args.includes('--isolate');
const reporterAt = args.indexOf('--reporter');
const reporter = reporterAt >= 0 ? args[reporterAt + 1] : new URL('./test-reporter.mjs', import.meta.url).href;
const patterns = args.filter((arg, i) => !arg.startsWith('--') && (reporterAt < 0 || i !== reporterAt + 1));

const all = globSync('test/**/*.test.ts', { posix: true }).sort();
const files = all.filter((file) => file.startsWith('test/slow/') === slow).filter((file) => !patterns.length || patterns.some((p) => file.includes(p.replace(/^\.\//, ''))));
if (!files.length) {
  console.error(`no test file matches ${patterns.join(' ')}`);
  process.exit(2);
}
const cores = Math.max(1, availableParallelism());

// Four batches per core: few enough that start-up is paid rarely, enough that one slow batch
// does not leave a core idle at the end. Dealt round-robin, so files of one folder (which tend
// to cost alike) spread over the batches. The slow tests stay one process per file.
const batchCount = isolate || slow ? files.length : Math.min(files.length, cores * 4);
const batchDir = batchCount < files.length ? mkdtempSync(join(tmpdir(), 'sguild-tests-')) : undefined;
const entries = batchDir
  ? Array.from({ length: batchCount }, (_, b) => {
      const entry = join(batchDir, `batch-${b + 1}.test.mjs`);
      const imports = files.filter((_, i) => i % batchCount === b).map((file) => `await import(${JSON.stringify(pathToFileURL(resolve(file)).href)});`);
      writeFileSync(entry, `${imports.join('\n')}\n`);
      return entry;
    })
  : files;

const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${cores}`, `--test-reporter=${reporter}`, ...entries], {
  stdio: 'inherit',
  env: { ...process.env, SGUILD_TEST_FILES: String(files.length) },
});
if (batchDir) rmSync(batchDir, { recursive: true, force: true });
process.exit(result.status ?? 1);
