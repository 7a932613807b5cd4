/**
 * Deterministic fault injection for the fault tests and the fuzz harness's fault mode: every
 * step that changes a file (a temporary file written, a rename, a removal) passes through
 * `faultPoint()`, and two environment variables, read only when set, turn the Nth step into a
 * fault:
 *
 * - `SGUILD_CONTRACTS_TEST_KILL_AT=N`: the process SIGKILLs itself at step N (a `kill -9`
 *   at an exact point, instead of timing luck);
 * - `SGUILD_CONTRACTS_TEST_FAIL_AT=N[:CODE]`: step N throws CODE (default ENOSPC), as a full
 *   disk or an I/O error would.
 *
 * Unset (always, outside tests), each call costs one property read.
 */
let steps = 0;

export function faultPoint(what: string): void {
  const env = process.env;
  if (env.SGUILD_CONTRACTS_TEST_KILL_AT === undefined && env.SGUILD_CONTRACTS_TEST_FAIL_AT === undefined) return;
  steps++;
  if (Number(env.SGUILD_CONTRACTS_TEST_KILL_AT) === steps) process.kill(process.pid, 'SIGKILL');
  const [at, code = 'ENOSPC'] = (env.SGUILD_CONTRACTS_TEST_FAIL_AT ?? '').split(':');
  if (Number(at) === steps) throw Object.assign(new Error(`${code}: injected fault at step ${steps} (${what})`), { code, syscall: 'write' });
}
