/**
 * Drives the real commands in-process through `main()` with a captured CliIo, and judges what
 * they produced. Commands that are still placeholders ("not available yet") are detected from
 * their `--help` and skipped, so the harness picks each one up as soon as it lands.
 */
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';

export type CommandName = 'check' | 'build' | 'diff' | 'validate' | 'catalog' | 'export' | 'trace';
export const COMMANDS: readonly CommandName[] = ['check', 'build', 'diff', 'validate', 'catalog', 'export', 'trace'];
const KNOWN_FORMATS = ['text', 'json', 'sarif', 'github', 'junit', 'markdown'];

export interface Run {
  command: CommandName;
  args: string[];
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface Available {
  commands: Map<CommandName, { formats: string[]; help: string }>;
}

export async function invoke(args: string[], cwd: string, stdin?: Uint8Array, debug = false): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  let stdout = '';
  let stderr = '';
  const started = performance.now();
  let code: number;
  try {
    code = await main(args, {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      cwd,
      env: debug ? { NO_COLOR: '1', SGUILD_CONTRACTS_DEBUG: '1' } : { NO_COLOR: '1' },
      isTTY: false,
      stdin: stdin ? Readable.from([Buffer.from(stdin)]) : Readable.from([]),
    });
  } catch (error) {
    // main() must never throw; if it does, that is a finding like any other.
    code = -1;
    stderr += `main() threw: ${error instanceof Error ? error.stack : String(error)}\n`;
  }
  return { code, stdout, stderr, ms: performance.now() - started };
}

/** Which commands are real, and the formats each one's `--format` accepts (read from its help). */
export async function detectCommands(cwd: string): Promise<Available> {
  const commands = new Map<CommandName, { formats: string[]; help: string }>();
  for (const name of COMMANDS) {
    const { code, stdout } = await invoke([name, '--help'], cwd);
    if (code !== 0 || /not available yet/.test(stdout)) continue;
    const formatHelp = /--format\b[^\n]*(?:\n {6,}[^\n]*)*/.exec(stdout)?.[0] ?? '';
    const formats = KNOWN_FORMATS.filter((f) => new RegExp(`\\b${f}\\b`).test(formatHelp));
    commands.set(name, { formats, help: stdout });
  }
  return { commands };
}

// ---------------------------------------------------------------------------------------------
// Oracles: what every run must look like, whatever the input.

const STACK_LINE = /^\s+at .+(?:\(.*:\d+:\d+\)|:\d+:\d+)$/m;
// Warnings or infos alone do not fail a run: their summary starts with ⚠ (src/report/text.ts).
const CHECK_SUMMARY = /^(?:✔ no problems found|✖ \d+ errors?, \d+ warnings?|⚠ \d+ (?:warnings?|infos?))/;

/** A refusal: exit 2 with one clean `sguild-contracts: …` line, for inputs a command will not touch. */
export function isCleanRefusal(run: Run): boolean {
  const lines = run.stderr.trimEnd().split('\n');
  return run.code === 2 && run.stdout === '' && lines.length === 1 && /^sguild-contracts: (?!internal error)/.test(run.stderr);
}

/**
 * A refusal that is the right answer whatever the options: a side of `diff` (or the base of
 * `check --base`) that cannot be loaded in full, because a comparison that cannot see every file
 * must fail, never pass (fail closed).
 */
export function isFailClosed(run: Run): boolean {
  return isCleanRefusal(run) && (run.command === 'diff' || run.command === 'check') && /cannot be loaded in full, so it cannot be compared/.test(run.stderr);
}

export function judge(run: Run, format: string | undefined, options: { allowRefusal: boolean }): string[] {
  const problems: string[] = [];
  const all = run.stdout + '\n' + run.stderr;
  if (run.code === -1) problems.push('main() threw instead of returning an exit code');
  if (/internal error/i.test(all)) problems.push('output says "internal error"');
  if (STACK_LINE.test(all)) problems.push('output contains a stack trace line');
  if (/internal\/rule-failed/.test(all)) problems.push('a rule crashed (internal/rule-failed)');
  if (run.code === 2 && !((options.allowRefusal && isCleanRefusal(run)) || isFailClosed(run))) problems.push(`exit code 2${isCleanRefusal(run) ? ' (clean refusal)' : ''}`);
  else if (run.code !== 0 && run.code !== 1 && run.code !== 2) problems.push(`exit code ${run.code}`);
  if (problems.length || run.code === 2) return problems;

  if (run.command === 'check') problems.push(...judgeCheckReport(run, format ?? 'text'));
  if (run.command === 'validate' && format === 'json') {
    for (const line of run.stdout.split('\n')) {
      if (!line) continue;
      try {
        JSON.parse(line);
      } catch {
        problems.push(`validate --format json printed a line that is not JSON: ${line.slice(0, 120)}`);
        break;
      }
    }
  }
  if (run.command === 'validate' && (format === undefined || format === 'text' || format === 'github') && !/^[✔✖] /m.test(run.stdout)) problems.push(`validate ${format ?? 'text'} output has no summary line`);
  // Whole documents (validate and diff gained them from check's formatters): the same shape checks as check's.
  if ((run.command === 'validate' || run.command === 'diff') && (format === 'sarif' || format === 'junit')) problems.push(...judgeCheckReport(run, format).map((p) => `${run.command} ${p}`));
  if (run.command === 'diff' && format === 'github' && !/^[✔✖⚠] /m.test(run.stdout)) problems.push('diff github output has no summary line');
  if ((run.command === 'diff' && format === 'json') || (run.command === 'validate' && format === 'json' && !run.stdout.trim())) {
    if (run.command === 'diff') {
      try {
        JSON.parse(run.stdout);
      } catch {
        problems.push('diff --format json output does not parse');
      }
    } else problems.push('validate --format json printed nothing');
  }
  if (run.command === 'build' && !/^(?:✔|✖|build stopped)/m.test(run.stdout + run.stderr)) problems.push('build printed no result line');
  return problems;
}

function judgeCheckReport(run: Run, format: string): string[] {
  const out = run.stdout;
  const problems: string[] = [];
  const expectErrors = run.code === 1;
  switch (format) {
    case 'json': {
      let report: { version?: unknown; summary?: Record<string, unknown>; diagnostics?: unknown[] };
      try {
        report = JSON.parse(out);
      } catch {
        return ['--format json output does not parse'];
      }
      if (report.version !== 1) problems.push('json report: version is not 1');
      const s = report.summary ?? {};
      for (const k of ['errors', 'warnings', 'infos']) if (!Number.isInteger(s[k])) problems.push(`json report: summary.${k} is not an integer`);
      if (!Array.isArray(report.diagnostics)) return [...problems, 'json report: diagnostics is not an array'];
      if (Number(s.errors) + Number(s.warnings) + Number(s.infos) !== report.diagnostics.length) problems.push('json report: summary counts do not add up to the diagnostics');
      if ((Number(s.errors) > 0) !== expectErrors) problems.push(`json report: ${String(s.errors)} errors but exit code ${run.code}`);
      for (const d of report.diagnostics as Record<string, unknown>[]) {
        const bad = diagnosticShape(d);
        if (bad) {
          problems.push(`json report: ${bad}: ${JSON.stringify(d).slice(0, 200)}`);
          break;
        }
      }
      return problems;
    }
    case 'sarif': {
      let log: { version?: unknown; runs?: { results?: unknown[] }[] };
      try {
        log = JSON.parse(out);
      } catch {
        return ['--format sarif output does not parse'];
      }
      if (log.version !== '2.1.0') problems.push('sarif: version is not 2.1.0');
      if (!Array.isArray(log.runs) || !Array.isArray(log.runs[0]?.results)) problems.push('sarif: no runs[0].results');
      return problems;
    }
    case 'junit':
      if (!out.startsWith('<?xml') || !out.trimEnd().endsWith('</testsuites>')) problems.push('junit: not a complete XML document');
      return problems;
    case 'markdown':
      if (!/^### sguild-contracts: [✔✖]/.test(out)) problems.push('markdown: no heading with the summary');
      return problems;
    case 'github':
    case 'text': {
      const lines = out.trimEnd().split('\n');
      const last = lines[lines.length - 1] ?? '';
      if (!CHECK_SUMMARY.test(last)) problems.push(`${format}: the last line is not the summary: ${JSON.stringify(last.slice(0, 120))}`);
      else if (/^✖ [1-9]/.test(last) !== expectErrors) problems.push(`${format}: summary "${last.slice(0, 60)}" disagrees with exit code ${run.code}`);
      if (format === 'github') {
        const stray = lines.slice(0, -1).find((l) => l !== '' && !/^::(?:error|warning|notice) /.test(l));
        if (stray) problems.push(`github: a line that is not a workflow command: ${JSON.stringify(stray.slice(0, 120))}`);
      }
      return problems;
    }
    default:
      return problems;
  }
}

function diagnosticShape(d: Record<string, unknown>): string | undefined {
  if (typeof d.rule !== 'string' || !/^[a-z]+\/[a-z0-9-]+$/.test(d.rule)) return 'rule is not group/name';
  if (!['error', 'warning', 'info'].includes(String(d.severity))) return 'unknown severity';
  if (typeof d.message !== 'string' || d.message === '') return 'empty message';
  if (typeof d.file !== 'string' || d.file.startsWith('/') || d.file.split('/').includes('..')) return 'file is absolute or climbs';
  for (const k of ['line', 'column', 'endLine', 'endColumn']) if (!Number.isInteger(d[k]) || (d[k] as number) < 1) return `${k} is not a positive integer`;
  if ((d.endLine as number) < (d.line as number) || (d.endLine === d.line && (d.endColumn as number) < (d.column as number))) return 'range ends before it starts';
  if (d.pointer !== null && (typeof d.pointer !== 'string' || (d.pointer !== '' && !d.pointer.startsWith('/')))) return 'pointer is not a JSON pointer';
  return undefined;
}
