/**
 * Formats json-schema-to-typescript's unformatted output (`format: false` skips prettier, which
 * would dominate build time) into tidy, deterministic TypeScript: two spaces per open brace,
 * comment lines aligned, members ended with `;`, trailing spaces removed, and a blank line
 * between top-level declarations.
 */
interface Line {
  text: string;
  level: number;
  comment: boolean;
}

export function tidyDeclarations(text: string): string {
  const lines: Line[] = [];
  let depth = 0;
  let inComment = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (inComment || line.startsWith('/*')) {
      lines.push({ text: line.startsWith('*') ? ` ${line}` : line, level: depth, comment: true });
      inComment = !line.endsWith('*/');
      continue;
    }
    const { closersFirst, net } = braces(line);
    lines.push({ text: line, level: Math.max(0, depth - closersFirst), comment: false });
    depth = Math.max(0, depth + net);
  }

  const out: string[] = [];
  for (const [i, { text: line, level, comment }] of lines.entries()) {
    const previous = lines[i - 1];
    // A top-level declaration (or its comment) starts a new paragraph, unless its comment just did.
    const starts = comment ? line.startsWith('/*') : !previous?.comment && /^(export|declare|interface|type)\b/.test(line);
    if (level === 0 && previous && starts) out.push('');
    const next = lines.slice(i + 1).find((l) => !l.comment);
    out.push('  '.repeat(level) + line + (!comment && needsTerminator(line, level, next) ? ';' : ''));
  }
  return out.join('\n') + '\n';
}

/**
 * Whether a code line ends a member or declaration. Lines that open a block or continue an
 * expression (`{`, `(`, `|`, `=`…) do not, nor does the brace closing a top-level interface,
 * nor a line followed by a continuation (`| …`, `& …`).
 */
function needsTerminator(line: string, level: number, next: Line | undefined): boolean {
  if (/[{([|&,;=]$/.test(line)) return false;
  if (level === 0 && line === '}') return false;
  if (next && /^[|&)\]]/.test(next.text)) return false;
  return true;
}

/** Leading closing braces and the net brace count of one line, ignoring braces inside string and template literals. */
function braces(line: string): { closersFirst: number; net: number } {
  let closersFirst = 0;
  let leading = true;
  let net = 0;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') {
      quote = ch;
      leading = false;
    } else if (ch === '{') {
      net++;
      leading = false;
    } else if (ch === '}') {
      net--;
      if (leading) closersFirst++;
    } else if (ch !== ' ' && ch !== ')' && ch !== ']') {
      leading = false;
    }
  }
  return { closersFirst, net };
}
