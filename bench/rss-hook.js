// Preloaded by bench/compile.js (`node --import`): on exit, writes the process's peak RSS
// (kB) to $OMPIR_RSS_FILE, so the bench learns it without /usr/bin/time.
import * as fs from "node:fs";
const out = process.env.OMPIR_RSS_FILE;
if (out) process.on("exit", () => fs.writeFileSync(out, String(process.resourceUsage().maxRSS)));
