import { relative } from 'node:path';
import { checkSource } from '../check.js';
import { FolderSource, isFolder } from '../load/source.js';
import { formatJson } from '../report/json.js';
import { formatText } from '../report/text.js';
import type { Formatter, LintReport } from '../report/types.js';
import { EXIT, UsageError, useColor, type CliIo } from './io.js';
import { INFORMATION_URI, TOOL_NAME, toolVersion } from './version.js';

const FORMATTERS: Record<string, Formatter> = { text: formatText, json: formatJson };

export async function runCheck(options: { contracts: string; format: string }, io: CliIo): Promise<number> {
  const formatter = FORMATTERS[options.format];
  if (!formatter) throw new UsageError(`unknown format "${options.format}"; use one of: ${Object.keys(FORMATTERS).join(', ')}`);
  if (!isFolder(options.contracts)) throw new UsageError(`contracts folder not found: ${options.contracts} (pass --contracts DIR)`);
  const displayRoot = toPosix(relative(io.cwd, options.contracts)) || '.';
  const result = checkSource(new FolderSource(options.contracts, displayRoot), { displayRoot });
  const report: LintReport = {
    tool: { name: TOOL_NAME, version: toolVersion(), informationUri: INFORMATION_URI },
    stats: { ...result.stats },
    diagnostics: result.diagnostics,
    rules: result.rules.map(({ id, severity, description, help }) => ({ id, severity, description, help })),
  };
  io.stdout(formatter(report, { color: useColor(io) }));
  return result.diagnostics.some((d) => d.severity === 'error') ? EXIT.problems : EXIT.ok;
}

export function toPosix(path: string): string {
  return path.split('\\').join('/');
}
