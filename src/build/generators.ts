/**
 * The build is a list of generators, each turning the loaded model into files of the output
 * folder. Adding an output (e.g. precompiled validators) is adding one entry here, before the
 * index generator: it runs last and re-exports every top-level module the others produced.
 */
import { eventsGenerator } from './gen-events.js';
import { commonJsTwinsGenerator, packageGenerator } from './gen-package.js';
import { postgresGenerator } from './gen-postgres.js';
import { indexGenerator } from './gen-index.js';
import { payloadsGenerator } from './gen-payloads.js';
import type { Generator } from './generator-types.js';
import { validatorsGenerator } from './validators.js';

export type { GeneratedFile, GenerateOptions, Generator } from './generator-types.js';

/**
 * Order matters: the dispatcher binds the validators; the CommonJS twins are made of every ES
 * module before the index lists them; the `.d.cts` twins and package.json describe everything.
 */
export const GENERATORS: readonly Generator[] = [payloadsGenerator, eventsGenerator, validatorsGenerator, postgresGenerator, commonJsTwinsGenerator, indexGenerator, packageGenerator];
