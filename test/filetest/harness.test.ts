// Unit tests of the filetest harness itself: the file format, splicing, the diff, bless modes.

import { afterAll, describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { diffLines, unifiedDiff } from "../../src/passes/textdiff.js";
import { parseFiletest, renderSection, spliceSection } from "../../src/tools/filetest/format.js";
import { blessMode, findFiletests, runFiletest } from "../../src/tools/filetest/harness.js";
import { FiletestFailure, expectedErrors, kinds } from "../../src/tools/filetest/kinds.js";

describe("file format", () => {
  const file = [
    "; test cat",
    ";; a note between test lines",
    "; test opt inline,simplify   --x",
    "",
    "host @main() -> i32 {",
    "^entry:",
    "  ret 0",
    "}",
    "; ----- cat",
    "; line one",
    ";; a note inside a section",
    ";",
    "; ; not a note",
    ";",
    "",
    "; ----- opt  inline,simplify --x",
    "; out",
    "",
  ].join("\n");

  test("test lines, input and sections", () => {
    const ft = parseFiletest(file);
    expect(ft.tests.map((t) => [t.kind, t.options, t.key, t.line])).toEqual([
      ["cat", [], "cat", 1],
      ["opt", ["inline,simplify", "--x"], "opt inline,simplify --x", 3],
    ]);
    expect(ft.input).toBe(file.split("; ----- cat")[0]);
    expect(ft.sections).toEqual([
      { key: "cat", line: 9, expected: "line one\n\n; not a note\n" },
      { key: "opt inline,simplify --x", line: 16, expected: "out" },
    ]);
    expect(ft.problems).toEqual([]);
  });

  test("the input keeps the file's line numbers", () => {
    const ft = parseFiletest(file);
    expect(ft.input.split("\n")[6]).toBe("  ret 0");
  });

  test("test lines end at the first line of the module", () => {
    const ft = parseFiletest("; test cat\nhost @f() {\n; test verifier\n");
    expect(ft.tests.map((t) => t.kind)).toEqual(["cat"]);
  });

  test("a file without sections is all input", () => {
    const ft = parseFiletest("; test cat\nx\n");
    expect(ft.input).toBe("; test cat\nx\n");
    expect(ft.sections).toEqual([]);
  });

  test("junk after the first header is reported", () => {
    const ft = parseFiletest("; test cat\nx\n; ----- cat\n; a\nret 0\n");
    expect(ft.problems).toHaveLength(1);
    expect(ft.problems[0]).toContain("line 5");
  });

  test("render and parse are inverse", () => {
    for (const out of ["", "a", "a\n", "a\n\nb\n", "; x\n;; y\n", "  indented\n\n\n"]) {
      const text = "; test cat\nbody\n" + renderSection("cat", out);
      expect(parseFiletest(text).sections[0]!.expected).toBe(out);
    }
  });

  test("an output line that looks like a header is refused", () => {
    expect(() => renderSection("cat", "----- cat\n")).toThrow(/section header/);
  });
});

describe("splicing", () => {
  test("adds a missing section after the input", () => {
    const out = spliceSection("; test cat\nbody\n\n\n", "cat", "x\n");
    expect(out).toBe("; test cat\nbody\n\n; ----- cat\n; x\n;\n");
  });

  test("replaces only its own section, keeps test-line order, drops stale ones", () => {
    const text = "; test a\n; test b\nbody\n; ----- b\n; old b\n; ----- zzz\n; stale\n; ----- a\n; keep a\n";
    const out = spliceSection(text, "b", "new b");
    expect(out).toBe("; test a\n; test b\nbody\n\n; ----- a\n; keep a\n; ----- b\n; new b\n");
  });

  test("is idempotent", () => {
    const once = spliceSection("; test cat\nbody\n", "cat", "a\n\nb\n");
    expect(spliceSection(once, "cat", "a\n\nb\n")).toBe(once);
  });

  test("keeps the input byte for byte", () => {
    const input = "; test cat\n  host   @f ;; odd spacing\n\n; comment\nend";
    const out = spliceSection(input, "cat", "y");
    expect(parseFiletest(out).input.startsWith(input)).toBe(true);
  });
});

describe("diff", () => {
  test("an LCS edit script", () => {
    const e = diffLines(["a", "b", "c"], ["a", "x", "c", "d"]);
    expect(e.map((x) => x.op + x.line)).toEqual([" a", "-b", "+x", " c", "+d"]);
  });

  test("equal texts give no diff", () => {
    expect(unifiedDiff("a\nb", "a\nb")).toBe("");
  });

  test("unified hunks with context and line ranges", () => {
    const a = Array.from({ length: 20 }, (_, i) => `l${i + 1}`);
    const b = [...a];
    b[4] = "L5";
    b.splice(15, 1);
    const d = unifiedDiff(a.join("\n"), b.join("\n"), ["expected", "actual"]).trimEnd();
    expect(d.split("\n")).toEqual([
      "--- expected",
      "+++ actual",
      "@@ -2,7 +2,7 @@",
      " l2", " l3", " l4", "-l5", "+L5", " l6", " l7", " l8",
      "@@ -13,7 +13,6 @@",
      " l13", " l14", " l15", "-l16", " l17", " l18", " l19",
    ]);
  });

  test("nearby changes share a hunk", () => {
    const d = unifiedDiff("a\nb\nc\nd\ne", "A\nb\nc\nd\nE").trimEnd();
    expect(d.split("\n").filter((l) => l.startsWith("@@"))).toEqual(["@@ -1,5 +1,5 @@"]);
  });

  test("insertion into an empty text", () => {
    expect(unifiedDiff("", "x").trimEnd().split("\n").slice(2)).toEqual(["@@ -1,1 +1,1 @@", "-", "+x"]);
  });
});

describe("bless modes", () => {
  test("CI and --ci never write; -u and BLESS=1 rewrite; otherwise only new sections", () => {
    expect(blessMode({}, "new")).toBe("new");
    expect(blessMode({}, undefined)).toBe("new");
    expect(blessMode({}, "all")).toBe("all");
    expect(blessMode({ BLESS: "1" }, "new")).toBe("all");
    expect(blessMode({ BLESS: "0" }, "new")).toBe("new");
    expect(blessMode({}, "none")).toBe("none");
    expect(blessMode({ CI: "true" }, "all")).toBe("none");
    expect(blessMode({ CI: "true", BLESS: "1" }, "new")).toBe("none");
    expect(blessMode({ CI: "false" }, "new")).toBe("new");
  });
});

describe("expected verifier errors", () => {
  test("one or more annotations per line, with an optional column", () => {
    const input = "a\n  %x = add i32 %y, 1 ; error: unknown value ; error@3: second\nb ;; note\n";
    expect(expectedErrors(input)).toEqual([
      { line: 2, col: null, substring: "unknown value" },
      { line: 2, col: 3, substring: "second" },
    ]);
  });
});

describe("runFiletest", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-filetest-"));
  kinds["upper-for-test"] = (input) => input.split("\n").filter((l) => !l.startsWith(";")).join("\n").toUpperCase();
  afterAll(() => {
    delete kinds["upper-for-test"];
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
  const read = (name: string) => fs.readFileSync(path.join(dir, name), "utf8");
  const line = (text: string) => parseFiletest(text).tests[0]!;

  test("finds .oir files recursively, sorted", () => {
    fs.mkdirSync(path.join(dir, "sub"), { recursive: true });
    write("sub/b.oir", "");
    write("a.oir", "");
    write("c.txt", "");
    expect(findFiletests(dir, dir)).toEqual(["a.oir", "sub/b.oir"]);
  });

  test("new mode writes a missing section, then passes", async () => {
    const text = "; test upper-for-test\nabc\n";
    write("n.oir", text);
    expect(await runFiletest(dir, "n.oir", line(text), "new")).toBe("written");
    expect(read("n.oir")).toBe("; test upper-for-test\nabc\n\n; ----- upper-for-test\n; ABC\n;\n");
    expect(await runFiletest(dir, "n.oir", line(text), "none")).toBe("passed");
  });

  test("CI mode fails on a missing section and never writes", async () => {
    const text = "; test upper-for-test\nabc\n";
    write("ci.oir", text);
    await expect(runFiletest(dir, "ci.oir", line(text), "none")).rejects.toThrow(/no expectation section/);
    expect(read("ci.oir")).toBe(text);
  });

  test("a mismatch fails with a diff and the bless hint; all mode rewrites", async () => {
    const text = "; test upper-for-test\nabc\n; ----- upper-for-test\n; ABD\n;\n";
    write("m.oir", text);
    const err = await runFiletest(dir, "m.oir", line(text), "new").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FiletestFailure);
    expect((err as Error).message).toContain("-ABD\n+ABC");
    expect((err as Error).message).toContain("npm test -- -u");
    expect(read("m.oir")).toBe(text);
    expect(await runFiletest(dir, "m.oir", line(text), "all")).toBe("written");
    expect(parseFiletest(read("m.oir")).sections[0]!.expected).toBe("ABC\n");
  });

  test("an unknown kind names the known ones", async () => {
    const text = "; test nosuchkind\nx\n";
    write("u.oir", text);
    await expect(runFiletest(dir, "u.oir", line(text), "none")).rejects.toThrow(/unknown test kind 'nosuchkind' \(known: .*cat/);
  });
});
