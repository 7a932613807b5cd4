import { readFileSync } from 'node:fs';

/** The tool's own version, read from its package.json (cheap: no other module is loaded). */
export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export const TOOL_NAME = 'sguild-contracts';
export const INFORMATION_URI = 'https://github.com/sguild/sguild-contracts';
