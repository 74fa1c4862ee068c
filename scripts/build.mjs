// Builds dist/ (tsc, then the command's bundle, scripts/bundle-cli.mjs) and, with --playground,
// dist/playground (playground/build.mjs), each only when what it is built from changed since
// it was last built: a hash of the inputs is stamped into the output after a successful build.
// `npm run build`, the `prepare` script and the tests' test/dist.ts all come here, so that a
// second `prepare` (npx installing this package as a link into its cache runs it once per
// checkout) does not rewrite dist/ under a command or a test that is reading it.
//
//   node scripts/build.mjs [--playground] [--force]
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
for (const a of args) {
  if (a !== "--playground" && a !== "--force") {
    process.stderr.write(`build: unknown option '${a}' (expected --playground, --force)\n`);
    process.exit(2);
  }
}
const force = args.includes("--force");

function walk(dir, out) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

function hash(files) {
  const h = createHash("sha256");
  for (const f of files) h.update(path.relative(root, f)).update("\0").update(fs.readFileSync(f)).update("\0");
  return h.digest("hex");
}

const DIST_INPUTS = ["tsconfig.build.json", "tsconfig.json", "scripts/bundle-cli.mjs", "scripts/warm-cli-cache.mjs", "bin/cli-loader.js"];
const distFiles = () => [...walk(path.join(root, "src"), []).sort(), ...DIST_INPUTS.map((f) => path.join(root, f))];
const playgroundFiles = () => [...distFiles(), ...walk(path.join(root, "playground"), []).sort()];

function node(script, ...rest) {
  const r = spawnSync(process.execPath, [script, ...rest], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    process.stderr.write(`build: ${path.relative(root, script)} ${rest.join(" ")} failed (status ${r.status})\n`);
    process.exit(1);
  }
}

/** Runs `steps` unless `stamp` holds the hash of `files`; stamps it after they succeed. */
function step(stamp, files, steps) {
  const want = hash(files());
  if (!force && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === want) return;
  fs.rmSync(stamp, { force: true });
  steps();
  fs.writeFileSync(stamp, want);
}

step(path.join(root, "dist", ".inputs-hash"), distFiles, () => {
  node(path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json");
  node(path.join(root, "scripts", "bundle-cli.mjs"));
});
if (args.includes("--playground")) {
  step(path.join(root, "dist", "playground", ".inputs-hash"), playgroundFiles, () => node(path.join(root, "playground", "build.mjs"), "--quiet"));
}
