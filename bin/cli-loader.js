// Loads the command for bin/ompir.js, and for scripts/warm-cli-cache.mjs, which writes the
// code cache at build time with the same flags and the same script.
//
// dist/cli-bundle/main.cjs (scripts/bundle-cli.mjs) is the whole command as one CommonJS
// script, run through vm.Script so that V8 can take its compiled code from main.cjs.cache
// (V8's code cache, written once by `npm run build` after a warm-up run, so it holds the
// functions that run then and not only the top level): no parsing or compiling of what the
// cache holds. Node 20 has no compile cache for ES modules. The cache is only read here; a
// read-only install keeps working. A cache V8 rejects (other V8 or flags) or one made for
// another build of the bundle is ignored: V8 itself compares only the source's length, so
// the bundle's first line names its build (a hash of the rest) and the cache starts with it.
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { setFlagsFromString } from "node:v8";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

/** V8 flags of the command's process; a code cache is valid only under the flags it was made with. */
export function setFlags() {
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
  // V8 takes a code cache with a corrupt payload (and crashes on it) unless it checksums it,
  // which it does only in debug builds by default; the flag also has the checksum written.
  setFlagsFromString("--verify-snapshot-checksum");
  if (process.env.XF) for (const f of process.env.XF.split(" ")) setFlagsFromString(f);
}

const dir = new URL("../dist/cli-bundle/", import.meta.url);
export const bundleFile = new URL("main.cjs", dir);
export const cacheFile = new URL("main.cjs.cache", dir);
/** The bundle's first line: this, then its build's name, then a newline. */
export const BUILD_TAG = "// ompir-cli-build ";

/** True if `npm run build` made the bundle from today's dist/ (inputs.json is written last). */
function fresh() {
  try {
    const list = new URL("inputs.json", dir);
    const built = statSync(list).mtimeMs;
    for (const f of JSON.parse(readFileSync(list, "utf8"))) if (statSync(new URL(f, dir)).mtimeMs > built) return false;
    return statSync(bundleFile).mtimeMs <= built;
  } catch {
    return false; // no bundle, or an input is gone
  }
}

/** The build's name from the bundle's first line, or null. */
export function buildOf(source) {
  const end = source.indexOf("\n");
  return source.startsWith(BUILD_TAG) && end > BUILD_TAG.length ? source.slice(BUILD_TAG.length, end) : null;
}

/**
 * The bundle's exports and its vm.Script (`cache`: whether V8 took the code cache), or null
 * when there is no fresh bundle. `useCache: false` compiles from source.
 */
export function loadBundle({ useCache = true } = {}) {
  if (!fresh()) return null;
  const file = fileURLToPath(bundleFile);
  const source = readFileSync(bundleFile, "utf8");
  let cachedData;
  const build = buildOf(source);
  if (useCache && build !== null) {
    try {
      const bytes = readFileSync(cacheFile);
      const head = Buffer.from(build + "\n");
      if (bytes.length > head.length && bytes.subarray(0, head.length).equals(head)) cachedData = bytes.subarray(head.length);
    } catch {
      // no cache: compile from source
    }
  }
  // The wrapper Node gives a CommonJS module, so the bundle sees the same five names; strict
  // as the ES modules it was made from (esbuild's "use strict" follows the first lines).
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {"use strict";${source}\n})`, { filename: file, cachedData });
  const fn = script.runInThisContext();
  const module = { exports: {} };
  fn.call(module.exports, module.exports, createRequire(bundleFile), module, file, dirname(file));
  return { exports: module.exports, script, build, cache: cachedData !== undefined && !script.cachedDataRejected };
}
