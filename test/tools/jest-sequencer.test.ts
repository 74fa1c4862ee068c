// scripts/jest-sequencer.cjs: the longest test files first, from Jest's cache or, on a fresh
// clone, from scripts/test-durations.json.

import { expect, test } from "@jest/globals";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(import.meta.url);
const LongestFirst = require("../../scripts/jest-sequencer.cjs");
const recorded: Record<string, number> = require("../../scripts/test-durations.json").seconds;

// No cache: what a fresh clone sees.
const context = { config: { cache: false } };
const file = (rel: string) => ({ path: path.join(root, rel), context });

test("without Jest's cache, recorded durations order the files, the longest first; unlisted files count as 1 s", () => {
  const order = new LongestFirst({}).sort([
    file("test/ir/loc.test.ts"),
    file("test/c.test.ts"),
    file("test/zz-not-listed.test.ts"),
    file("test/long/cgen-campaign.test.ts"),
    file("test/differential.test.ts"),
  ]).map((t: { path: string }) => path.relative(root, t.path));
  // The listed ones by their recorded seconds, longest first; then the 1-second ones by path.
  const listed = ["test/long/cgen-campaign.test.ts", "test/differential.test.ts", "test/c.test.ts"].sort((a, b) => recorded[b]! - recorded[a]!);
  expect(listed.every((f) => recorded[f]! > 1)).toBe(true);
  expect(order).toEqual([...listed, "test/ir/loc.test.ts", "test/zz-not-listed.test.ts"]);
});

test("every file the durations list names exists (a renamed suite would lose its place)", () => {
  const missing = Object.keys(recorded).filter((rel) => !fs.existsSync(path.join(root, rel)));
  expect(missing).toEqual([]);
});
