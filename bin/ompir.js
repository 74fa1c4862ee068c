#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/cli (built by `npm install` through the prepare script).
import { register } from "node:module";
import { loadBundle, setFlags } from "./cli-loader.js";

setFlags();
// The one-file bundle with its code cache (bin/cli-loader.js) when `npm run build` made it
// from today's dist/; otherwise, after a plain `tsc -p tsconfig.build.json`, dist/cli.
let main = loadBundle()?.exports.main;
if (main === undefined) {
  // Unbundled: `import "chevrotain"` would load the package's few hundred modules; this
  // resolve hook gives its single-file build instead (bin/chevrotain-hook.js).
  register("./chevrotain-hook.js", import.meta.url);
  ({ main } = await import("../dist/cli/main.js"));
}
process.exitCode = await main(process.argv.slice(2));
// Exit now rather than when the event loop has drained: Node then also waits for V8's
// background compile jobs still in flight (optimised code that nothing will run), which on a
// busy machine kept a finished command alive for tens of milliseconds. The commands write
// their output synchronously (src/cli/io.ts) and return only when their work is done.
process.exit();
