// The command's bundle runs with V8's code cache written at build time (bin/cli-loader.js,
// scripts/warm-cli-cache.mjs). With or without the cache, and with a cache that is corrupt,
// cut short, or made for another build of the bundle, the commands give the same output; a
// bad cache is never used and never an error.

import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ensureDist } from "../dist.js";

let root = "";
const work = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-code-cache-"));
/** A copy of the installed command whose cache a test may break: bin/, dist/ (times kept), package.json. */
const copy = path.join(work, "pkg");

const COMMANDS: string[][] = [
  ["check", "examples/saxpy.oir"],
  ["opt", "-O", "--remarks", "examples/helpers.oir"],
  ["opt", "-O", "--guard-scheme=mask", "examples/generic_global_store.oir"],
  ["fmt", "examples/timestep.oir"],
  ["run", "examples/saxpy.oir"],
  ["cc", "examples/c/saxpy.c"],
  ["check", "test/filetests/verifier/does-not-exist.oir"],
];

function run(bin: string, args: string[]): string {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });
  return `status ${r.status}\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

/** Whether the copy's loader finds a fresh bundle and whether V8 took its cache. */
function loaderState(): { bundle: boolean; cache: boolean } {
  const loader = path.join(copy, "bin", "cli-loader.js");
  const js = `const m = await import(${JSON.stringify(loader)}); m.setFlags(); const b = m.loadBundle(); console.log(JSON.stringify({ bundle: b !== null, cache: b?.cache ?? false }));`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", js], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { bundle: boolean; cache: boolean };
}

const cacheFile = () => path.join(copy, "dist", "cli-bundle", "main.cjs.cache");
const bundleFile = () => path.join(copy, "dist", "cli-bundle", "main.cjs");
let goodCache: Buffer;
let expected: string[] = [];

beforeAll(() => {
  root = ensureDist();
  fs.mkdirSync(copy);
  fs.cpSync(path.join(root, "bin"), path.join(copy, "bin"), { recursive: true, preserveTimestamps: true });
  fs.cpSync(path.join(root, "dist"), path.join(copy, "dist"), { recursive: true, preserveTimestamps: true });
  fs.copyFileSync(path.join(root, "package.json"), path.join(copy, "package.json"));
  fs.symlinkSync(path.join(root, "node_modules"), path.join(copy, "node_modules"), "dir");
  goodCache = fs.readFileSync(cacheFile());
  // The unbundled command (dist/cli) is the reference.
  expected = COMMANDS.map((c) => {
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", `const { main } = await import(${JSON.stringify(path.join(root, "dist/cli/main.js"))}); process.exitCode = await main(${JSON.stringify(c)});`], { cwd: root, encoding: "utf8" });
    return `status ${r.status}\n${r.stdout}\n--- stderr\n${r.stderr}`;
  });
}, 300_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function restore(): void {
  fs.writeFileSync(cacheFile(), goodCache);
}

describe("the CLI bundle's code cache", () => {
  test("the build writes it and V8 takes it", () => {
    expect(loaderState()).toEqual({ bundle: true, cache: true });
  });

  test.each([
    ["with the cache", () => {}, true],
    ["without a cache", () => fs.rmSync(cacheFile()), false],
    ["with a corrupt cache", () => { const b = Buffer.from(goodCache); for (let i = 40; i < b.length; i += 97) b[i] ^= 0x5a; fs.writeFileSync(cacheFile(), b); }, false],
    // V8 does not check a code cache's payload unless told to, and crashes on a bad one.
    ["with one bit of the cache's payload flipped", () => { const b = Buffer.from(goodCache); b[b.length - 100]! ^= 1; fs.writeFileSync(cacheFile(), b); }, false],
    ["with a cache cut short", () => fs.writeFileSync(cacheFile(), goodCache.subarray(0, goodCache.length >> 1)), false],
    ["with an empty cache", () => fs.writeFileSync(cacheFile(), ""), false],
  ])("%s the commands give the unbundled command's output", (_name, breakIt, cache) => {
    try {
      breakIt();
      if (!cache) expect(loaderState()).toEqual({ bundle: true, cache: false });
      const bin = path.join(copy, "bin", "ompir.js");
      COMMANDS.forEach((c, i) => expect(run(bin, c)).toBe(expected[i]));
    } finally {
      restore();
    }
  }, 120_000);

  test("a cache made for another build of the bundle is not used, even when V8 would take it", () => {
    // The same length with other code: V8 checks only the length and would run the old code.
    const text = fs.readFileSync(bundleFile(), "utf8");
    const at = text.indexOf("// dist/cli/main.js");
    expect(at).toBeGreaterThan(0);
    const body = text.slice(text.indexOf("\n") + 1);
    const other = body.replace("// dist/cli/main.js", "// dist/cli/main.jz");
    const tag = "// ompir-cli-build " + "0".repeat(32) + "\n";
    const mtime = fs.statSync(bundleFile()).mtime;
    try {
      fs.writeFileSync(bundleFile(), tag + other);
      fs.utimesSync(bundleFile(), mtime, mtime);
      expect(loaderState()).toEqual({ bundle: true, cache: false });
      expect(run(path.join(copy, "bin", "ompir.js"), COMMANDS[1]!)).toBe(expected[1]);
    } finally {
      fs.writeFileSync(bundleFile(), text);
      fs.utimesSync(bundleFile(), mtime, mtime);
    }
  }, 60_000);
});
