#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/cli (built by `npm install` through the prepare script).
import { statSync, readFileSync } from "node:fs";
import { register } from "node:module";
import { setFlagsFromString } from "node:v8";

// V8 lets the old generation grow to 1.5x the live data between full collections; its own
// factor reaches 4x on a large heap (a 50 MB module peaked at 2.4 GB for 0.8 GB live). Costs
// about 15% more CPU on inputs of tens of megabytes; small programs never reach a first
// limit. Set here, for the command's own process: main() is also a library call.
setFlagsFromString("--heap-growing-percent=50");
// V8 hands a function to its optimising compiler (TurboFan, on a background thread) once it
// has run a budget of bytecode; at the default budget a one-second command optimises
// hundreds of functions, most of them done with by the time their code is ready: a third of
// the CPU at 400 kernels, which competes for the cores. Four times the budget leaves that
// to the code that stays hot (CPU at 6 400 kernels: lower, main thread the same).
setFlagsFromString("--interrupt-budget=270336");
// The young generation starts at 1 MB and V8 doubles it when a scavenge finds much of it
// alive; a compiler's IR mostly is, so it was copied through some 25 scavenges at 400
// kernels. Growing sixteenfold reaches the 16 MB maximum at once: 12 scavenges, GC pauses
// about two thirds (the sizes themselves are fixed when Node starts, too late to set here).
setFlagsFromString("--semi-space-growth-factor=16");
if (process.env.XF) for (const f of process.env.XF.split(" ")) setFlagsFromString(f);

/** dist/cli-bundle/main.js if `npm run build` made it from today's dist/ (scripts/bundle-cli.mjs). */
function bundle() {
  const dir = new URL("../dist/cli-bundle/", import.meta.url);
  try {
    const list = new URL("inputs.json", dir);
    const built = statSync(list).mtimeMs;
    for (const f of JSON.parse(readFileSync(list, "utf8"))) if (statSync(new URL(f, dir)).mtimeMs > built) return null;
    return new URL("main.js", dir).href;
  } catch {
    return null; // no bundle, or an input is gone
  }
}

let entry = bundle();
if (entry === null) {
  // Unbundled: `import "chevrotain"` would load the package's few hundred modules; this
  // resolve hook gives its single-file build instead (bin/chevrotain-hook.js).
  register("./chevrotain-hook.js", import.meta.url);
  entry = "../dist/cli/main.js";
}
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
// Exit now rather than when the event loop has drained: Node then also waits for V8's
// background compile jobs still in flight (optimised code that nothing will run), which on a
// busy machine kept a finished command alive for tens of milliseconds. The commands write
// their output synchronously (src/cli/io.ts) and return only when their work is done.
process.exit();
