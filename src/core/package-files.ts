/**
 * Where the files shipped next to the code are (schemas/). Located from this module, which is
 * one folder below src/ or lib/ like every module that reads them, and like lib/cli-bundle/, the
 * bundled command line (scripts/bundle-cli.mjs): one folder deep wherever it runs from.
 */
export const SCHEMAS_DIR = new URL('../../schemas/', import.meta.url);
