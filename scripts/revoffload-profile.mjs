// Where the instructions of a warm run of bench (d) go, by function: bench/revoffload-instr.js
// counts each run of one process on its own; this runs the same child with V8's perf map
// (--perf-basic-prof), names the JIT code through the map, and prints the mean over runs
// LO..HI-1 per function and per kind (optimized JavaScript, V8's compiler, the collector,
// builtins such as the write barrier). Needs valgrind; about 10 minutes per launch at 25,600.
//
//   node scripts/revoffload-profile.mjs [--rev|--dev] [--size N] [--runs LO,HI]
//     [--top K] [--dist DIR] [--node-flags "--predictable-gc-schedule ..."]
//
// Code V8 moves or frees leaves stale lines in the map; a function is named by the entry
// that holds its address and was written last, so a few names may be wrong. Costs of
// inlined functions are their caller's.

import { mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { callgrindRuns } from "../bench/revoffload-instr.js";

const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : def;
};
const rev = !argv.includes("--dev");
const size = Number(opt("--size", "25600"));
// Warm runs (6 to 13): see bench/revoffload-instr.js.
const [lo, hi] = opt("--runs", "6,14").split(",").map(Number);
const top = Number(opt("--top", "40"));
const dist = opt("--dist", null);
const nodeFlags = opt("--node-flags", "").split(" ").filter((f) => f !== "");

/** Runs the child under callgrind (one process, each run dumped on its own:
 *  bench/revoffload-instr.js); returns [the callgrind files of runs lo..hi-1, perf map]. */
function profile(dir) {
  const log = join(dir, "log");
  const files = callgrindRuns(dir, size, rev, hi, { dist, nodeFlags: ["--perf-basic-prof", ...nodeFlags], log });
  const pid = /==(\d+)==/.exec(readFileSync(log, "utf8"))[1];
  const map = join(dir, "map");
  renameSync(`/tmp/perf-${pid}.map`, map);
  return [files.slice(lo), map];
}

/** Self cost per function name (JIT code named through the perf map). */
function costs(file, mapFile) {
  const ents = readFileSync(mapFile, "utf8").split("\n").filter((l) => l !== "").map((l) => {
    const [a, s, ...name] = l.split(" ");
    return { start: parseInt(a, 16), end: parseInt(a, 16) + parseInt(s, 16), name: name.join(" ") };
  });
  ents.sort((x, y) => x.start - y.start);
  const lookup = (addr) => {
    let l = 0;
    let h = ents.length;
    while (l < h) {
      const m = (l + h) >> 1;
      if (ents[m].start <= addr) l = m + 1;
      else h = m;
    }
    for (let i = l - 1; i >= 0 && i >= l - 30; i--) if (ents[i].start <= addr && addr < ents[i].end) return ents[i].name;
    return null;
  };
  const names = new Map();
  const name = (line, key) => {
    const m = new RegExp(`^${key}=\\((\\d+)\\)(?: (.*))?`).exec(line);
    if (m === null) return line.slice(key.length + 1);
    if (m[2] !== undefined) names.set(m[1], m[2]);
    return names.get(m[1]);
  };
  const out = new Map();
  let cur = null;
  let inCall = false;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.startsWith("fn=")) {
      cur = name(line, "fn");
      inCall = false;
    } else if (line.startsWith("cfn=")) name(line, "cfn");
    else if (line.startsWith("calls=")) inCall = true;
    else if (/^[0-9+\-*]/.test(line)) {
      if (inCall) {
        inCall = false; // the call's inclusive cost: not this function's own
        continue;
      }
      const parts = line.split(" ");
      if (parts.length < 2 || cur === null) continue;
      out.set(cur, (out.get(cur) ?? 0) + Number(parts[1]));
    }
  }
  const named = new Map();
  for (const [fn, c] of out) {
    const m = /^0x([0-9a-f]+)$/.exec(fn);
    const n = m === null ? fn : `JIT ${(lookup(parseInt(m[1], 16)) ?? "?").replace(/file:\/\/\/\S*?\/dist\//, "")}`;
    named.set(n, (named.get(n) ?? 0) + c);
  }
  return named;
}

const kind = (fn) =>
  fn.startsWith("JIT ") ? "optimized and baseline JavaScript" :
  fn.startsWith("Builtins_RecordWrite") ? "write barrier (Builtins_RecordWrite*)" :
  fn.startsWith("Builtins_") ? "other builtins (interpreter, ICs, ...)" :
  fn.includes("compiler::") ? "V8's optimizing compiler" :
  /Scaveng|MarkCompact|Sweep|Marking|Heap::|Evacuat|ArrayBufferSweeper|MemoryChunk|RememberedSet|SlotSet|Mark|IteratePointers|BodyDescriptor/.test(fn) ? "the collector" :
  "other (libc, V8's runtime, ...)";

const dir = mkdtempSync(join(tmpdir(), "revprof-"));
try {
  const [files, map] = profile(dir);
  const d = new Map();
  for (const f of files) for (const [k, v] of costs(f, map)) d.set(k, (d.get(k) ?? 0) + v / files.length);
  const byKind = new Map();
  for (const [k, v] of d) byKind.set(kind(k), (byKind.get(kind(k)) ?? 0) + v);
  const M = (v) => `${(v / 1e6).toFixed(1).padStart(8)} M`;
  const lines = [`${rev ? "reverse offload" : "device call"} at ${size} requests: instructions per run (mean of runs ${lo} to ${hi - 1} of one process, callgrind, node --predictable ${nodeFlags.join(" ")})`, ""];
  for (const [k, v] of [...byKind].sort((x, y) => y[1] - x[1])) lines.push(`${M(v)}  ${k}`);
  lines.push(`${M([...d.values()].reduce((x, y) => x + y, 0))}  total`, "");
  for (const [k, v] of [...d].sort((x, y) => y[1] - x[1]).slice(0, top)) lines.push(`${M(v)}  ${(v / size).toFixed(0).padStart(6)} per request  ${k.slice(0, 110)}`);
  process.stdout.write(lines.join("\n") + "\n");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
