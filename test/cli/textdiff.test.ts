// The unified diff of --print-changed=diff and of filetest mismatches stays proportional to
// the change, not to the function (a Myers diff, not a size-capped LCS table).

import { describe, expect, test } from "@jest/globals";
import { diffLines, unifiedDiff } from "../../src/passes/textdiff.js";

/** A 2,600-line function body, one instruction per line. */
function bigFunction(): string[] {
  const lines = ["kernel @big(%p: ptr) spmd {", "^entry:"];
  for (let i = 0; lines.length < 2599; i++) lines.push(`  %v${i} = add i32 ${i}, 1`);
  lines.push("}");
  return lines;
}

describe("Myers diff", () => {
  test("a 28-line change in a 2,600-line function gives a small diff", () => {
    const a = bigFunction();
    expect(a).toHaveLength(2600);
    const b = [...a];
    // 14 edited lines near the top and 14 near the bottom: the changed middle spans
    // almost the whole function, which the old LCS table gave up on (a 5,000-line diff).
    const edited = [...Array.from({ length: 14 }, (_, i) => 10 + 3 * i), ...Array.from({ length: 14 }, (_, i) => 2550 + 3 * i)];
    for (const i of edited) b[i] = b[i]!.replace("add", "sub");
    const d = unifiedDiff(a.join("\n") + "\n", b.join("\n") + "\n", ["@big before simplify", "@big after simplify"]);
    const body = d.trimEnd().split("\n");
    expect(body.filter((l) => l.startsWith("-") && !l.startsWith("---"))).toHaveLength(28);
    expect(body.filter((l) => l.startsWith("+") && !l.startsWith("+++"))).toHaveLength(28);
    expect(body.filter((l) => l.startsWith("@@"))).toEqual(["@@ -8,46 +8,46 @@", "@@ -2548,46 +2548,46 @@"]);
    expect(body.length).toBe(2 + 2 + 2 * 46 + 28);
  });

  test("deletions come before insertions within a change", () => {
    expect(diffLines(["a", "b", "c"], ["a", "x", "c", "d"]).map((x) => x.op + x.line)).toEqual([" a", "-b", "+x", " c", "+d"]);
    expect(diffLines(["a", "b", "c", "d"], ["x", "y", "c"]).map((x) => x.op + x.line)).toEqual(["-a", "-b", "+x", "+y", " c", "-d"]);
  });

  test("the output is diff -u's", () => {
    expect(unifiedDiff("a\nb\nc\n", "a\nx\nc\n")).toBe("--- before\n+++ after\n@@ -1,3 +1,3 @@\n a\n-b\n+x\n c\n");
    expect(unifiedDiff("", "a\n")).toBe("--- before\n+++ after\n@@ -1,1 +1,1 @@\n-\n+a\n");
  });
});
