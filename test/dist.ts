// dist/ (and the CLI bundle) for the tests that run the built command (a real process, the fuzz worker pool):
// built at most once per change of its inputs, whichever suite asks first. The inputs'
// hash is stamped into dist/ after a successful build; a suite that finds the stamp equal
// to the hash of today's inputs uses dist/ as it is. A lock directory keeps two Jest
// workers from building at once. A failed build throws: the asking test fails, never skips.

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stampFile = path.join(root, "dist", ".inputs-hash");
const lockDir = path.join(root, "dist.lock");

function walk(dir: string, out: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
}

/** The hash of what the build reads: src/, the configurations, and the CLI bundle's scripts and loader. */
export function distInputsHash(): string {
  const files: string[] = [];
  walk(path.join(root, "src"), files);
  files.sort();
  const h = createHash("sha256");
  const build = ["tsconfig.build.json", "tsconfig.json", "scripts/bundle-cli.mjs", "scripts/warm-cli-cache.mjs", "bin/cli-loader.js"];
  for (const f of [...files, ...build.map((b) => path.join(root, b))]) {
    h.update(path.relative(root, f)).update("\0").update(fs.readFileSync(f)).update("\0");
  }
  return h.digest("hex");
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Builds dist/ unless it was built from today's sources; returns the repository root. */
export function ensureDist(): string {
  const want = distInputsHash();
  const current = () => (fs.existsSync(stampFile) ? fs.readFileSync(stampFile, "utf8") : "");
  if (current() === want) return root;
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
    if (current() === want) return root; // another worker built it meanwhile
    fs.rmSync(stampFile, { force: true });
    const r = spawnSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: root, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`building dist/ failed (tsc -p tsconfig.build.json, status ${r.status}):\n${r.stdout}${r.stderr}${r.error ?? ""}`);
    // The CLI bundle too, as `npm run build` does: otherwise bin/ompir.js finds it older than
    // dist/ and falls back to the slower unbundled start until the next build.
    const b = spawnSync(process.execPath, [path.join(root, "scripts/bundle-cli.mjs")], { cwd: root, encoding: "utf8" });
    if (b.status !== 0) throw new Error(`bundling the CLI failed (scripts/bundle-cli.mjs, status ${b.status}):\n${b.stdout}${b.stderr}${b.error ?? ""}`);
    fs.writeFileSync(stampFile, want);
    return root;
  } finally {
    fs.rmdirSync(lockDir);
  }
}
