// The `; test run` copies of the examples (test/filetests/run/) hold each example verbatim,
// and every example has one.
import { expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const read = (rel: string): string => fs.readFileSync(path.join(root, rel), "utf8");
const examples = fs.readdirSync(path.join(root, "examples")).filter((n) => n.endsWith(".oir")).sort();

test.each(examples)("examples/%s has an up-to-date run filetest", (name) => {
  const text = read(`examples/${name}`);
  const golden = path.join(root, "test/filetests/run", name);
  expect(fs.existsSync(golden)).toBe(true);
  const body = read(`test/filetests/run/${name}`);
  const start = body.indexOf("\n\n") + 2;
  const end = body.indexOf("\n; ----- run");
  expect(body.slice(start, end).trimEnd()).toBe(text.trimEnd());
});
