// Runs the test files with node's built-in runner (tsx compiles them), in parallel. Node 20's
// --test neither expands globs nor runs several files in one process, hence this script.
//
//   npm test                      every test except the slow ones, summary and failures only
//   npm test -- check-base diff/  only the files whose path contains one of the patterns
//   npm test -- --reporter spec   every test by name
//   npm test -- --isolate         one process per test file (to rule out one file disturbing another)
//   npm test -- --record-durations   also rewrite scripts/test-durations.json (see below)
//   npm run test:slow             test/slow/: fuzzing, the kill sweep, validate's memory on 50 MB streams, the packed package installed offline, the real-browser catalog,
//                                 the AsyncAPI parse of the bench's M set (.ci/run runs it too)
//
// By default the files are dealt into two batches per core, each one process importing its
// files in turn: starting a process with tsx and loading ajv and the tool's modules costs about
// a second of CPU, paid once per batch instead of once per file (it was 40% of the suite). A test
// file must therefore leave no global state behind (environment variables, working folder),
// which every file here does; `--isolate` is there to check when in doubt.
//
// Batches are balanced by each file's time in a recorded run (scripts/test-durations.json,
// committed, like knapsack's report): the longest first, each into the lightest batch. A file
// the record does not know counts as a median one, so a stale record only costs balance.
import { globSync } from 'glob';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const DURATIONS = new URL('./test-durations.json', import.meta.url);
const args = process.argv.slice(2);
const slow = args.includes('--slow');
const isolate = args.includes('--isolate');
const record = args.includes('--record-durations');
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
const scratch = mkdtempSync(join(tmpdir(), 'sguild-tests-'));

/** Seconds per test file from the last recorded run; none yet, every file weighs the same. */
function readRecord() {
  try {
    return JSON.parse(readFileSync(DURATIONS, 'utf8'));
  } catch {
    return {};
  }
}

/** Files dealt into `count` batches of about equal recorded time, heaviest batch first. */
function batches(count) {
  const recorded = readRecord();
  const known = files.map((file) => recorded[file]).filter((s) => typeof s === 'number').sort((a, b) => a - b);
  const median = known.length ? known[Math.floor(known.length / 2)] : 1;
  const weight = (file) => (typeof recorded[file] === 'number' ? recorded[file] : median);
  const bins = Array.from({ length: count }, () => ({ total: 0, files: [] }));
  for (const file of [...files].sort((a, b) => weight(b) - weight(a) || a.localeCompare(b))) {
    const lightest = bins.reduce((min, bin) => (bin.total < min.total ? bin : min));
    lightest.files.push(file);
    lightest.total += weight(file);
  }
  return bins.filter((bin) => bin.files.length).sort((a, b) => b.total - a.total);
}

// The slow tests stay one process per file.
const entries =
  isolate || slow
    ? files
    : batches(Math.min(files.length, cores * 2)).map((bin, b) => {
        const entry = join(scratch, `batch-${b + 1}.test.mjs`);
        writeFileSync(entry, bin.files.map((file) => `await import(${JSON.stringify(pathToFileURL(resolve(file)).href)});\n`).join(''));
        return entry;
      });

const recordTo = join(scratch, 'durations.json');
const reporters = [`--test-reporter=${reporter}`, '--test-reporter-destination=stdout', ...(record ? ['--test-reporter=./scripts/test-durations-reporter.mjs', `--test-reporter-destination=${recordTo}`] : [])];
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${cores}`, ...reporters, ...entries], {
  stdio: 'inherit',
  env: { ...process.env, SGUILD_TEST_FILES: String(files.length) },
});
if (record && result.status === 0) {
  // Files run now get their new time; the others keep theirs while they exist.
  const measured = Object.entries(JSON.parse(readFileSync(recordTo, 'utf8'))).map(([file, s]) => [relative('.', file).split('\\').join('/'), Math.round(s * 10) / 10]);
  const kept = Object.entries(readRecord()).filter(([file]) => all.includes(file));
  const merged = Object.fromEntries([...kept, ...measured].sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(DURATIONS, `${JSON.stringify(merged, null, 2)}\n`);
}
rmSync(scratch, { recursive: true, force: true });
process.exit(result.status ?? 1);
