// The default reporter of `npm test`: nothing for passing tests, every failure in full (its
// test's path, file and error), then one summary line. `npm test -- --reporter spec` lists all.
import { inspect } from 'node:util';

export default async function* summaryReporter(source) {
  const started = Date.now();
  const counts = { pass: 0, fail: 0, skip: 0, todo: 0 };
  const files = new Set();
  // run-tests.mjs runs the files in batches and says how many there are.
  const fileCount = Number(process.env.SGUILD_TEST_FILES) || undefined;
  const names = [];
  const failures = [];
  for await (const event of source) {
    const data = event.data ?? {};
    if (data.file) files.add(data.file);
    if (event.type === 'test:start') {
      names[data.nesting] = data.name;
      names.length = data.nesting + 1;
    } else if (event.type === 'test:pass' || event.type === 'test:fail') {
      // Suites report too; count only the tests inside them.
      const isSuite = data.details?.type === 'suite';
      if (data.skip !== undefined) counts.skip++;
      else if (data.todo !== undefined) counts.todo++;
      else if (event.type === 'test:pass' && !isSuite) counts.pass++;
      else if (event.type === 'test:fail') {
        const error = data.details?.error;
        // A suite fails when a test in it fails (already reported) or when its own hook throws.
        const ownFailure = !isSuite || error?.failureType !== 'subtestsFailed';
        if (ownFailure) {
          counts.fail++;
          const path = [...names.slice(0, data.nesting), data.name].join(' › ');
          failures.push(`✖ ${path}\n  ${data.file ?? ''}${data.line ? `:${data.line}` : ''}\n${indent(inspect(error?.cause ?? error, { depth: 6, colors: false }))}\n`);
        }
      }
    } else if (event.type === 'test:stderr' || event.type === 'test:stdout') {
      // Output of a passing test is noise; a failing file's output is in its error.
    }
  }
  for (const failure of failures) yield `${failure}\n`;
  const seconds = Math.round((Date.now() - started) / 1000);
  const extra = [counts.skip && `${counts.skip} skipped`, counts.todo && `${counts.todo} todo`].filter(Boolean).join(', ');
  const total = `${counts.pass} passed${counts.fail ? `, ${counts.fail} failed` : ''}${extra ? `, ${extra}` : ''}`;
  yield `${counts.fail ? '✖' : '✔'} ${total} (${fileCount ?? files.size} files, ${seconds} s)\n`;
}

function indent(text) {
  return text.split('\n').map((line) => `    ${line}`).join('\n');
}
