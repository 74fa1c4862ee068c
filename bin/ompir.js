#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/cli (built by `npm install` through the prepare script).
import { register } from "node:module";
import { setFlagsFromString } from "node:v8";
register("./chevrotain-hook.js", import.meta.url);
// V8 lets the old generation grow to 1.5x the live data between full collections; its own
// factor reaches 4x on a large heap (a 50 MB module peaked at 2.4 GB for 0.8 GB live). Costs
// about 15% more CPU on inputs of tens of megabytes; small programs never reach a first
// limit. Set here, for the command's own process: main() is also a library call.
setFlagsFromString("--heap-growing-percent=50");
const { main } = await import("../dist/cli/main.js");
process.exitCode = await main(process.argv.slice(2));
