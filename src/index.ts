// The ompir library: everything the CLI does is available here, as functions.
//   import { parseModule, verifyModule, printModule } from "ompir";
//   const { parseModule } = require("ompir");   // CommonJS: require(esm), Node >= 20.19
// "ompir/core" (src/core.ts) is the same without the CLI, for bundling into a browser.

export * from "./core.js";
export { main } from "./cli/main.js";
export type { Io, Command } from "./cli/io.js";
export type { ProgressLine } from "./cli/style.js";
