/**
 * Splits an input stream into event texts without ever holding more than one event: NDJSON line
 * by line, a top-level JSON array element by element (an incremental splitter that tracks
 * strings and nesting, so the array itself is never materialised), or a sequence of JSON values
 * (a single pretty-printed event, or several one after the other). A JSON text sequence (RFC 7464:
 * each record starts with the RS control character) reads the same way.
 *
 * The format is detected from the first non-whitespace byte: `[` is an array; `{` whose first
 * line is a complete JSON value is NDJSON, otherwise a value sequence; anything else is NDJSON
 * (so a stream of broken lines is still reported line by line). `ndjson: true` forces NDJSON.
 *
 * Every event (or problem) is handed to `emit` with the line it starts on. `emit` returns false
 * to stop reading (`--max-errors`). Each event is capped at `maxEventBytes`: a longer one is
 * skipped (reported as `too-large`) without being buffered.
 */
import { Buffer, isUtf8 } from 'node:buffer';

export type ReadItem =
  | { line: number; text: string }
  | { line: number; failure: { kind: 'not-json' | 'too-large'; message: string } };

export interface ReadOptions {
  ndjson: boolean;
  maxEventBytes: number;
}

export type Emit = (item: ReadItem) => boolean;

export type InputFormat = 'ndjson' | 'array' | 'sequence';

interface Splitter {
  push(chunk: Buffer): void;
  end(): void;
}

// RS starts each record of a JSON text sequence (RFC 7464, `application/json-seq`, `jq --seq`);
// JSON never holds it unescaped, so it is read as whitespace and such streams read like the others.
const NL = 0x0a, CR = 0x0d, SPACE = 0x20, TAB = 0x09, RS = 0x1e;
const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c;
const OPEN_BRACE = 0x7b, CLOSE_BRACE = 0x7d, OPEN_BRACKET = 0x5b, CLOSE_BRACKET = 0x5d;
const isSpace = (b: number) => b === SPACE || b === NL || b === CR || b === TAB || b === RS;

/** Reads a whole input through the right splitter. Resolves with whether reading was stopped early. */
export class EventReader {
  private splitter: Splitter | undefined;
  private head: Buffer[] = [];
  private headLength = 0;
  private first = true;
  private firstByte = -1;
  stopped = false;
  format: InputFormat | undefined;

  constructor(private readonly options: ReadOptions, private readonly emit: Emit) {
    if (options.ndjson) this.use('ndjson');
  }

  push(chunk: Buffer | Uint8Array | string): boolean {
    if (this.stopped) return false;
    let buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.first && buf.length) {
      this.first = false;
      // A UTF-8 byte order mark is tolerated at the very start, not passed on.
      if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    }
    if (this.splitter) this.splitter.push(buf);
    else this.detect(buf, false);
    return !this.stopped;
  }

  end(): void {
    if (this.stopped) return;
    if (!this.splitter) this.detect(Buffer.alloc(0), true);
    this.splitter?.end();
  }

  /** Buffers the start of the input until the format is known (at most the first line). */
  private detect(buf: Buffer, atEnd: boolean): void {
    this.head.push(buf);
    this.headLength += buf.length;
    let from = 0;
    if (this.firstByte < 0) {
      while (from < buf.length && isSpace(buf[from]!)) from++;
      if (from === buf.length && !atEnd) return;
      if (from < buf.length) this.firstByte = buf[from]!;
    }
    let format: InputFormat = 'ndjson';
    if (this.firstByte === OPEN_BRACKET) format = 'array';
    else if (this.firstByte === OPEN_BRACE) {
      // Only this chunk can hold the first newline after the brace: earlier ones were searched.
      if (buf.indexOf(NL, from) < 0 && !atEnd && this.headLength <= this.options.maxEventBytes) return;
      const data = Buffer.concat(this.head, this.headLength);
      let start = 0;
      while (start < data.length && isSpace(data[start]!)) start++;
      const newline = data.indexOf(NL, start);
      format = newline < 0 || isCompleteJson(data.toString('utf8', start, newline)) ? 'ndjson' : 'sequence';
      this.head = [data];
    }
    this.use(format);
    const head = this.head;
    this.head = [];
    this.headLength = 0;
    for (const part of head) if (!this.stopped) this.splitter!.push(part);
  }

  private use(format: InputFormat): void {
    this.format = format;
    const emit: Emit = (item) => {
      if (this.stopped) return false;
      if (!this.emit(item)) this.stopped = true;
      return !this.stopped;
    };
    this.splitter = format === 'ndjson' ? new LineSplitter(this.options.maxEventBytes, emit) : new ValueSplitter(format, this.options.maxEventBytes, emit);
  }
}

function isCompleteJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function decode(bytes: Buffer, line: number): ReadItem {
  if (!isUtf8(bytes)) return { line, failure: { kind: 'not-json', message: 'the event is not valid UTF-8; events must be UTF-8 encoded JSON' } };
  return { line, text: bytes.toString('utf8') };
}

function tooLarge(line: number, max: number, what: string): ReadItem {
  return { line, failure: { kind: 'too-large', message: `${what} is longer than ${max} bytes and was skipped; raise --max-event-size if such events are expected` } };
}

/** NDJSON: one event per line; blank lines are ignored; `\r\n` line ends are accepted. */
class LineSplitter implements Splitter {
  private line = 1;
  private parts: Buffer[] = [];
  private length = 0;
  private overflow = false;
  constructor(private readonly max: number, private readonly emit: Emit) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(NL, start);
      if (newline < 0) {
        this.append(chunk, start, chunk.length);
        return;
      }
      this.append(chunk, start, newline);
      if (!this.finishLine()) return;
      start = newline + 1;
    }
  }

  end(): void {
    if (this.length > 0 || this.overflow) this.finishLine();
  }

  private append(chunk: Buffer, start: number, end: number): void {
    if (end <= start || this.overflow) return;
    if (this.length + (end - start) > this.max) {
      this.overflow = true;
      this.parts = [];
      this.length = 0;
      return;
    }
    this.parts.push(chunk.subarray(start, end));
    this.length += end - start;
  }

  private finishLine(): boolean {
    const line = this.line++;
    if (this.overflow) {
      this.overflow = false;
      return this.emit(tooLarge(line, this.max, 'the line'));
    }
    const parts = this.parts;
    const length = this.length;
    this.parts = [];
    this.length = 0;
    if (length === 0) return true;
    let bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, length);
    let end = bytes.length;
    while (end > 0 && isSpace(bytes[end - 1]!)) end--;
    let start = 0;
    while (start < end && isSpace(bytes[start]!)) start++;
    if (start === end) return true; // a blank line separates nothing
    bytes = bytes.subarray(start, end);
    return this.emit(decode(bytes, line));
  }
}

/**
 * A top-level array's elements, or a sequence of top-level values. Scans bytes, tracking
 * strings and nesting depth; a value's bytes are kept only while it is being read.
 */
class ValueSplitter implements Splitter {
  private line = 1;
  // array: 'open' before `[`, 'value' where an element (or `]`) is expected, 'comma' after an
  // element, 'closed' after `]`. sequence: always 'value'.
  private phase: 'open' | 'value' | 'comma' | 'closed';
  private afterComma = false;
  private inValue = false;
  private container = false;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private valueLine = 0;
  private parts: Buffer[] = [];
  private length = 0;
  private overflow = false;
  private stopped = false;
  private reportedTrailing = false;

  constructor(private readonly mode: 'array' | 'sequence', private readonly max: number, private readonly emit: Emit) {
    this.phase = mode === 'array' ? 'open' : 'value';
  }

  push(chunk: Buffer): void {
    let valueStart = this.inValue ? 0 : -1;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const b = chunk[i]!; // i < n
      if (b === NL) this.line++;
      if (this.inValue) {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (b === BACKSLASH) this.escaped = true;
          else if (b === QUOTE) {
            this.inString = false;
            if (this.depth === 0) {
              this.finishValue(chunk, valueStart, i + 1);
              valueStart = -1;
              if (this.stopped) return;
            }
          }
          continue;
        }
        if (b === QUOTE) {
          this.inString = true;
          continue;
        }
        if (b === OPEN_BRACE || b === OPEN_BRACKET) {
          this.depth++;
          continue;
        }
        if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
          if (this.depth > 0) {
            this.depth--;
            if (this.depth === 0 && this.container) {
              this.finishValue(chunk, valueStart, i + 1);
              valueStart = -1;
              if (this.stopped) return;
            }
            continue;
          }
          // A closer right after a scalar (`[1]`): the scalar ends here; the closer is structure.
          this.finishValue(chunk, valueStart, i);
          valueStart = -1;
          if (this.stopped) return;
        } else if (this.depth === 0 && (isSpace(b) || b === COMMA)) {
          this.finishValue(chunk, valueStart, i);
          valueStart = -1;
          if (this.stopped) return;
        } else continue;
      }
      // Between values.
      if (isSpace(b)) continue;
      if (!this.structural(b)) {
        if (this.stopped) return;
        // The start of a value.
        this.inValue = true;
        this.container = b === OPEN_BRACE || b === OPEN_BRACKET;
        this.depth = this.container ? 1 : 0;
        this.inString = b === QUOTE;
        this.escaped = false;
        this.valueLine = this.line;
        this.parts = [];
        this.length = 0;
        this.overflow = false;
        valueStart = i;
        if (this.phase === 'comma') this.problem('a comma is missing between two array elements');
        if (this.phase !== 'closed') this.phase = this.mode === 'array' ? 'comma' : 'value';
        this.afterComma = false;
        if (this.stopped) return;
      }
    }
    if (this.inValue && valueStart >= 0) this.append(chunk, valueStart, n);
  }

  /** Handles a byte outside any value; false when it starts a value instead. */
  private structural(b: number): boolean {
    if (this.phase === 'closed') {
      if (!this.reportedTrailing) {
        this.reportedTrailing = true;
        this.problem('unexpected content after the end of the array; the input must be one JSON array');
      }
      return true;
    }
    if (this.mode === 'array') {
      if (this.phase === 'open') {
        if (b === OPEN_BRACKET) this.phase = 'value';
        return true;
      }
      if (b === COMMA) {
        if (this.phase !== 'comma') this.problem('an array element is missing before this comma');
        this.phase = 'value';
        this.afterComma = true;
        return true;
      }
      if (b === CLOSE_BRACKET) {
        if (this.afterComma) this.problem('trailing comma before the end of the array');
        this.phase = 'closed';
        return true;
      }
      if (b === CLOSE_BRACE) {
        this.problem('unexpected "}" between array elements');
        return true;
      }
      return false;
    }
    if (b === COMMA || b === CLOSE_BRACE || b === CLOSE_BRACKET) {
      this.problem(`unexpected "${String.fromCharCode(b)}" between JSON values`);
      return true;
    }
    return false;
  }

  private problem(message: string): void {
    if (!this.emit({ line: this.line, failure: { kind: 'not-json', message: `invalid JSON: ${message}` } })) this.stopped = true;
  }

  private append(chunk: Buffer, start: number, end: number): void {
    if (end <= start || this.overflow) return;
    if (this.length + (end - start) > this.max) {
      this.overflow = true;
      this.parts = [];
      this.length = 0;
      return;
    }
    this.parts.push(chunk.subarray(start, end));
    this.length += end - start;
  }

  private finishValue(chunk: Buffer, start: number, end: number): void {
    if (start >= 0) this.append(chunk, start, end);
    this.inValue = false;
    const line = this.valueLine;
    let item: ReadItem;
    if (this.overflow) item = tooLarge(line, this.max, this.mode === 'array' ? 'the array element' : 'the JSON value');
    else item = decode(this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.length), line);
    this.parts = [];
    this.length = 0;
    this.overflow = false;
    if (!this.emit(item)) this.stopped = true;
  }

  end(): void {
    if (this.stopped) return;
    if (this.inValue) {
      // An unterminated value: hand over what there is; the JSON parser says what is wrong.
      this.finishValue(Buffer.alloc(0), -1, 0);
      if (this.stopped) return;
    }
    if (this.mode === 'array') {
      if (this.phase === 'open') this.problem('the input is empty; expected a JSON array of events');
      else if (this.phase !== 'closed') this.problem('the input ended inside the JSON array (missing "]")');
    }
  }
}
