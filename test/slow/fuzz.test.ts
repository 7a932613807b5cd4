// The fuzz test of test/robustness/fuzz.test.ts with every case (240 mutations of the minimal set,
// 16 of the bundled one) instead of the default suite's quarter: `npm run test:slow`.
process.env.SGUILD_FUZZ_FULL = '1';
await import('../robustness/fuzz.test.js');
