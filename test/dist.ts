// dist/ (and the CLI bundle) for the tests that run the built command (a real process, the fuzz
// worker pool): built by scripts/build.mjs, the same build as `npm run build` and `prepare`,
// which does nothing when dist/ was built from today's inputs (it stamps their hash into
// dist/). A lock directory keeps two Jest workers from building at once. A failed build
// throws: the asking test fails, never skips.

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const lockDir = path.join(root, "dist.lock");
let done = false;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Builds dist/ unless it was built from today's sources; returns the repository root. */
export function ensureDist(): string {
  if (done) return root; // once per suite: the sources do not change under a test run
  for (let waited = 0; ; waited += 100) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch {
      if (waited > 300_000) throw new Error(`dist/ lock ${lockDir} held for 5 minutes: remove it if no test run is building`);
      sleep(100);
    }
  }
  try {
    const r = spawnSync(process.execPath, [path.join(root, "scripts/build.mjs")], { cwd: root, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`building dist/ failed (node scripts/build.mjs, status ${r.status}):\n${r.stdout}${r.stderr}${r.error ?? ""}`);
    done = true;
    return root;
  } finally {
    fs.rmdirSync(lockDir);
  }
}
