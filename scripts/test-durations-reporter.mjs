// A second reporter of `npm test -- --record-durations`: each test file's time (the sum of its
// top-level tests), as JSON, for run-tests.mjs to balance its batches with next time.
export default async function* durationsReporter(source) {
  const seconds = {};
  for await (const event of source) {
    const data = event.data ?? {};
    if ((event.type === 'test:pass' || event.type === 'test:fail') && data.nesting === 0 && data.file) {
      seconds[data.file] = (seconds[data.file] ?? 0) + (data.details?.duration_ms ?? 0) / 1000;
    }
  }
  yield JSON.stringify(seconds);
}
