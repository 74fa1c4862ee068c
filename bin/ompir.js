#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/cli (built by `npm install` through the prepare script).
import { register } from "node:module";
register("./chevrotain-hook.js", import.meta.url);
const { main } = await import("../dist/cli/main.js");
process.exitCode = await main(process.argv.slice(2));
