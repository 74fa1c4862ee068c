// Preloaded by bench/compile.js (`node --import`): on exit, writes the process's peak RSS
// (kB) and CPU time (user + system, all threads, µs) to $OMPIR_RSS_FILE as `rss cpu`, so the
// bench learns them without /usr/bin/time. CPU time is what to compare on a busy machine,
// where wall time mostly measures the other processes.
import * as fs from "node:fs";
const out = process.env.OMPIR_RSS_FILE;
if (out) {
  process.on("exit", () => {
    const r = process.resourceUsage();
    fs.writeFileSync(out, `${r.maxRSS} ${r.userCPUTime + r.systemCPUTime}`);
  });
}
