// The step limit counts per warp (per thread of control: each device warp of each launch,
// the host, each reverse-offload host thread), so replicating code on every warp (as -O
// does with a generic kernel's sequential part) does not bring a program closer to it, and
// an endless loop anywhere still ends in the max-steps fault.

import { describe, expect, test } from "@jest/globals";
import { faultText, run } from "./util.js";

/** An SPMD kernel in which every thread runs a loop of `n` iterations (4 instructions each). */
const loop = (n: number, threads: number) => `kernel @k() spmd {
^entry:
  br ^loop(0)
^loop(%i: i32):
  %c = icmp slt i32 %i, ${n}
  cond_br %c, ^body, ^done
^body:
  %i2 = add i32 %i, 1
  br ^loop(%i2)
^done:
  ret
}
host @main() -> i32 {
^entry:
  omp.target @k() teams(2) threads(${threads})
  print "done\\n"
  ret 0
}
`;

describe("step limit per warp", () => {
  test("16 warps x 2 teams each below the limit: runs, though their sum is 32 times more", () => {
    const r = run(loop(2500, 512), { maxSteps: 12_000 });
    expect(r.fault).toBeNull();
    expect(r.stdout).toBe("done\n");
  });

  test("one warp above the limit faults, at its instruction, naming its thread", () => {
    const { r, text } = faultText(loop(3500, 32), { maxSteps: 12_000 });
    expect(r.fault?.kind).toBe("max-steps");
    expect(text.split("\n")[0]).toMatch(/^t.oir:\d+:3: runtime error: step limit exceeded \(12000 warp instructions\).*\(kernel @k, team 0, thread 0\)$/);
  });

  test("an endless host loop ends in max-steps (host, in @main)", () => {
    const { r, text } = faultText(`host @main() -> i32 {
^entry:
  br ^l
^l:
  br ^l
}
`, { maxSteps: 5000 });
    expect(r.fault?.kind).toBe("max-steps");
    expect(text.split("\n")[0]).toBe("t.oir:5:3: runtime error: step limit exceeded (5000 warp instructions); an infinite loop? (raise it with --max-steps) (host, in @main)");
  });

  test("the host's count is its own: many short launches do not add up", () => {
    const r = run(`kernel @k() spmd {
^entry:
  ret
}
host @main() -> i32 {
^entry:
  br ^l(0)
^l(%i: i32):
  omp.target @k() teams(4) threads(128)
  %i2 = add i32 %i, 1
  %c = icmp slt i32 %i2, 200
  cond_br %c, ^l(%i2), ^d
^d:
  ret 0
}
`, { maxSteps: 1000 });
    expect(r.fault).toBeNull();
  });
});
