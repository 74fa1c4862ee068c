// Bundles the built command (dist/cli/main.js and what it imports) into dist/cli-bundle/
// with esbuild, so that `ompir` starts by loading a few files instead of about seventy, and
// chevrotain as its single-file build (lib/chevrotain.mjs) without a module resolve hook
// (register() starts a loader thread that every import then waits on). The lazily loaded
// commands and front ends stay separate chunks (ESM code splitting). Every package but
// chevrotain and `diff` stays an import of the installed package. The bundle sits at the
// same depth as dist/cli, so the paths it computes from import.meta.url (package.json,
// dist/playground, the C grammar) are the same.
//
// bin/ompir.js uses the bundle only while it is newer than every file of dist/ it was built
// from (inputs.json, written last); otherwise, after a plain `tsc -p tsconfig.build.json`, it
// runs dist/cli/main.js as before.
//
//   node scripts/bundle-cli.mjs        (part of `npm run build`)
import * as esbuild from "esbuild";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

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
  outdir: out,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  metafile: true,
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
// Our own files only: the packages are pinned, and their paths differ where the package is installed.
const inputs = Object.keys(r.metafile.inputs).filter((f) => !f.includes("node_modules")).map((f) => path.relative(out, path.resolve(root, f)));
fs.writeFileSync(path.join(out, "inputs.json"), JSON.stringify(inputs) + "\n");
