// Every example has an `; test opt -O` golden copy under test/filetests/examples-opt/ whose
// input is the example verbatim. A missing copy is created (and its expectation then
// blessed by the filetest run) unless in CI; a stale input is rewritten under -u/BLESS=1.

import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseFiletest } from "../filetest/format.js";
import { blessMode } from "../filetest/harness.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const names = fs.readdirSync(path.join(root, "examples")).filter((n) => n.endsWith(".oir")).sort();
const dir = path.join(root, "test", "filetests", "examples-opt");

function header(name: string): string {
  return `; test opt -O\n;; The input below is examples/${name} verbatim (test/passes/examples-opt.test.ts keeps them in sync).\n\n`;
}

function mode() {
  const state = (expect.getState() as { snapshotState?: { _updateSnapshot?: string } }).snapshotState;
  return blessMode(process.env, state?._updateSnapshot);
}

describe.each(names)("examples-opt/%s", (name) => {
  test("its `opt -O` golden copy exists and its input is the example verbatim", () => {
    const want = header(name) + fs.readFileSync(path.join(root, "examples", name), "utf8");
    const file = path.join(dir, name);
    const exists = fs.existsSync(file);
    const input = exists ? parseFiletest(fs.readFileSync(file, "utf8")).input : null;
    if (input === want || input === want.replace(/\n+$/, "\n")) return;
    const m = mode();
    if ((!exists && m !== "none") || m === "all") {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(file, want);
      return;
    }
    throw new Error(`test/filetests/examples-opt/${name} is ${exists ? "out of date" : "missing"}; run with BLESS=1 to rewrite it`);
  });
});
