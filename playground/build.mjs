// Builds the playground into a static folder (default dist/playground): index.html, the page's
// and the worker's bundles (esbuild), the stylesheet and the two WebAssembly files the C front
// end loads (web-tree-sitter's runtime and the tree-sitter-c grammar). No file refers to
// another host, so the folder works from any static server and offline.
//
//   node playground/build.mjs [--out DIR] [--no-minify]
import * as esbuild from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const args = process.argv.slice(2);
const outIndex = args.indexOf("--out");
const out = path.resolve(outIndex >= 0 ? args[outIndex + 1] : path.join(root, "dist", "playground"));
const minify = !args.includes("--no-minify");
const require = createRequire(import.meta.url);

/** The examples menu: every examples/*.oir and examples/c/*.c, by name. */
function examples() {
  const list = [];
  for (const [dir, lang] of [["examples", "oir"], ["examples/c", "c"]]) {
    for (const f of readdirSync(path.join(root, dir)).sort()) {
      if (f.endsWith(`.${lang}`)) list.push({ name: f, lang, text: readFileSync(path.join(root, dir, f), "utf8") });
    }
  }
  return list;
}

const plugins = [
  {
    name: "playground",
    setup(b) {
      b.onResolve({ filter: /^playground:examples$/ }, () => ({ path: "examples", namespace: "playground" }));
      b.onLoad({ filter: /^examples$/, namespace: "playground" }, () => ({ contents: JSON.stringify(examples()), loader: "json" }));
      // The C front end finds the grammar with createRequire(...).resolve (Node); in the
      // worker the .wasm files sit beside the bundle.
      b.onResolve({ filter: /^node:module$/ }, () => ({ path: "node-module", namespace: "playground" }));
      b.onLoad({ filter: /^node-module$/, namespace: "playground" }, () => ({
        contents: "export function createRequire() { return { resolve: (s) => new URL(s.split('/').pop(), import.meta.url).href }; }",
        loader: "js",
      }));
    },
  },
];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const result = await esbuild.build({
  entryPoints: { main: path.join(here, "src", "main.ts"), worker: path.join(here, "src", "worker.ts") },
  outdir: out,
  bundle: true,
  format: "esm",
  // The page and both workers share chunks; Graphviz is its own, loaded on first use.
  splitting: true,
  chunkNames: "chunk-[hash]",
  platform: "browser",
  target: "es2022",
  minify,
  legalComments: "linked",
  metafile: true,
  logLevel: "warning",
  // web-tree-sitter reaches for these only under Node.
  external: ["fs", "fs/promises", "module", "path", "url"],
  plugins,
});
copyFileSync(path.join(here, "index.html"), path.join(out, "index.html"));
copyFileSync(path.join(here, "style.css"), path.join(out, "style.css"));
copyFileSync(require.resolve("web-tree-sitter/tree-sitter.wasm"), path.join(out, "tree-sitter.wasm"));
copyFileSync(require.resolve("tree-sitter-c/tree-sitter-c.wasm"), path.join(out, "tree-sitter-c.wasm"));
const sizes = Object.entries(result.metafile.outputs).map(([f, o]) => `${path.basename(f)} ${(o.bytes / 1024).toFixed(0)} KiB`);
writeFileSync(path.join(out, "BUILD.txt"), `ompir playground, built by playground/build.mjs\n${sizes.join("\n")}\n`);
if (!args.includes("--quiet")) console.log(`playground: ${path.relative(process.cwd(), out) || "."} (${sizes.join(", ")})`);
