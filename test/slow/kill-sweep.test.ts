// The build-transaction tests of test/faults/transaction.test.ts with a kill at every file step
// of a build (not just before, at and after the commit): `npm run test:slow`.
process.env.SGUILD_KILL_SWEEP = '1';
await import('../faults/transaction.test.js');
