// The print builtin's floating-point conversions against glibc's printf (gcc compiles the
// same formats and values; a missing gcc fails, as in test/c.test.ts). Before the eleventh
// session: exact ties rounded up (`%.0f` of 2.5 was 3, glibc's 2), %f of 1e21 and more gave
// exponents (`1e+21`), a precision over 100 was an internal error, `%a` was not a conversion.

import { expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatPrint } from "../../src/runtime/printf.js";

const FORMATS = ["%.0f", "%.1f", "%.2f", "%f", "%.30f", "%.120f", "%e", "%.0e", "%.3e", "%.110e", "%g", "%.1g", "%.17g", "%.105g",
  "%#.0f", "%#.0e", "%#g", "%#.1g", "%a", "%.0a", "%.3a", "%A", "%#.0a", "%+010.2f", "%-12.3e", "% .3g", "%010.3e", "%E", "%G"];
const VALUES = ["2.5", "0.25", "1.125", "3.5", "0.5", "1e-5", "1e23", "1e21", "9.5", "99.5", "0.05", "5e-324", "1.7976931348623157e308",
  "2.0 / 3", "1e15 + 0.5", "0.0", "-0.0", "-2.5", "0.95", "2.2250738585072014e-308", "1e-320", "123456.5", "1.0 / 0.0", "-1.0 / 0.0"];

test("floating-point conversions give glibc's text (exact digits, ties to even, %a, # and flags)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-printf-"));
  try {
    const lines = FORMATS.flatMap((f) => VALUES.map((v) => `  printf("${f}\\n", (double)(${v}));`));
    fs.writeFileSync(path.join(dir, "p.c"), `#include <stdio.h>\nint main(void) {\n${lines.join("\n")}\n  return 0;\n}\n`);
    const cc = spawnSync("gcc", ["-o", path.join(dir, "p"), path.join(dir, "p.c")], { encoding: "utf8" });
    if (cc.error) throw new Error(`gcc is needed for this test: ${cc.error.message}`);
    expect(cc.status).toBe(0);
    const want = spawnSync(path.join(dir, "p"), [], { encoding: "utf8" }).stdout.split("\n");
    const got: string[] = [];
    const expected: string[] = [];
    let k = 0;
    for (const f of FORMATS) {
      for (const v of VALUES) {
        const x = Function(`return ${v};`)() as number;
        got.push(`${f} ${v}: ${formatPrint(f, ["f64"], [x])}`);
        expected.push(`${f} ${v}: ${want[k++]}`);
      }
    }
    expect(got).toEqual(expected);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("f32 values print as C's varargs promote them (to double)", () => {
  expect(formatPrint("%.10f %a", ["f32", "f32"], [Math.fround(0.1), Math.fround(0.1)])).toBe("0.1000000015 0x1.99999ap-4");
});
