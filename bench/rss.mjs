// Preloaded into every benchmarked process: reports its peak resident memory on exit.
process.on('exit', () => {
  process.stderr.write(`\n__BENCH_MAXRSS_KB__ ${process.resourceUsage().maxRSS}\n`);
});
