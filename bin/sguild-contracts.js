#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in lib/ (built by `npm ci` through the `prepare` script),
// bundled into lib/cli-bundle/ (scripts/bundle-cli.mjs: a few files load faster than ~200). A
// lib/ without the bundle (compiled by tsc alone) runs its modules as they are.
const BUNDLE = new URL('../lib/cli-bundle/main.js', import.meta.url);

async function load() {
  try {
    return await import(BUNDLE.href);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes(BUNDLE.pathname)) throw error;
    return import('../lib/cli/main.js');
  }
}

const { main } = await load();
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
