// Runs every golden filetest: one Jest test per (file, `; test` line) under test/filetests/.
// The harness is src/tools/filetest/ (format.ts: the file format; harness.ts: blessing;
// kinds.ts: the kinds), shared with `ompir test FILE.oir...` (src/cli/test.ts).

import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseFiletest } from "../src/tools/filetest/format.js";
import { blessMode, findFiletests, runFiletest } from "../src/tools/filetest/harness.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const files = findFiletests(path.join(root, "test", "filetests"), root);

function mode() {
  const state = (expect.getState() as { snapshotState?: { _updateSnapshot?: string } }).snapshotState;
  return blessMode(process.env, state?._updateSnapshot);
}

test("the filetest tree is not empty", () => {
  expect(files.length).toBeGreaterThan(0);
});

for (const rel of files) {
  const { tests } = parseFiletest(fs.readFileSync(path.join(root, rel), "utf8"));
  describe(rel, () => {
    if (tests.length === 0) {
      test("has a '; test <kind>' line", () => {
        throw new Error(`${rel}: no '; test <kind> [options]' line at the top of the file`);
      });
    }
    for (const t of tests) {
      // A C file's first compilation loads the parser (WebAssembly): on a busy machine that
      // alone can pass Jest's default 5 s.
      test(t.key, async () => {
        await runFiletest(root, rel, t, mode());
      }, 60_000);
    }
  });
}
