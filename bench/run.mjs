// npm run bench [-- --quick] [--runs N] [--events N] [--stream-mb N] [--peer-sample N] [--large] [--dispatcher-events N]
//
// Prints one table: every figure measured side by side in this run. A figure compared with a
// floor (the unavoidable work) is measured in alternation with it, floor then tool, pair after
// pair, and its ratio is the median of the pairs' ratios, so a machine whose speed drifts (a
// shared one) moves both sides of each pair together. Every process is fresh. Peak memory is
// each process's own high-water mark, read by /usr/bin/time (wait4's ru_maxrss of a process
// that time started, so nothing is inherited from this one), else sampled from
// /proc/<pid>/status VmHWM from outside.
//
// Defaults finish in well under 15 minutes on 2 cores: the M sets (1,000 event types, 1,999
// schemas), 5 runs per figure, a 200,000-event stream for throughput (validated 1 and 3 times) and a 1 GiB stream fed on
// standard input for validate's peak memory. `--quick` is for development: 3 runs, a 20,000
// event stream, a 128 MiB memory stream, no peers.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createReadStream, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const QUICK = args.includes('--quick');
const RUNS = Math.max(1, Number(opt('--runs', QUICK ? 3 : 5)));
const EVENTS = Number(opt('--events', QUICK ? 20_000 : 200_000));
const STREAM_MB = Number(opt('--stream-mb', QUICK ? 128 : 1024));
const PEER_SAMPLE = Number(opt('--peer-sample', QUICK ? 0 : 20));
const LARGE = args.includes('--large');
const DATA = join('bench', '.data');
const CLI = ['bin/sguild-contracts.js'];
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const started = performance.now();

function sh(cmd, argv) {
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  return r;
}
const log = (text) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}\n`);

// ---- data ---------------------------------------------------------------------------------

const M = join(DATA, 'M');
const M2 = join(DATA, 'M-changed');
const EVENTS_FILE = join(DATA, `M-events-${EVENTS}.ndjson`);
function generate() {
  if (!existsSync(M) || !existsSync(EVENTS_FILE)) {
    log(`generating M and ${EVENTS.toLocaleString('en')} events…`);
    sh(process.execPath, ['--import', 'tsx', 'bench/generate.ts', '--size', 'M', '--out', M, '--events', String(EVENTS)]);
    renameSync(join(DATA, 'M-events.ndjson'), EVENTS_FILE);
  }
  if (!existsSync(M2)) {
    log('generating M-changed…');
    sh(process.execPath, ['--import', 'tsx', 'bench/generate.ts', '--size', 'M', '--changed', '--out', M2]);
  }
  if (LARGE && !existsSync(join(DATA, 'L'))) {
    log('generating L…');
    sh(process.execPath, ['--import', 'tsx', 'bench/generate.ts', '--size', 'L', '--out', join(DATA, 'L')]);
  }
}

// ---- one process --------------------------------------------------------------------------

/**
 * Runs `node ...argv` once; resolves to its wall time (ms), peak RSS (MB), exit status and, with
 * /usr/bin/time, its CPU time (user + system, ms: `cpuMs`).
 * `feed` (optional) is a function given the child's stdin to write into.
 */
function runOnce(argv, { feed } = {}) {
  return new Promise((resolve, reject) => {
    const timeFile = TIME ? join(scratch, `time-${process.hrtime.bigint()}`) : undefined;
    const [cmd, full] = TIME ? [TIME, ['-f', '%M %U %S', '-o', timeFile, process.execPath, ...argv]] : [process.execPath, argv];
    const t0 = performance.now();
    const child = spawn(cmd, full, { stdio: [feed ? 'pipe' : 'ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
      if (stderr.length < 10_000) stderr += d;
    });
    let hwm = 0;
    let cpuMs;
    let sampler;
    if (!TIME) {
      sampler = setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) hwm = Math.max(hwm, Number(m[1]));
        } catch {
          // exited between samples
        }
      }, 5);
    }
    if (feed) feed(child.stdin).catch(() => {});
    child.on('error', reject);
    child.on('close', (status) => {
      const ms = performance.now() - t0;
      clearInterval(sampler);
      if (timeFile) {
        try {
          const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
          const [maxKb, user, system] = lines.at(-1).split(' ').map(Number);
          hwm = maxKb;
          cpuMs = (user + system) * 1000;
          rmSync(timeFile, { force: true });
        } catch {
          // no figure: leave 0
        }
      }
      if (status !== 0 && status !== 1) reject(new Error(`node ${argv.join(' ')} exited ${status}: ${stderr}`));
      else resolve({ ms, cpuMs, rss: hwm / 1024, status });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const spread = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[Math.floor((s.length - 1) * 0.75)] - s[Math.floor((s.length - 1) * 0.25)]) / median(s);
};

/**
 * A floor: at least RUNS fresh runs, more (up to 4×RUNS) until the interquartile range of its
 * times is within 10% of their median, so a floor is not a lucky or unlucky single figure.
 */
async function floor(label, argv) {
  const times = [];
  let rss = 0;
  while (times.length < RUNS || (spread(times) > 0.1 && times.length < RUNS * 4)) {
    const r = await runOnce(argv);
    times.push(r.ms);
    rss = Math.max(rss, r.rss);
  }
  log(`${label}: ${Math.round(median(times))} ms over ${times.length} runs (spread ${(spread(times) * 100).toFixed(0)}%)`);
  return { ms: median(times), rss, runs: times.length, spread: spread(times) };
}

/** The tool against its floor, alternating floor and tool RUNS times; the ratio is the median of the pairs'. */
async function versus(label, floorArgv, argv, { before, runs = RUNS } = {}) {
  const floorTimes = [];
  const times = [];
  const ratios = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    const f = await runOnce(floorArgv);
    before?.(i);
    const r = await runOnce(argv);
    floorTimes.push(f.ms);
    times.push(r.ms);
    ratios.push(r.ms / f.ms);
    rss = Math.max(rss, r.rss);
  }
  log(`${label}: ${Math.round(median(times))} ms, ${median(ratios).toFixed(2)}× its floor`);
  return { ms: median(times), rss, floor: median(floorTimes), ratio: median(ratios) };
}

// ---- the run ------------------------------------------------------------------------------

const scratch = mkdtempSync(join(tmpdir(), 'sguild-bench-'));
generate();
const registry = JSON.parse(readFileSync(join(M, 'event-types-registry.json'), 'utf8'));
const schemaFiles = Object.values(registry.event_types).flatMap((e) => Object.values(e.versions).map((v) => v.schema));
const schemaCount = schemaFiles.length;
const cache = join('node_modules', '.cache', 'sguild-contracts');
const dropCache = () => rmSync(cache, { recursive: true, force: true });
const rows = [];
const row = (name, m, { target = '', note = '', ok } = {}) => rows.push({ name, ms: m.ms, rss: m.rss, floor: m.floor, ratio: m.ratio, target, note, ok });
const readArgv = (...dirs) => ['bench/floor-read.mjs', ...dirs];

// An edited copy of M: each run changes one schema's description, so exactly one file differs
// from what the previous run saw (what a developer's edit-check loop does).
const edited = join(scratch, 'M-edit');
cpSync(M, edited, { recursive: true });
const editedFile = join(edited, schemaFiles[Math.floor(schemaCount / 2)]);
const editedOriginal = readFileSync(editedFile, 'utf8');
let edits = 0;
const editOne = () => writeFileSync(editedFile, editedOriginal.replace(/("description": "[^"]*)"/, `$1 (edit ${++edits})"`));

const version = await versus('--version', ['-e', ''], [...CLI, '--version'], { runs: Math.max(RUNS, 5) });
row('--version (floor: node -e "")', version, { target: '≤ 1.5×', ok: version.ratio <= 1.5 });

const readM = await floor('read+parse M', readArgv(M));
row('floor: read+parse M', readM, { note: `${readM.runs} runs, spread ${(readM.spread * 100).toFixed(0)}%` });
const checkCold = await versus('check M cold', readArgv(M), [...CLI, 'check', '--contracts', M, '--format', 'json'], { before: dropCache });
row('check M (cold)', checkCold, { target: '≤ 3×', ok: checkCold.ratio <= 3 });
await runOnce([...CLI, 'check', '--contracts', edited, '--format', 'json']);
const checkEdit = await versus('check M after one-file edit', readArgv(edited), [...CLI, 'check', '--contracts', edited, '--format', 'json'], { before: editOne });
row('check M (after a one-file edit)', checkEdit, { target: '≤ 1.5×', ok: checkEdit.ratio <= 1.5 });
const checkCached = await versus('check M unchanged', readArgv(M), [...CLI, 'check', '--contracts', M, '--format', 'json']);
row('check M (unchanged, cache warm)', checkCached);

const distOut = join(scratch, 'dist');
const buildCold = await versus('build M cold', readArgv(M), [...CLI, 'build', '--contracts', M, '--out', distOut], { before: () => { dropCache(); rmSync(distOut, { recursive: true, force: true }); } });
row('build M (cold)', buildCold, { target: '≤ 15×, < 500 MB', ok: buildCold.ratio <= 15 && buildCold.rss < 500 });
const editOut = join(scratch, 'dist-edit');
await runOnce([...CLI, 'build', '--contracts', edited, '--out', editOut]);
const buildEdit = await versus('build M after one-schema edit', readArgv(edited), [...CLI, 'build', '--contracts', edited, '--out', editOut], { before: editOne });
row('build M (after a one-schema edit)', buildEdit, { target: '≤ 2×', ok: buildEdit.ratio <= 2 });
const buildSame = await versus('build M unchanged', readArgv(M), [...CLI, 'build', '--contracts', M, '--out', distOut]);
row('build M (unchanged)', buildSame);
const distSize = statSync(join(distOut, 'validators.js')).size;
rows.at(-1).note = `validators.js ${(distSize / 1e6).toFixed(1)} MB`;

if (PEER_SAMPLE > 0) {
  // Peers for build, sampled and extrapolated linearly to the whole set (a json2ts run per
  // schema over 2,000 schemas takes many minutes).
  const sample = schemaFiles.slice(0, PEER_SAMPLE);
  const json2tsBin = join('node_modules', 'json-schema-to-typescript', 'dist', 'src', 'cli.js');
  let json2tsMs = 0;
  for (const file of sample) json2tsMs += (await runOnce([json2tsBin, '-i', join(M, file), '-o', join(scratch, 'peer.d.ts')])).ms;
  const json2ts = (json2tsMs / sample.length) * schemaCount;
  rows.push({ name: `peer: json2ts per file (${sample.length} sampled, ×${schemaCount})`, ms: json2ts, rss: 0, ratio: json2ts / buildCold.ms, target: 'build ≥ 20× faster', note: 'ratio = peer / build cold', ok: json2ts / buildCold.ms >= 20 });
  const n = Math.min(PEER_SAMPLE * 5, schemaCount);
  const compileSample = await runOnce(['bench/peer-compile.mjs', M, String(n)]);
  const compileAll = (compileSample.ms / n) * schemaCount;
  rows.push({ name: `peer: compile() defaults (${n} sampled, ×${schemaCount})`, ms: compileAll, rss: compileSample.rss, ratio: compileAll / buildCold.ms, target: 'build ≥ 3× faster', note: 'ratio = peer / build cold', ok: compileAll / buildCold.ms >= 3 });
  log('peers done');
}

const readBoth = await floor('read+parse both M trees', readArgv(M, M2));
row('floor: read+parse both M trees', readBoth, { note: `${readBoth.runs} runs, spread ${(readBoth.spread * 100).toFixed(0)}%` });
const diff = await versus('diff', readArgv(M, M2), [...CLI, 'diff', M, M2, '--format', 'json', '--fail-on', 'none']);
row('diff M vs M-changed', diff, { target: '≤ 3×', ok: diff.ratio <= 3 });
const catalogOut = join(scratch, 'catalog');
const catalog = await versus('catalog M', readArgv(M), [...CLI, 'catalog', '--contracts', M, '--out', catalogOut], { before: () => rmSync(catalogOut, { recursive: true, force: true }) });
row('catalog M', catalog, { target: '≤ 5×', ok: catalog.ratio <= 5, note: 'fresh output folder each run' });
const asyncapi = await versus('export asyncapi M', readArgv(M), [...CLI, 'export', 'asyncapi', '--contracts', M, '--out', join(scratch, 'asyncapi.json')]);
row('export asyncapi M', asyncapi, { target: '≤ 5×', ok: asyncapi.ratio <= 5 });

// Validation throughput after compilation. The tool compiles a payload schema the first time an
// event of its type and version arrives, the plain loop compiles them all up front, and neither
// prints timings (a timing option in the tool would be a bench concern in the tool). So each
// side runs twice on the same stream: once (every schema compiled, the stream validated once)
// and PASSES times in one process (the same files again: `validate F F …`, `floor-ajv.mjs M F F …`).
// Everything but the extra passes is identical between the two runs, so their difference is
// (PASSES - 1) passes over events whose schemas are all compiled, with the JIT warm. PASSES is
// chosen so the difference holds at least 400,000 events (8–10 s on this machine, against a
// 6–7 s compile step): the first harness took the difference over 18,000 events in `--quick`,
// smaller than the noise of two wall times, and printed negative rates. The difference is taken
// in CPU time (user + system, from /usr/bin/time; wall time without it): on a machine shared
// with other work, wall times of the same run varied by 30–70% between rounds, CPU times far
// less, and the extra passes are single-threaded work whose CPU time is their duration on an
// idle machine. The four runs of a round alternate and the ratio is the median of the rounds' ratios.
const PASSES = 1 + Math.ceil(400_000 / EVENTS);
const again = Array(PASSES).fill(EVENTS_FILE);
const sides = { ajvOnce: [], oursOnce: [], ajvMore: [], oursMore: [] };
const cpu = { ajvOnce: [], oursOnce: [], ajvMore: [], oursMore: [] };
const rss = { ajv: 0, ours: 0 };
for (let i = 0; i < RUNS; i++) {
  for (const [key, argv] of [
    ['ajvOnce', ['bench/floor-ajv.mjs', M, EVENTS_FILE]],
    ['oursOnce', [...CLI, 'validate', EVENTS_FILE, '--contracts', M, '--format', 'json']],
    ['ajvMore', ['bench/floor-ajv.mjs', M, ...again]],
    ['oursMore', [...CLI, 'validate', ...again, '--contracts', M, '--format', 'json']],
  ]) {
    const r = await runOnce(argv);
    sides[key].push(r.ms);
    cpu[key].push(r.cpuMs ?? r.ms);
    rss[key.startsWith('ajv') ? 'ajv' : 'ours'] = Math.max(rss[key.startsWith('ajv') ? 'ajv' : 'ours'], r.rss);
  }
}
log('validate runs done');
const med = Object.fromEntries(Object.entries(sides).map(([k, v]) => [k, median(v)]));
const extraEvents = (PASSES - 1) * EVENTS;
const pairRates = cpu.oursOnce.map((_, i) => (cpu.ajvMore[i] - cpu.ajvOnce[i]) / (cpu.oursMore[i] - cpu.oursOnce[i]));
const medCpu = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, median(v)]));
const events = EVENTS.toLocaleString('en');
rows.push({ name: `floor: plain ajv loop, compile + ${events} events`, ms: med.ajvOnce, rss: rss.ajv });
rows.push({ name: `floor: plain ajv loop, compile + ${PASSES} × ${events} events`, ms: med.ajvMore });
rows.push({ name: `validate, compile + ${events} events`, ms: med.oursOnce, rss: rss.ours, floor: med.ajvOnce, ratio: median(sides.oursOnce.map((t, i) => t / sides.ajvOnce[i])), note: 'ratio of wall times' });
rows.push({ name: `validate, compile + ${PASSES} × ${events} events`, ms: med.oursMore, floor: med.ajvMore, ratio: median(sides.oursMore.map((t, i) => t / sides.ajvMore[i])), note: 'ratio of wall times' });
const rate = (more, once) => extraEvents / ((more - once) / 1000);
const throughput = median(pairRates);
rows.push({ name: 'validate throughput after compile (events/s)', ratio: throughput, target: '≥ 1.0× the plain loop', ok: throughput >= 1, note: `${Math.round(rate(medCpu.oursMore, medCpu.oursOnce)).toLocaleString('en')} vs ${Math.round(rate(medCpu.ajvMore, medCpu.ajvOnce)).toLocaleString('en')} events per CPU second over the last ${extraEvents.toLocaleString('en')} events (medians); ratio: median of the rounds'` });

// Peak memory over a long stream, fed on standard input (the stream is never a file or a string).
const streamBytes = STREAM_MB * 1024 * 1024;
const eventsSize = statSync(EVENTS_FILE).size;
const repeats = Math.max(1, Math.round(streamBytes / eventsSize));
const feed = async (stdin) => {
  stdin.on('error', () => {});
  for (let i = 0; i < repeats; i++) {
    for await (const chunk of createReadStream(EVENTS_FILE, { highWaterMark: 1 << 20 })) {
      if (!stdin.write(chunk)) await new Promise((r) => stdin.once('drain', r));
    }
  }
  stdin.end();
};
const big = await runOnce([...CLI, 'validate', '-', '--ndjson', '--contracts', M, '--format', 'json'], { feed });
const bigEvents = EVENTS * repeats;
log(`validate ${(eventsSize * repeats / 2 ** 30).toFixed(2)} GiB stream: ${Math.round(big.rss)} MB peak`);
rows.push({ name: `validate, a ${(eventsSize * repeats / 2 ** 30).toFixed(2)} GiB stream on stdin (${bigEvents.toLocaleString('en')} events)`, ms: big.ms, rss: big.rss, target: '< 200 MB peak', ok: big.rss < 200, note: `${Math.round(bigEvents / (big.ms / 1000)).toLocaleString('en')} events/s, one run` });

if (LARGE) {
  const L = join(DATA, 'L');
  const readL = await floor('read+parse L', readArgv(L));
  row('floor: read+parse L', readL);
  const checkL = await versus('check L cold', readArgv(L), [...CLI, 'check', '--contracts', L, '--format', 'json'], { before: dropCache, runs: Math.min(RUNS, 3) });
  row('check L (cold)', checkL, { target: '≤ 3×, < 1.5 GB', ok: checkL.ratio <= 3 && checkL.rss < 1536 });
}
rmSync(scratch, { recursive: true, force: true });

const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD']).stdout?.toString().trim();
const fmt = (ms) => (ms === undefined ? '' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const minutes = ((performance.now() - started) / 60_000).toFixed(1);
console.log(`\nsguild-contracts benchmarks — commit ${commit}, node ${process.version}, ${RUNS} runs per figure${QUICK ? ' (--quick)' : ''}, ${minutes} min; peak memory by ${TIME ? '/usr/bin/time' : 'VmHWM sampling'}\n`);
console.log('| measurement | wall (median) | peak RSS | floor (median) | ratio | target | met | note |');
console.log('|---|---:|---:|---:|---:|---|---|---|');
for (const r of rows) {
  const met = r.ok === undefined ? '' : r.ok ? 'yes' : 'no';
  console.log(`| ${r.name} | ${fmt(r.ms)} | ${r.rss ? `${Math.round(r.rss)} MB` : ''} | ${fmt(r.floor)} | ${r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`} | ${r.target ?? ''} | ${met} | ${r.note ?? ''} |`);
}

// The Postgres dispatcher on a real server (bench/dispatcher.mjs prints its own table; it says
// why when no server can start).
spawnSync(process.execPath, ['bench/dispatcher.mjs', ...(args.includes('--dispatcher-events') ? ['--events', String(args[args.indexOf('--dispatcher-events') + 1])] : [])], { stdio: 'inherit' });
