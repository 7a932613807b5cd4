/**
 * Mentions of an event type in a contract README, written the way the README already lists its
 * events: a row in its events table (columns filled by their header), an item in its list of
 * backticked event types, or a new "## Events" section when it has neither.
 */
export interface EventRow {
  name: string;
  versions: readonly string[];
  producer?: string;
  subject?: string;
  actors?: readonly string[];
  description?: string;
}

const TABLE_ROW = /^\s*\|.*\|\s*$/;
const SEPARATOR = /^\s*\|(\s*:?-+:?\s*\|)+\s*$/;
const LIST_ITEM = /^\s*[-*] `([a-z][a-z0-9_.-]*)`/;

/** The README with a mention of `row.name` added (unchanged when it already has a row or item for it). */
export function addEventMention(text: string, row: EventRow): string {
  const lines = text.split('\n');
  const table = findEventsTable(lines);
  if (table) {
    if (table.rows.some((i) => firstCellName(lines[i]!) === row.name)) return text;
    const cells = table.header.map((h) => cellFor(h, row));
    const at = table.rows.find((i) => (firstCellName(lines[i]!) ?? '') > row.name) ?? table.end;
    lines.splice(at, 0, `| ${cells.join(' | ')} |`);
    return lines.join('\n');
  }
  const items = lines.map((l, i) => [i, LIST_ITEM.exec(l)?.[1]] as const).filter(([, n]) => n !== undefined);
  const item = `- \`${row.name}\` (${versionList(row.versions)}): ${row.description ?? 'what happened'}`;
  const lastItem = items.at(-1);
  if (lastItem) {
    if (items.some(([, n]) => n === row.name)) return text;
    const at = items.find(([, n]) => n! > row.name)?.[0] ?? lastItem[0] + 1;
    lines.splice(at, 0, item);
    return lines.join('\n');
  }
  const body = text.replace(/\n*$/, '');
  return `${body}\n\n## Events\n\n${item}\n`;
}

/** The README with `version` added to the event type's versions (its table cell or its list item's "(v1)"). */
export function addVersionMention(text: string, name: string, version: string): string {
  const lines = text.split('\n');
  const table = findEventsTable(lines);
  if (table) {
    const column = table.header.findIndex((h) => /^versions?$/i.test(h));
    const rowIndex = table.rows.find((i) => firstCellName(lines[i]!) === name);
    if (column >= 0 && rowIndex !== undefined) {
      const cells = splitRow(lines[rowIndex]!);
      // A row shorter than the header gets its missing cells, empty.
      while (cells.length <= column) cells.push('');
      const versions = cells[column]!.split(/[,\s]+/).filter(Boolean);
      if (!versions.includes(`v${version}`)) cells[column] = [...versions, `v${version}`].join(', ');
      lines[rowIndex] = `| ${cells.join(' | ')} |`;
      return lines.join('\n');
    }
  }
  for (const [i, line] of lines.entries()) {
    if (LIST_ITEM.exec(line)?.[1] !== name) continue;
    lines[i] = line.replace(/\(((?:v\d+(?:,\s*)?)+)\)/, (all, list: string) => (list.split(/,\s*/).includes(`v${version}`) ? all : `(${list}, v${version})`));
    return lines.join('\n');
  }
  return text;
}

function findEventsTable(lines: string[]): { header: string[]; rows: number[]; end: number } | undefined {
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i]!;
    if (!TABLE_ROW.test(line) || !SEPARATOR.test(lines[i + 1]!)) continue;
    const header = splitRow(line);
    if (!/event/i.test(header[0] ?? '')) continue;
    const rows: number[] = [];
    for (let j = i + 2; j < lines.length && TABLE_ROW.test(lines[j]!); j++) rows.push(j);
    return { header, rows, end: i + 2 + rows.length };
  }
  return undefined;
}

function splitRow(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
}

function firstCellName(line: string): string | undefined {
  return /`([^`]+)`/.exec(splitRow(line)[0] ?? '')?.[1];
}

function cellFor(header: string, row: EventRow): string {
  const h = header.toLowerCase();
  if (h.startsWith('event')) return `\`${row.name}\``;
  if (h.startsWith('version')) return versionList(row.versions);
  if (h.startsWith('producer')) return row.producer ?? '';
  if (h.startsWith('subject')) return row.subject ?? '';
  if (h.startsWith('actor')) return (row.actors ?? []).map((a) => (a === 'system' && row.producer ? `system:${row.producer}` : a)).join(', ');
  return row.description ?? '';
}

function versionList(versions: readonly string[]): string {
  return versions.map((v) => `v${v}`).join(', ');
}
