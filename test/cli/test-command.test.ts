// `ompir test`: golden filetests without Jest, lit-style output, --bless;
// the same harness code as test/filetests.test.ts (src/tools/filetest/).

import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/main.js";
import { fakeIo } from "./fake-io.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const MAIN = "host @main() -> i32 {\n^entry:\n  ret 3\n}\n";
const GOOD = `; test cat\n; test run\n${MAIN}\n; ----- cat\n; host @main() -> i32 {\n; ^entry:\n;   ret 3\n; }\n;\n; ----- run\n; exit 3\n;\n`;

let dir = "";
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-test-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function ompirTest(args: string[], cwd = dir) {
  const io = Object.assign(fakeIo(), { cwd });
  const code = await main(["test", ...args], io);
  return { code, out: io.out, err: io.err };
}

describe("ompir test", () => {
  test("a passing file: PASS and the summary, exit 0", async () => {
    fs.writeFileSync(path.join(dir, "good.oir"), GOOD);
    expect(await ompirTest(["good.oir"])).toEqual({ code: 0, out: "PASS: good.oir\n1 passed, 0 failed\n", err: "" });
  });

  test("a failing file: FAIL, a unified diff, the summary, exit 1; nothing written", async () => {
    fs.writeFileSync(path.join(dir, "good.oir"), GOOD);
    const bad = GOOD.replace("; exit 3", "; exit 4");
    fs.writeFileSync(path.join(dir, "bad.oir"), bad);
    const r = await ompirTest(["good.oir", "bad.oir"]);
    expect(r).toEqual({
      code: 1,
      err: "",
      out: [
        "PASS: good.oir",
        "FAIL: bad.oir",
        "  bad.oir:14: output of 'run' differs from the expectation",
        "  --- expected",
        "  +++ actual",
        "  @@ -1,1 +1,1 @@",
        "  -exit 4",
        "  +exit 3",
        "",
        "  run `ompir test --bless FILE` to update",
        "1 passed, 1 failed",
        "",
      ].join("\n"),
    });
    expect(fs.readFileSync(path.join(dir, "bad.oir"), "utf8")).toBe(bad);
  });

  test("--bless writes missing and differing sections, then the file passes", async () => {
    fs.writeFileSync(path.join(dir, "new.oir"), `; test cat\n; test run\n${MAIN}`);
    const before = await ompirTest(["new.oir"]);
    expect(before.code).toBe(1);
    expect(before.out).toContain("  new.oir: no expectation section '; ----- cat' (--bless writes it)\n");
    expect(await ompirTest(["--bless", "new.oir"])).toEqual({ code: 0, out: "BLESSED: new.oir\n1 passed, 0 failed\n", err: "" });
    expect(fs.readFileSync(path.join(dir, "new.oir"), "utf8")).toBe(GOOD);
    expect(await ompirTest(["new.oir"])).toEqual({ code: 0, out: "PASS: new.oir\n1 passed, 0 failed\n", err: "" });
  });

  test("a directory means every .oir under it, sorted", async () => {
    fs.mkdirSync(path.join(dir, "d", "e"), { recursive: true });
    fs.writeFileSync(path.join(dir, "d", "z.oir"), GOOD);
    fs.writeFileSync(path.join(dir, "d", "e", "a.oir"), GOOD);
    fs.writeFileSync(path.join(dir, "d", "notes.txt"), "not a test");
    expect(await ompirTest(["d"])).toEqual({ code: 0, out: "PASS: d/e/a.oir\nPASS: d/z.oir\n2 passed, 0 failed\n", err: "" });
  });

  test("a file without a test line fails; no files or a missing file is a usage error", async () => {
    fs.writeFileSync(path.join(dir, "plain.oir"), MAIN);
    expect(await ompirTest(["plain.oir"])).toEqual({ code: 1, out: "FAIL: plain.oir\n  plain.oir: no '; test <kind> [options]' line at the top of the file\n0 passed, 1 failed\n", err: "" });
    expect(await ompirTest([])).toEqual({ code: 2, out: "", err: "ompir: test: no input files (try 'ompir test --help')\n" });
    expect(await ompirTest(["nope.oir"])).toEqual({ code: 2, out: "", err: "ompir: test: cannot read 'nope.oir': no such file\n" });
  });

  test("the repository's golden files pass from its root, as under Jest", async () => {
    const r = await ompirTest(["test/filetests/examples", "test/filetests/passes/inline.oir"], root);
    expect(r.err).toBe("");
    expect(r.out).toMatch(/^PASS: test\/filetests\/examples\/external_call\.oir\n(PASS: .*\n)+\d+ passed, 0 failed\n$/);
    expect(r.code).toBe(0);
  });
});
