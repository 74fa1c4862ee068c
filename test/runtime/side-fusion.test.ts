// A split's side that touches memory and the pure blocks after its reconvergence run in one
// lane loop in loops run iteration by iteration (codegen/emit.ts emitIter). Invisible: each
// program below (side-fusion-programs.ts) runs under cost models and limits that move the
// scheduler's stops; the expectations were recorded with the engine before the fusion:
// output, exit status, fault with its lane and cycle, cycles, warp instructions, active
// lanes, and a digest of the statistics, the trace, the output order and the host memory.
import { describe, expect, test } from "@jest/globals";
import { SIDE_FUSION_CASES } from "./side-fusion-programs.js";
import { STORE_CASES } from "./store-loop-programs.js";
import { type Row, compileKernel, observe, slotForm } from "./util.js";

const VARIANTS = [{}, {"maxSteps": 150}, {"maxSteps": 400, "costModel": {"quantum": 1000}}, {"costModel": {"quantum": 37}}, {"costModel": {"quantum": 300, "issue": {"alu": 1.25, "div": 3.5}}}, {"maxSteps": 2100, "costModel": {"quantum": 41}}, {"warpSize": 16, "costModel": {"quantum": 64}}, {"warpSize": 1}] as const;



const EXPECT: Row[][] = [
  [
    ["before\n3 9 13 13 6 6 \n",0,"",18412,628,16827,"d1c9e8026019d733"],
    ["before\n3 9 13 13 6 6 \n",0,"",18412,628,16827,"d1c9e8026019d733"],
    ["before\n3 9 13 13 6 6 \n",0,"",18412,628,16827,"d1c9e8026019d733"],
    ["before\n3 9 13 13 6 6 \n",0,"",18412,628,16827,"d1c9e8026019d733"],
    ["before\n3 9 13 13 6 6 \n",0,"",18238.75,628,16827,"9abbc28710f153aa"],
    ["before\n3 9 13 13 6 6 \n",0,"",18412,628,16827,"d1c9e8026019d733"],
    ["before\n3 9 13 13 6 6 \n",0,"",18412,1256,16827,"b312b96be2569d85"],
    ["before\n3 9 13 13 6 6 \n",0,"",18412,16827,16827,"bfc9dcbcd066bb04"],
  ],
  [
    ["before\n2115 -3 8 -8 13 13 \n",0,"",19142,636,18004,"e7d5dd9de061e8ea"],
    ["before\n2115 -3 8 -8 13 13 \n",0,"",19142,636,18004,"e7d5dd9de061e8ea"],
    ["before\n2115 -3 8 -8 13 13 \n",0,"",19142,636,18004,"e7d5dd9de061e8ea"],
    ["before\n2115 -3 8 -8 13 13 \n",0,"",19142,636,18004,"e7d5dd9de061e8ea"],
    ["before\n2115 -3 8 -8 13 13 \n",0,"",18987.75,636,18004,"020cfae665e316e5"],
    ["before\n2115 -3 8 -8 13 13 \n",0,"",19142,636,18004,"e7d5dd9de061e8ea"],
    ["before\n2115 -3 8 -8 13 13 \n",0,"",19142,1272,18004,"89a963d1ad6f984b"],
    ["before\n2115 -3 8 -8 13 13 \n",0,"",17919,18004,18004,"bb64686676ae1c61"],
  ],
  [
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2096 of a 2000-byte allocation (kernel @k, team 0, thread 0) @18029",18029,364,10191,"1d8275325bfbfdc7"],
    ["before\n",1,"t.oir:37:3: runtime error: step limit exceeded (150 warp instructions); an infinite loop? (raise it with --max-steps) (kernel @k, team 0, thread 0) @18003",18003,357,9967,"f8b106445a5a7f65"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2096 of a 2000-byte allocation (kernel @k, team 0, thread 0) @18029",18029,496,13259,"ce49fe4cafef5de1"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2000 of a 2000-byte allocation (kernel @k, team 0, thread 40) @17166",17166,488,13098,"2f63bcd6c1017571"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2000 of a 2000-byte allocation (kernel @k, team 0, thread 40) @16898",16898,488,13098,"f96f509fdfd17c41"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2000 of a 2000-byte allocation (kernel @k, team 0, thread 40) @17166",17166,488,13098,"2f63bcd6c1017571"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2000 of a 2000-byte allocation (kernel @k, team 0, thread 40) @17166",17166,969,12986,"e71ee51dd77fd509"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2096 of a 2000-byte allocation (kernel @k, team 0, thread 0) @16401",16401,6548,6548,"9db2d21db548bbff"],
  ],
  [
    ["before\n",1,"t.oir:26:3: runtime error: out-of-bounds access: 4 bytes at offset -8 of a 1600-byte allocation (kernel @k, team 0, thread 1) @13712",13712,292,7297,"2409d6bbe7212f74"],
    ["before\n",1,"t.oir:26:3: runtime error: out-of-bounds access: 4 bytes at offset -8 of a 1600-byte allocation (kernel @k, team 0, thread 1) @13712",13712,292,7297,"2409d6bbe7212f74"],
    ["before\n",1,"t.oir:26:3: runtime error: out-of-bounds access: 4 bytes at offset -8 of a 1600-byte allocation (kernel @k, team 0, thread 1) @13712",13712,403,7739,"7680780589af7319"],
    ["before\n",1,"t.oir:26:3: runtime error: out-of-bounds access: 4 bytes at offset -8 of a 1600-byte allocation (kernel @k, team 0, thread 1) @13712",13712,403,7739,"7680780589af7319"],
    ["before\n",1,"t.oir:26:3: runtime error: out-of-bounds access: 4 bytes at offset -8 of a 1600-byte allocation (kernel @k, team 0, thread 1) @13457",13457,403,7739,"52354cccd6b976e9"],
    ["before\n",1,"t.oir:26:3: runtime error: out-of-bounds access: 4 bytes at offset -8 of a 1600-byte allocation (kernel @k, team 0, thread 1) @13712",13712,403,7739,"7680780589af7319"],
    ["before\n",1,"t.oir:26:3: runtime error: out-of-bounds access: 4 bytes at offset -8 of a 1600-byte allocation (kernel @k, team 0, thread 1) @13712",13712,678,7683,"50d85952abb78bb9"],
    ["before\n",1,"t.oir:26:3: runtime error: out-of-bounds access: 4 bytes at offset -8 of a 1600-byte allocation (kernel @k, team 0, thread 1) @13100",13100,5528,5528,"cf745b19e88577e8"],
  ],
];

describe("loops with a side fused into the pure lane loop after it give what they gave before", () => {
  SIDE_FUSION_CASES.forEach((c, i) => {
    test(c.name, () => {
      expect(VARIANTS.map((v) => observe(c.src, v))).toEqual(EXPECT[i]);
    });
  });
});

// The tests above would pass without the fusion: check that these loops have it.
describe("where the generated code runs a side and the pure part after it in one lane loop", () => {
  const fused = (src: string): number => {
    const cf = compileKernel(src);
    // The side test reads NX[l], or the fused split's own local (k<gi>) where the split runs
    // in the same lane loop; each such lane loop holds its lane's code four times (four
    // lanes a pass), so four tests per fused side.
    const n = slotForm(cf.source).match(/\n {8}if \((?:NX\[l\]|k\d+) === [01]\) \{\n/g)?.length ?? 0;
    expect(n % 4).toBe(0);
    return n / 4;
  };
  test("one per side followed by pure blocks", () => {
    expect(SIDE_FUSION_CASES.map((c) => fused(c.src))).toEqual([1, 1, 2, 1]);
  });
  test("in the store loops with splits (if-then then if-then-else; a conditional store; the stencil's shape)", () => {
    const k = (prefix: string): number => STORE_CASES.findIndex((c) => c.name.startsWith(prefix));
    expect([k("a loop with a conditional store inside"), k("a conditional store that runs off"), k("the 2-D stencil's shape")].map((i) => fused(STORE_CASES[i]!.src))).toEqual([2, 1, 1]);
  });
});
