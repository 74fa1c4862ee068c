// Writes dist/cli-bundle/main.cjs.cache, V8's code cache for the command's bundle (see
// bin/cli-loader.js), after running the bundle once on a small module of the six kernel
// shapes: the cache then holds the functions a command compiled on the way (reading,
// checking, the -O passes, printing), not only the bundle's top level. Run by
// scripts/bundle-cli.mjs, in a process of its own with the command's V8 flags.
//
//   node scripts/warm-cli-cache.mjs
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BUILD_TAG, cacheFile, loadBundle, setFlags } from "../bin/cli-loader.js";
import { generate } from "../bench/shapes.js";

setFlags();
const b = loadBundle({ useCache: false });
if (b === null || b.build === null) throw new Error(`no fresh dist/cli-bundle/main.cjs with a ${BUILD_TAG.trim()} line: run scripts/bundle-cli.mjs`);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-warm-"));
try {
  const input = path.join(dir, "k.oir");
  fs.writeFileSync(input, generate(24));
  for (const args of [["check", input], ["opt", "-O", input, "-o", path.join(dir, "out.oir")]]) {
    const status = await b.exports.main(args);
    if (status !== 0) throw new Error(`ompir ${args.join(" ")}: exit status ${status}`);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
fs.writeFileSync(cacheFile, Buffer.concat([Buffer.from(b.build + "\n"), b.script.createCachedData()]));
