// docs/REMARKS.md lists every remark id the sources emit, and no other: each
// `remark(kind, pass, "ID", …)` call under src/ against the table's first column.

import { expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}

function emittedIds(): Set<string> {
  const ids = new Set<string>();
  const call = /\bremark\(\s*"(?:passed|missed|analysis)",\s*[^,]+,\s*"([^"]+)"/g;
  for (const file of sources(path.join(root, "src"))) {
    for (const m of fs.readFileSync(file, "utf8").matchAll(call)) ids.add(m[1]!);
  }
  return ids;
}

function documentedIds(): Set<string> {
  const doc = fs.readFileSync(path.join(root, "docs/REMARKS.md"), "utf8");
  const section = doc.slice(doc.indexOf("## Every remark ompir emits"));
  const ids = new Set<string>();
  for (const line of section.split("\n")) {
    const m = /^\| `([^`]+)` \|/.exec(line);
    if (m) ids.add(m[1]!);
  }
  return ids;
}

test("the sources emit remarks (the pattern still matches them)", () => {
  expect(emittedIds().size).toBeGreaterThan(20);
});

test("docs/REMARKS.md lists every remark id the sources emit, and no other", () => {
  const emitted = [...emittedIds()].sort();
  const documented = [...documentedIds()].sort();
  expect(documented).toEqual(emitted);
});
