/**
 * JUnit XML, the format CI systems without SARIF support (GitLab, Jenkins, Azure) show as test
 * results: one <testsuite> per file, one failing <testcase> per finding (classname = rule,
 * name = file:line:col), and one passing testcase per clean file when the report lists files.
 * Always well-formed XML 1.0, whatever a message contains.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Formatter } from './types.js';

export const formatJunit: Formatter = (report) => {
  const byFile = new Map<string, Diagnostic[]>();
  for (const file of report.files ?? []) byFile.set(file, []);
  for (const d of report.diagnostics) {
    let list = byFile.get(d.file);
    if (!list) byFile.set(d.file, (list = []));
    list.push(d);
  }
  const files = [...byFile.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let tests = 0;
  const suites: string[] = [];
  for (const file of files) {
    const findings = byFile.get(file)!;
    const count = findings.length || 1;
    tests += count;
    const cases = findings.length
      ? findings.map((d) => {
          const where = `${d.file}:${d.line}:${d.column}`;
          const body = `${d.severity} ${d.rule} at ${where}\n${d.message}`;
          return (
            `    <testcase classname="${attr(d.rule)}" name="${attr(where)}">\n` +
            `      <failure type="${attr(d.severity)}" message="${attr(d.message)}">${text(body)}</failure>\n` +
            `    </testcase>`
          );
        })
      : [`    <testcase classname="${attr(report.tool.name)}" name="${attr(file)}"/>`];
    suites.push(`  <testsuite name="${attr(file)}" tests="${count}" failures="${findings.length}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  const failures = report.diagnostics.length;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="${attr(report.tool.name)}" tests="${tests}" failures="${failures}" errors="0">\n` +
    (suites.length ? suites.join('\n') + '\n' : '') +
    `</testsuites>\n`
  );
};

/**
 * Characters XML 1.0 allows: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF.
 * Anything else (other control characters, lone surrogates, U+FFFE/U+FFFF) cannot be written
 * even as a character reference, so it is dropped.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function stripInvalidXmlChars(value: string): string {
  return value.replace(NOT_XML_CHAR, '');
}

/** Element text: the five predefined entities, and CR as a reference so parsers do not fold CRLF. */
function text(value: string): string {
  return stripInvalidXmlChars(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}

/** Attribute values: as text, plus tab and LF as references, which attribute normalisation would turn into spaces. */
function attr(value: string): string {
  return text(value).replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}
