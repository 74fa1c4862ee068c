// Bundles the built command (dist/cli/main.js and what it imports) into one CommonJS script,
// dist/cli-bundle/main.cjs, with esbuild, so that `ompir` starts by loading one file instead of
// about seventy, and chevrotain as its single-file build (lib/chevrotain.mjs) without a module
// resolve hook (register() starts a loader thread that every import then waits on). CommonJS
// because bin/cli-loader.js runs it through vm.Script with V8's code cache (main.cjs.cache,
// written here by scripts/warm-cli-cache.mjs after a warm-up run): Node 20 has no compile cache
// for ES modules. The lazily loaded commands and front ends are evaluated on first use
// (esbuild's lazy module initialisers), and functions are compiled on first call as before.
// Every package but chevrotain and `diff` stays a require() of the installed package. The
// bundle sits at the same depth as dist/cli, so the paths it computes from import.meta.url
// (package.json, dist/playground, the C grammar; __filename's URL here) are the same.
//
// bin/ompir.js uses the bundle only while it is newer than every file of dist/ it was built
// from (inputs.json, written last); otherwise, after a plain `tsc -p tsconfig.build.json`, it
// runs dist/cli/main.js as before.
//
//   node scripts/bundle-cli.mjs        (part of `npm run build`)
import * as esbuild from "esbuild";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { BUILD_TAG } from "../bin/cli-loader.js";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const out = path.join(root, "dist", "cli-bundle");
const require = createRequire(import.meta.url);
// The package's entry is lib/src/api.js (a few hundred modules); the same release built
// into one file sits at lib/chevrotain.mjs. Its `exports` hide that path, so it is found
// from the entry's location.
const chevrotain = path.join(path.dirname(require.resolve("chevrotain")), "..", "chevrotain.mjs");
// The ES build of `diff` (its `import` condition; require.resolve would give the CommonJS one).
const diffEntry = path.join(path.dirname(require.resolve("diff/package.json")), "libesm", "index.js");

fs.rmSync(out, { recursive: true, force: true });
const r = await esbuild.build({
  absWorkingDir: root,
  entryPoints: [path.join(root, "dist", "cli", "main.js")],
  bundle: true,
  write: false,
  format: "cjs",
  // The CommonJS wrapper has __filename where an ES module has import.meta.url.
  define: { "import.meta.url": "__ompir_import_meta_url" },
  banner: { js: 'var __ompir_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  platform: "node",
  target: "node20",
  metafile: true,
  outfile: path.join(out, "main.cjs"),
  logLevel: "warning",
  plugins: [
    {
      name: "packages",
      setup(b) {
        b.onResolve({ filter: /^chevrotain$/ }, () => ({ path: chevrotain }));
        // `diff` (text diffs of --print-changed) is some twenty small ES modules that every
        // `opt` would resolve and load one by one (about 10 ms): bundled, it is parsed lazily.
        b.onResolve({ filter: /^diff$/ }, () => ({ path: diffEntry }));
        b.onResolve({ filter: /^[^./]/ }, (a) => ({ path: a.path, external: true }));
      },
    },
  ],
});
// The first line names the build (a hash of the rest): the code cache is taken only for it.
const code = r.outputFiles[0].text;
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, "main.cjs"), `${BUILD_TAG}${createHash("sha256").update(code).digest("hex").slice(0, 32)}\n${code}`);
// Our own files only: the packages are pinned, and their paths differ where the package is installed.
const inputs = Object.keys(r.metafile.inputs).filter((f) => !f.includes("node_modules")).map((f) => path.relative(out, path.resolve(root, f)));
fs.writeFileSync(path.join(out, "inputs.json"), JSON.stringify(inputs) + "\n");
// The code cache, from a warm-up run in a process of its own (the command's V8 flags).
const w = spawnSync(process.execPath, [path.join(root, "scripts", "warm-cli-cache.mjs")], { cwd: root, encoding: "utf8" });
if (w.status !== 0) throw new Error(`warming the CLI's code cache failed (status ${w.status}):\n${w.stdout}${w.stderr}${w.error ?? ""}`);
