/**
 * The github, junit, markdown and text formats: exact output, and messages with every awkward
 * character (`%`, `:`, `,`, CR/LF, `<`, `&`, quotes, `|`, characters XML forbids) round-trip.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { formatGithub } from '../../src/report/github.js';
import { FORMAT_NAMES, parseFormatSpec } from '../../src/report/index.js';
import { formatJunit } from '../../src/report/junit.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatText } from '../../src/report/text.js';
import type { LintReport } from '../../src/report/types.js';
import { nth } from '../helpers.js';

const NASTY = 'a % b: c, d\ne\r\nf <g> & "h" \'i\' | j %0A %25 `k` *l* [m](n) \\o';

function report(diagnostics: Diagnostic[], extra: Partial<LintReport> = {}): LintReport {
  return { tool: { name: 'sguild-contracts', version: '1.0.0', informationUri: 'https://example.com/x' }, rules: [], diagnostics, ...extra };
}

const d = (over: Partial<Diagnostic>): Diagnostic => ({ rule: 'json/syntax', severity: 'error', message: 'm', file: 'contracts/a.json', line: 2, column: 3, endLine: 2, endColumn: 9, ...over });

describe('github', () => {
  it('prints one workflow command per finding, then the summary', () => {
    const out = formatGithub(
      report([d({}), d({ severity: 'warning', rule: 'docs/x', file: 'contracts/b.md', line: 1, column: 1, endLine: 1, endColumn: 1, message: 'w' }), d({ severity: 'info', rule: 'docs/y', message: 'i' })], { stats: { contracts: 2 } }),
      { color: false },
    );
    assert.equal(
      out,
      '::error file=contracts/a.json,line=2,col=3,endLine=2,endColumn=9,title=json/syntax::m\n' +
        '::warning file=contracts/b.md,line=1,col=1,endLine=1,endColumn=1,title=docs/x::w\n' +
        '::notice file=contracts/a.json,line=2,col=3,endLine=2,endColumn=9,title=docs/y::i\n' +
        '✖ 1 error, 1 warning, 1 info in 2 contracts\n',
    );
  });

  it('round-trips messages, file names and rule ids through the @actions/core escaping', () => {
    const file = 'contracts/we:ird, name%.json';
    const out = formatGithub(report([d({ message: NASTY, file, rule: 'x/y' })]), { color: false });
    const first = nth(out.split('\n'), 0);
    // A workflow command is one line: everything that would end it is escaped.
    assert.ok(!first.includes('\r'));
    const match = /^::error (.*?)::(.*)$/.exec(first);
    assert.ok(match, first);
    const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
    const properties = Object.fromEntries(nth(match, 1).split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), unescape(kv.slice(kv.indexOf('=') + 1))]));
    assert.deepEqual(properties, { file, line: '2', col: '3', endLine: '2', endColumn: '9', title: 'x/y' });
    assert.equal(unescape(nth(match, 2)), NASTY);
  });

  it('ends with the summary line when there is nothing to annotate', () => {
    assert.equal(formatGithub(report([]), { color: false }), '✔ no problems found\n');
  });
});

describe('junit', () => {
  it('writes one suite per file, a failing testcase per finding and a passing one per clean file', () => {
    const out = formatJunit(report([d({}), d({ rule: 'docs/x', severity: 'warning', line: 5, column: 1, message: 'w' })], { files: ['contracts/a.json', 'contracts/z.md'] }), { color: false });
    assert.equal(
      out,
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<testsuites name="sguild-contracts" tests="3" failures="2" errors="0">\n' +
        '  <testsuite name="contracts/a.json" tests="2" failures="2" errors="0" skipped="0">\n' +
        '    <testcase classname="json/syntax" name="contracts/a.json:2:3">\n' +
        '      <failure type="error" message="m">error json/syntax at contracts/a.json:2:3\nm</failure>\n' +
        '    </testcase>\n' +
        '    <testcase classname="docs/x" name="contracts/a.json:5:1">\n' +
        '      <failure type="warning" message="w">warning docs/x at contracts/a.json:5:1\nw</failure>\n' +
        '    </testcase>\n' +
        '  </testsuite>\n' +
        '  <testsuite name="contracts/z.md" tests="1" failures="0" errors="0" skipped="0">\n' +
        '    <testcase classname="sguild-contracts" name="contracts/z.md"/>\n' +
        '  </testsuite>\n' +
        '</testsuites>\n',
    );
  });

  it('is well-formed XML whatever the message contains, and the message round-trips', () => {
    const forbidden = 'x\u0000\u0001\u0008\u000B\u000C\u001F\uFFFE\uFFFF\uD800y\u{1F600}';
    const message = NASTY + '\t' + forbidden;
    const file = 'contracts/<a> & "b".json';
    const xml = formatJunit(report([d({ message, file, rule: 'x/y' })]), { color: false });
    const doc = parseXml(xml);
    const suite = nth(doc.children, 0);
    assert.equal(doc.name, 'testsuites');
    assert.equal(suite.attributes.name, file);
    const testcase = nth(suite.children, 0);
    assert.equal(testcase.attributes.classname, 'x/y');
    assert.equal(testcase.attributes.name, `${file}:2:3`);
    const expected = NASTY + '\txy\u{1F600}'; // characters XML 1.0 cannot carry are dropped
    assert.equal(testcase.children[0]?.attributes.message, expected);
    assert.equal(testcase.children[0]?.text, `error x/y at ${file}:2:3\n${expected}`);
  });
});

describe('markdown', () => {
  it('writes a summary line and a table', () => {
    const out = formatMarkdown(report([d({}), d({ severity: 'warning', rule: 'docs/x', file: 'contracts/b.md', line: 1, column: 1, message: 'w' })], { stats: { contracts: 2 } }), { color: false });
    assert.equal(
      out,
      '### sguild-contracts: ✖ 1 error, 1 warning in 2 contracts\n\n' +
        '| Severity | Rule | Location | Message |\n' +
        '| --- | --- | --- | --- |\n' +
        '| error | `json/syntax` | `contracts/a.json:2:3` | m |\n' +
        '| warning | `docs/x` | `contracts/b.md:1:1` | w |\n',
    );
  });

  it('escapes pipes, newlines and markup so a message stays in its cell', () => {
    const out = formatMarkdown(report([d({ message: NASTY, file: 'contracts/a|b.json' })]), { color: false });
    const row = out.split('\n')[4];
    assert.equal(row, "| error | `json/syntax` | `contracts/a\\|b.json:2:3` | a % b: c, d<br>e<br>f &lt;g&gt; &amp; \"h\" 'i' \\| j %0A %25 \\`k\\` \\*l\\* \\[m\\](n) \\\\o |");
    // Split on unescaped pipes: exactly the four cells survive.
    assert.equal(row.split(/(?<!\\)\|/).length - 2, 4);
  });

  it('says so when there is nothing to report', () => {
    assert.equal(formatMarkdown(report([], { suppressed: { ignored: 2, baselined: 1 } }), { color: false }), '### sguild-contracts: ✔ no problems found (2 ignored, 1 in baseline)\n');
  });
});

describe('text', () => {
  it('groups by file and colours only when asked', () => {
    const r = report([d({})]);
    assert.equal(formatText(r, { color: false }), 'contracts/a.json\n  contracts/a.json:2:3  error    m  json/syntax\n\n✖ 1 error, 0 warnings\n');
    assert.match(formatText(r, { color: true }), /\u001b\[31merror/);
  });
});

describe('format specs', () => {
  it('parses name and name=file, and rejects unknown names', () => {
    assert.deepEqual(FORMAT_NAMES, ['text', 'json', 'sarif', 'github', 'junit', 'markdown']);
    assert.deepEqual(parseFormatSpec('sarif'), { format: 'sarif' });
    assert.deepEqual(parseFormatSpec('sarif=out/a=b.sarif'), { format: 'sarif', file: 'out/a=b.sarif' });
    assert.deepEqual(parseFormatSpec('xml'), { error: '--format must be one of text, json, sarif, github, junit, markdown, not "xml"' });
    assert.deepEqual(parseFormatSpec('sarif='), { error: '--format sarif= needs a file name after "="' });
  });
});

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * A strict parser for the XML subset the JUnit formatter writes (declaration, elements,
 * attributes, text, the predefined entities and character references). It throws on anything
 * that is not well-formed: a raw `<` or `&` in text, unbalanced tags, forbidden characters.
 */
function parseXml(xml: string): XmlElement {
  if (/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(xml)) throw new Error('character not allowed in XML 1.0');
  let i = 0;
  const decode = (s: string) => {
    if (/&(?!(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/.test(s)) throw new Error(`bare & in ${JSON.stringify(s)}`);
    return s.replace(/&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
      e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e] ?? `&${e};`),
    );
  };
  const decl = /^<\?xml [^?]*\?>\n/.exec(xml);
  if (!decl) throw new Error('missing XML declaration');
  i = decl[0].length;
  const element = (): XmlElement => {
    const open = /^<([A-Za-z][\w.-]*)((?:\s+[A-Za-z][\w.-]*="[^"<]*")*)\s*(\/?)>/.exec(xml.slice(i));
    if (!open) throw new Error(`expected an element at ${i}: ${xml.slice(i, i + 40)}`);
    i += open[0].length;
    const attributes: Record<string, string> = {};
    for (const m of nth(open, 2).matchAll(/([A-Za-z][\w.-]*)="([^"<]*)"/g)) {
      const name = nth(m, 1);
      if (name in attributes) throw new Error(`duplicate attribute ${name}`);
      // Attribute-value normalisation: literal whitespace becomes a space; references survive.
      attributes[name] = decode(nth(m, 2).replace(/[\t\n\r]/g, ' '));
    }
    const node: XmlElement = { name: nth(open, 1), attributes, children: [], text: '' };
    if (open[3]) return node;
    for (;;) {
      const lt = xml.indexOf('<', i);
      if (lt < 0) throw new Error(`unclosed <${node.name}>`);
      const raw = xml.slice(i, lt);
      if (raw.includes('>') && /]]>/.test(raw)) throw new Error(']]> in text');
      node.text += decode(raw.replace(/\r\n?/g, '\n'));
      i = lt;
      if (xml.startsWith(`</${node.name}>`, i)) {
        i += node.name.length + 3;
        if (node.children.length) node.text = node.text.trim() === '' ? '' : node.text;
        return node;
      }
      if (xml.startsWith('</', i)) throw new Error(`mismatched closing tag at ${i}`);
      node.children.push(element());
    }
  };
  const root = element();
  if (xml.slice(i).trim() !== '') throw new Error('content after the root element');
  return root;
}
