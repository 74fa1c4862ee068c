import { describe, expect, test } from "@jest/globals";
import { parseModule } from "../src/ir/parse.js";
import { printModule } from "../src/ir/printer.js";

const FIRST = `global @hits : global i32                         ; one i32 of device memory, zero

device @body(%a: ptr, %n: i32) {                 ; a parallel region's outlined body
^entry:
  %t = omp.thread_num
  %p = gep f32, %a, %t
  store f32 1.0, global %p
  ret
}

kernel @k(%a: ptr, %n: i32) generic {
^entry:
  omp.parallel @body(%a, %n)
  ret
}

host @main() -> i32 {
^entry:
  %a = alloca f32, 128
  omp.target @k(%a, 128) teams(1) threads(128) map(tofrom: f32 %a[0:128])
  ret 0
}
`;

describe("smoke", () => {
  test("first program", () => {
    const m = parseModule(FIRST);
    const t = printModule(m);
    console.log(t);
    expect(printModule(parseModule(t))).toBe(t);
  });
});
