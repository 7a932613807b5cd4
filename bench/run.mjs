// npm run bench [-- --runs N --events N --large]
//
// Prints one table: every figure measured side by side in this run, each the median of N runs
// of a fresh process, with its peak memory and its ratio to the floor (the unavoidable work).
// Absolute times depend on the machine; the ratios are what the targets are about.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Number(opt('--runs', 3));
const EVENTS = Number(opt('--events', 1_000_000));
const LARGE = args.includes('--large');
const PEER_SAMPLE = Number(opt('--peer-sample', 40));
const DATA = join('bench', '.data');
const CLI = ['--import', './bench/rss.mjs', 'bin/sguild-contracts.js'];

function sh(cmd, argv) {
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r;
}

function generate() {
  const need = [
    ['M', ['--size', 'M', '--out', join(DATA, 'M'), '--events', String(EVENTS)]],
    ['M-changed', ['--size', 'M', '--changed', '--out', join(DATA, 'M-changed')]],
    ...(LARGE ? [['L', ['--size', 'L', '--out', join(DATA, 'L')]]] : []),
  ];
  for (const [name, argv] of need) {
    const marker = name === 'M' ? join(DATA, 'M-events.ndjson') : join(DATA, name);
    if (name === 'M' && existsSync(marker) && statSync(marker).size > 0 && countLines(marker) === EVENTS) continue;
    if (name !== 'M' && existsSync(marker)) continue;
    process.stderr.write(`generating ${name}…\n`);
    sh(process.execPath, ['--import', 'tsx', 'bench/generate.ts', ...argv]);
  }
}

function countLines(file) {
  let n = 0;
  const buf = readFileSync(file);
  for (let i = 0; i < buf.length; i++) if (buf[i] === 10) n++;
  return n;
}

/** Runs a command RUNS times; returns median wall ms and max peak RSS (MB). */
function measure(argv, { runs = RUNS, before } = {}) {
  const times = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    before?.();
    const start = performance.now();
    const r = sh(process.execPath, argv);
    times.push(performance.now() - start);
    const m = /__BENCH_MAXRSS_KB__ (\d+)/.exec(String(r.stderr));
    if (m) rss = Math.max(rss, Number(m[1]) / 1024);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], rss, stdout: '' };
}

generate();
const M = join(DATA, 'M');
const M2 = join(DATA, 'M-changed');
const events = join(DATA, 'M-events.ndjson');
const out = mkdtempSync(join(tmpdir(), 'sguild-bench-'));
const cache = join('node_modules', '.cache', 'sguild-contracts');
const rows = [];
const row = (name, m, floor, target, note = '') => rows.push({ name, ms: m.ms, rss: m.rss, floor: floor?.ms, ratio: floor ? m.ms / floor.ms : undefined, target, note });

const startup = measure(['--import', './bench/rss.mjs', '-e', ''], { runs: Math.max(RUNS, 5) });
const version = measure([...CLI, '--version'], { runs: Math.max(RUNS, 5) });
row('--version', version, startup, '≤ 2×', 'floor: node -e ""');

const readM = measure(['--import', './bench/rss.mjs', 'bench/floor-read.mjs', M]);
row('floor: read+parse M', readM);
row('check M (cold)', measure([...CLI, 'check', '--contracts', M, '--format', 'json'], { before: () => rmSync(cache, { recursive: true, force: true }) }), readM, '≤ 3×');
row('check M (cached)', measure([...CLI, 'check', '--contracts', M, '--format', 'json']), readM, '', 'content-hash cache warm');
row('build M (cold)', measure([...CLI, 'build', '--contracts', M, '--out', join(out, 'dist')], { before: () => { rmSync(cache, { recursive: true, force: true }); rmSync(join(out, 'dist'), { recursive: true, force: true }); } }), readM);
const buildCold = rows.at(-1);
row('build M (unchanged)', measure([...CLI, 'build', '--contracts', M, '--out', join(out, 'dist')]), readM, '≤ 2×');

// Peers for build, sampled (a full json2ts-per-file run over 2,000 schemas takes many minutes)
// and extrapolated linearly to the whole set.
const schemaCount = Object.values(JSON.parse(readFileSync(join(M, 'event-types-registry.json'), 'utf8')).event_types).reduce((n, e) => n + Object.keys(e.versions).length, 0);
const registry = JSON.parse(readFileSync(join(M, 'event-types-registry.json'), 'utf8'));
const sampleFiles = Object.values(registry.event_types).flatMap((e) => Object.values(e.versions).map((v) => v.schema)).slice(0, PEER_SAMPLE);
const json2tsBin = join('node_modules', 'json-schema-to-typescript', 'dist', 'src', 'cli.js');
let json2tsMs = 0;
for (const file of sampleFiles) json2tsMs += measure([json2tsBin, '-i', join(M, file), '-o', join(out, 'peer.d.ts')], { runs: 1 }).ms;
const json2ts = { ms: (json2tsMs / sampleFiles.length) * schemaCount, rss: 0 };
rows.push({ name: `peer: json2ts per file (${sampleFiles.length} sampled, ×${schemaCount})`, ms: json2ts.ms, rss: 0, ratio: json2ts.ms / buildCold.ms, note: 'ratio = peer / build cold', target: 'build ≥ 20× faster' });
const compileSample = measure(['--import', './bench/rss.mjs', 'bench/peer-compile.mjs', M, String(PEER_SAMPLE * 5)], { runs: 1 });
const compileAll = { ms: (compileSample.ms / Math.min(PEER_SAMPLE * 5, schemaCount)) * schemaCount, rss: compileSample.rss };
rows.push({ name: `peer: compile() defaults (${Math.min(PEER_SAMPLE * 5, schemaCount)} sampled, ×${schemaCount})`, ms: compileAll.ms, rss: compileAll.rss, ratio: compileAll.ms / buildCold.ms, note: 'ratio = peer / build cold', target: 'build ≥ 3× faster' });

const readBoth = measure(['--import', './bench/rss.mjs', 'bench/floor-read.mjs', M, M2]);
row('floor: read+parse both M trees', readBoth);
row('diff M vs M-changed', measure([...CLI, 'diff', M, M2, '--format', 'json', '--fail-on', 'none']), readBoth, '≤ 4×');
row('catalog M', measure([...CLI, 'catalog', '--contracts', M, '--out', join(out, 'catalog')], { before: () => rmSync(join(out, 'catalog'), { recursive: true, force: true }) }), readM, '≤ 5×', 'fresh output folder each run');
row('export asyncapi M', measure([...CLI, 'export', 'asyncapi', '--contracts', M, '--out', join(out, 'asyncapi.json')]), readM, '≤ 5×');

// Validation throughput after compilation. The tool compiles a payload schema the first time an
// event of that type and version arrives, the plain loop compiles them all up front; so each
// side runs on the whole stream and on its first W events (W = the number of event type
// versions, which the generated stream visits in order), and the difference is the cost of the
// remaining events with every schema already compiled.
const lines = readFileSync(events, 'utf8').split('\n');
const warmCount = schemaCount;
const warmup = join(DATA, 'M-events-warmup.ndjson');
writeFileSync(warmup, lines.slice(0, warmCount).join('\n') + '\n');
const ajvLoop = measure(['--import', './bench/rss.mjs', 'bench/floor-ajv.mjs', M, events]);
const ajvWarm = measure(['--import', './bench/rss.mjs', 'bench/floor-ajv.mjs', M, warmup]);
row(`floor: plain ajv loop, compile + ${EVENTS.toLocaleString('en')} events`, ajvLoop);
row(`floor: plain ajv loop, compile + ${warmCount} events (one per version)`, ajvWarm);
const ours = measure([...CLI, 'validate', events, '--contracts', M, '--format', 'json']);
const oursWarm = measure([...CLI, 'validate', warmup, '--contracts', M, '--format', 'json']);
row(`validate, compile + ${EVENTS.toLocaleString('en')} events`, ours, ajvLoop, '', 'ratio of wall times');
row(`validate, compile + ${warmCount} events (one per version)`, oursWarm, ajvWarm, '', 'the compile step, side by side');
const rate = (all, warm) => (EVENTS - warmCount) / ((all.ms - warm.ms) / 1000);
rows.push({ name: 'validate throughput after compile (events/s)', ms: undefined, rss: 0, ratio: rate(ours, oursWarm) / rate(ajvLoop, ajvWarm), target: '≥ 0.8× the plain loop', note: `${Math.round(rate(ours, oursWarm)).toLocaleString('en')} vs ${Math.round(rate(ajvLoop, ajvWarm)).toLocaleString('en')} events/s` });

if (LARGE) {
  const L = join(DATA, 'L');
  const readL = measure(['--import', './bench/rss.mjs', 'bench/floor-read.mjs', L], { runs: 1 });
  row('floor: read+parse L', readL);
  row('check L (cold)', measure([...CLI, 'check', '--contracts', L, '--format', 'json'], { runs: 1, before: () => rmSync(cache, { recursive: true, force: true }) }), readL, '≤ 3×, < 1.5 GB');
}
rmSync(out, { recursive: true, force: true });

const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD']).stdout?.toString().trim();
const fmt = (ms) => (ms === undefined ? '' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
console.log(`\nsguild-contracts benchmarks — commit ${commit}, node ${process.version}, median of ${RUNS} runs\n`);
console.log('| measurement | wall (median) | peak RSS | floor | ratio | target | note |');
console.log('|---|---:|---:|---:|---:|---|---|');
for (const r of rows) console.log(`| ${r.name} | ${fmt(r.ms)} | ${r.rss ? `${Math.round(r.rss)} MB` : ''} | ${fmt(r.floor)} | ${r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`} | ${r.target ?? ''} | ${r.note} |`);
