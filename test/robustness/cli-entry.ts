// The CLI from source, for runChild (test/robustness/helpers.ts): no build step needed.
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
