/**
 * Runs the CLI in this process and reports its exit code and peak resident set size (KiB) on
 * the last line of stderr, for the memory test (test/slow/validate-memory.test.ts).
 */
import { main } from '../../src/cli/main.js';

const code = await main(process.argv.slice(2));
process.stderr.write(`\n${JSON.stringify({ code, maxRSS: process.resourceUsage().maxRSS })}\n`);
process.exitCode = code;
