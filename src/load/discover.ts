/**
 * Finds the project a command works on when no --contracts is given, the way eslint, buf and tsc
 * find theirs: walk up from the working folder to the nearest sguild-contracts.config.json or
 * folder holding event-types-registry.json (itself, or a `contracts/` child). The walk stops at
 * a repository or package boundary (.git or package.json) so a project never picks up the
 * configuration of whatever folder it happens to sit in.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const CONFIG_FILE = 'sguild-contracts.config.json';
export const REGISTRY_FILE = 'event-types-registry.json';

export interface Discovery {
  /** The nearest configuration file, if any (at or below the boundary). */
  configPath?: string;
  /** The nearest folder holding a registry, if one was found before the configuration or the boundary. */
  contractsDir?: string;
  /** Where relative defaults (dist/, reports) are taken from: the configuration's folder, the folder holding contracts/, or the working folder. */
  projectRoot: string;
  /** The folder where the contract set was recognised (itself, or the parent of its contracts/). */
  matchedAt?: string;
}

export function discoverProject(cwd: string): Discovery {
  let contractsDir: string | undefined;
  let projectRoot: string | undefined;
  let matchedAt: string | undefined;
  for (let dir = cwd; ; dir = dirname(dir)) {
    const config = join(dir, CONFIG_FILE);
    if (contractsDir === undefined) {
      if (existsSync(join(dir, REGISTRY_FILE))) {
        contractsDir = dir;
        matchedAt = dir;
        projectRoot = dirname(dir); // the folder holding the contract set, as for a contracts/ child
      } else if (existsSync(join(dir, 'contracts', REGISTRY_FILE))) {
        contractsDir = join(dir, 'contracts');
        projectRoot = dir;
        matchedAt = dir;
      }
    }
    if (existsSync(config)) return { configPath: config, contractsDir, projectRoot: dir, matchedAt };
    if (existsSync(join(dir, '.git')) || existsSync(join(dir, 'package.json')) || dirname(dir) === dir) break;
  }
  return { contractsDir, projectRoot: projectRoot ?? cwd, matchedAt };
}
