/**
 * A deliberately small Markdown scanner: just enough structure to find the code in a document
 * (inline code spans in prose, fenced code blocks) with exact positions, in one pass over the
 * text. It is not a renderer; what it does not know (HTML blocks, link reference definitions)
 * is treated as prose, which for finding backticked names is the same thing.
 *
 * Results are cached per document, so every docs rule shares one scan of each file.
 */
import type { DocFile } from '../model/types.js';

export interface CodeToken {
  /** The span's content without its surrounding spaces, or a bare dotted token from a fenced block. */
  readonly text: string;
  readonly where: 'span' | 'fence';
  /** 1-based position of the token's first character; `endColumn` is just after its last one. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface MarkdownScan {
  /** Inline code spans outside fences, and dotted tokens inside fenced blocks, in text order. */
  readonly codeTokens: readonly CodeToken[];
  /** The text split into lines (no terminators). */
  readonly lines: readonly string[];
  /** Every name a word-boundary search would find: dotted runs of the text and their sub-runs. */
  readonly mentions: ReadonlySet<string>;
}

const scans = new WeakMap<DocFile, MarkdownScan>();

export function scanMarkdown(doc: DocFile): MarkdownScan {
  let scan = scans.get(doc);
  if (!scan) {
    scan = new Scan(doc.text);
    scans.set(doc, scan);
  }
  return scan;
}

/** Dotted names in fenced code: lower-case segments, not glued to a path, URL, e-mail, glob or call. */
const FENCE_TOKEN = /(?<![A-Za-z0-9_.\-/\\:@$#~*])[a-z][a-z0-9_-]*(?:\.[a-z][a-z0-9_-]*)+(?![A-Za-z0-9_\-/\\@*(]|\.[A-Za-z0-9_*])/g;
const FENCE_OPEN = /^[ \t]*(`{3,}|~{3,})(.*)$/;
/** A fence line's marker character and length (three or more), and the text after it. */
function fenceMarker(line: string): { char: string; length: number; info: string } | undefined {
  const [, marker, info] = FENCE_OPEN.exec(line) ?? [];
  return marker === undefined || info === undefined ? undefined : { char: marker.charAt(0), length: marker.length, info };
}

/** Lines that start a block of their own: spans never continue across them. */
const BLOCK_START = /^[ \t]*(?:#{1,6}(?:[ \t]|$)|[-*+][ \t]|[0-9]{1,9}[.)][ \t]|>|\|)/;
const SINGLE_LINE_BLOCK = /^[ \t]*(?:#{1,6}(?:[ \t]|$)|\|)/;

class Scan implements MarkdownScan {
  readonly lines: string[];
  readonly codeTokens: CodeToken[] = [];
  private mentionSet: Set<string> | undefined;

  constructor(private readonly text: string) {
    this.lines = text.split(/\r\n|\r|\n/);
    let fence: { char: string; length: number } | undefined;
    let block: { first: number; lines: string[] } | undefined; // the current prose block (consecutive lines)
    const flush = () => {
      if (block) this.scanSpans(block.first, block.lines);
      block = undefined;
    };
    this.lines.forEach((line, index) => {
      if (fence) {
        const close = fenceMarker(line);
        if (close && close.char === fence.char && close.length >= fence.length && close.info.trim() === '') fence = undefined;
        else this.scanFenceLine(line, index);
        return;
      }
      const open = fenceMarker(line);
      // A backtick fence's info string cannot contain backticks (then it is inline code).
      if (open && !(open.char === '`' && open.info.includes('`'))) {
        flush();
        fence = { char: open.char, length: open.length };
        return;
      }
      if (line.trim() === '' || BLOCK_START.test(line)) flush();
      if (line.trim() !== '') (block ??= { first: index, lines: [] }).lines.push(line);
      // A heading or a table row is complete in its line: nothing after it joins its spans.
      if (SINGLE_LINE_BLOCK.test(line)) flush();
    });
    flush();
  }

  get mentions(): ReadonlySet<string> {
    this.mentionSet ??= collectMentions(this.text);
    return this.mentionSet;
  }

  private scanFenceLine(line: string, index: number): void {
    FENCE_TOKEN.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = FENCE_TOKEN.exec(line))) {
      const column = match.index + 1;
      this.codeTokens.push({ text: match[0], where: 'fence', line: index + 1, column, endLine: index + 1, endColumn: column + match[0].length });
    }
  }

  /**
   * CommonMark code spans over one prose block: a run of n backticks opens a span that the next
   * run of exactly n backticks closes; an unmatched run is literal text. A backslash before a
   * backtick escapes it outside spans (never inside). Runs are indexed by length once, so a
   * block full of stray backticks is still scanned in linear time.
   */
  private scanSpans(first: number, lines: string[]): void {
    const block = lines.join('\n');
    if (!block.includes('`')) return;
    const runs: { start: number; length: number }[] = [];
    for (let i = 0; i < block.length; ) {
      if (block.charCodeAt(i) !== 96) {
        i++;
        continue;
      }
      let j = i;
      while (block.charCodeAt(j) === 96) j++;
      runs.push({ start: i, length: j - i });
      i = j;
    }
    const byLength = new Map<number, number[]>();
    runs.forEach((run, index) => {
      let list = byLength.get(run.length);
      if (!list) byLength.set(run.length, (list = []));
      list.push(index);
    });
    const cursor = new Map<number, number>();
    const nextRunOfLength = (length: number, after: number): number | undefined => {
      const list = byLength.get(length);
      if (!list) return undefined;
      let k = cursor.get(length) ?? 0;
      while (k < list.length && list[k]! <= after) k++;
      cursor.set(length, k);
      return list[k];
    };
    const position = blockPositions(lines, first);

    for (let r = 0; r < runs.length; r++) {
      let { start, length } = runs[r]!;
      if (escaped(block, start)) {
        start++;
        length--;
        if (length === 0) continue;
      }
      const closer = nextRunOfLength(length, r);
      if (closer === undefined) continue;
      const contentStart = start + length;
      const contentEnd = runs[closer]!.start;
      const raw = block.slice(contentStart, contentEnd);
      const lead = raw.length - raw.trimStart().length;
      const text = raw.trim();
      if (text !== '') {
        const from = position(contentStart + lead);
        const to = position(contentStart + lead + text.length);
        this.codeTokens.push({ text, where: 'span', line: from.line, column: from.column, endLine: to.line, endColumn: to.column });
      }
      r = closer;
    }
  }
}

/** True when the character at `index` is preceded by an odd number of backslashes. */
function escaped(text: string, index: number): boolean {
  let count = 0;
  for (let i = index - 1; i >= 0 && text.charCodeAt(i) === 92; i--) count++;
  return count % 2 === 1;
}

/** Offset in a block (lines joined with "\n") → 1-based line and column in the document. */
function blockPositions(lines: string[], firstLine: number): (offset: number) => { line: number; column: number } {
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  return (at) => {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    // lines is never empty, so neither is starts, and lo stays within it.
    return { line: firstLine + lo + 1, column: at - starts[lo]! + 1 };
  };
}

const DOTTED_RUN = /[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+/g;

/**
 * What `\b<name>\b` would find, precomputed once so a lookup per event type is O(1): for every
 * dotted run in the text, each contiguous sub-run of two or more segments, where the first
 * segment may also start after a `-` and the last may end before one (`\b` sits there too, so
 * `lesson.delivered-v1` mentions `lesson.delivered`).
 */
function collectMentions(text: string): Set<string> {
  const mentions = new Set<string>();
  DOTTED_RUN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = DOTTED_RUN.exec(text))) {
    const segments = match[0].split('.');
    // Long dotted runs (paths in prose, minified code) add nothing useful past a few segments.
    const span = Math.min(segments.length, 8);
    for (let i = 0; i < segments.length; i++) {
      for (let j = i + 1; j < Math.min(segments.length, i + span); j++) {
        const middle = segments.slice(i + 1, j).join('.');
        for (const head of hyphenSuffixes(segments[i]!)) {
          for (const tail of hyphenPrefixes(segments[j]!)) mentions.add(middle ? `${head}.${middle}.${tail}` : `${head}.${tail}`);
        }
      }
    }
  }
  return mentions;
}

/** `a-b-c` → a-b-c, b-c, c. */
function hyphenSuffixes(segment: string): string[] {
  const out = [segment];
  for (let i = segment.indexOf('-'); i >= 0; i = segment.indexOf('-', i + 1)) out.push(segment.slice(i + 1));
  return out;
}

/** `a-b-c` → a-b-c, a-b, a. */
function hyphenPrefixes(segment: string): string[] {
  const out = [segment];
  for (let i = segment.lastIndexOf('-'); i >= 0; i = i === 0 ? -1 : segment.lastIndexOf('-', i - 1)) out.push(segment.slice(0, i));
  return out;
}
