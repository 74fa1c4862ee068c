// Loads and stores of 4- and 8-byte types through a base decoded once access the typed array
// without testing alignment where the base's alignment is every lane's (codegen/emit.ts
// addr). Invisible: each program below (aligned-programs.ts) runs under cost models and limits that move the
// scheduler's stops; the expectations were recorded with the engine before this:
// output, exit status, fault with its lane and cycle, cycles, warp instructions, active
// lanes, and a digest of the statistics, the trace, the output order and the host memory.
import { describe, expect, test } from "@jest/globals";
import { ALIGNED_CASES } from "./aligned-programs.js";
import { PREFETCH_CASES } from "./prefetch-programs.js";
import { type Row, compileKernel, observe, slotForm } from "./util.js";

const VARIANTS = [{}, {"maxSteps": 150}, {"maxSteps": 400, "costModel": {"quantum": 1000}}, {"costModel": {"quantum": 37}}, {"costModel": {"quantum": 300, "issue": {"alu": 1.25, "div": 3.5}}}, {"maxSteps": 2100, "costModel": {"quantum": 41}}, {"warpSize": 16, "costModel": {"quantum": 64}}, {"warpSize": 1}] as const;



const EXPECT: Row[][] = [
  [
    ["before\n",1,"t.oir:17:3: runtime error: out-of-bounds access: 8 bytes at offset 1596 of a 1600-byte allocation (kernel @k, team 1, thread 7) @11982",11982,269,8448,"06276712ee8384ef"],
    ["before\n",1,"t.oir:17:3: runtime error: out-of-bounds access: 8 bytes at offset 1596 of a 1600-byte allocation (kernel @k, team 1, thread 7) @11982",11982,269,8448,"06276712ee8384ef"],
    ["before\n",1,"t.oir:17:3: runtime error: out-of-bounds access: 8 bytes at offset 1596 of a 1600-byte allocation (kernel @k, team 1, thread 7) @11982",11982,263,8256,"e447c06c280ee475"],
    ["before\n",1,"t.oir:17:3: runtime error: out-of-bounds access: 8 bytes at offset 1596 of a 1600-byte allocation (kernel @k, team 1, thread 7) @11982",11982,284,8928,"ffb08f95c48e002e"],
    ["before\n",1,"t.oir:17:3: runtime error: out-of-bounds access: 8 bytes at offset 1596 of a 1600-byte allocation (kernel @k, team 1, thread 7) @11921",11921,284,8928,"455663728a5a5ffd"],
    ["before\n",1,"t.oir:17:3: runtime error: out-of-bounds access: 8 bytes at offset 1596 of a 1600-byte allocation (kernel @k, team 1, thread 7) @11982",11982,284,8928,"ffb08f95c48e002e"],
    ["before\n",1,"t.oir:17:3: runtime error: out-of-bounds access: 8 bytes at offset 1596 of a 1600-byte allocation (kernel @k, team 1, thread 7) @11982",11982,556,8896,"85e146ce9e8b354a"],
    ["before\n",1,"t.oir:17:3: runtime error: out-of-bounds access: 8 bytes at offset 1596 of a 1600-byte allocation (kernel @k, team 1, thread 7) @11982",11982,7987,7987,"1c28e331a1698265"],
  ],
  [
    ["before\n9 4 24 158 39 13 \n",0,"",14607,312,9532,"d597b310b708d9c4"],
    ["before\n9 4 24 158 39 13 \n",0,"",14607,312,9532,"d597b310b708d9c4"],
    ["before\n9 4 24 158 39 13 \n",0,"",14607,312,9532,"d597b310b708d9c4"],
    ["before\n9 4 24 158 39 13 \n",0,"",14607,312,9532,"d597b310b708d9c4"],
    ["before\n9 4 24 158 39 13 \n",0,"",14563.5,312,9532,"62239d1df476bf87"],
    ["before\n9 4 24 158 39 13 \n",0,"",14607,312,9532,"d597b310b708d9c4"],
    ["before\n9 4 24 158 39 13 \n",0,"",14607,602,9532,"8d0cc29759c73322"],
    ["before\n9 4 24 158 39 13 \n",0,"",14607,9532,9532,"3d5a1e52d4f06ccf"],
  ],
  [
    ["before\n1109524480 2 5 5 7 7 \n",0,"",14810,282,8429,"b2f5350ae17555e0"],
    ["before\n1109524480 2 5 5 7 7 \n",0,"",14810,282,8429,"b2f5350ae17555e0"],
    ["before\n1109524480 2 5 5 7 7 \n",0,"",14810,282,8429,"b2f5350ae17555e0"],
    ["before\n1109524480 2 5 5 7 7 \n",0,"",14810,282,8429,"b2f5350ae17555e0"],
    ["before\n1109524480 2 5 5 7 7 \n",0,"",14749,282,8429,"9a65913b2831a720"],
    ["before\n1109524480 2 5 5 7 7 \n",0,"",14810,282,8429,"b2f5350ae17555e0"],
    ["before\n1109524480 2 5 5 7 7 \n",0,"",14810,539,8429,"bf765b125abd96b8"],
    ["before\n1109524480 2 5 5 7 7 \n",0,"",14810,8429,8429,"224bea1c1b2ea81c"],
  ],
];

describe("accesses through a base of every alignment give what they gave before", () => {
  ALIGNED_CASES.forEach((c, i) => {
    test(c.name, () => {
      expect(VARIANTS.map((v) => observe(c.src, v))).toEqual(EXPECT[i]);
    });
  });
});

// The tests above would pass without the untested accesses: check where they are.
describe("where the generated code accesses the typed array without an alignment test", () => {
  const untested = (src: string): number => {
    const cf = compileKernel(src);
    return slotForm(cf.source).match(/\| 0; (t\d+ = )?(I32|F32|F64|B64)\[a\d+ >> [23]\]/g)?.length ?? 0;
  };
  test("in each fast path of a 4- or 8-byte load or store through a gep of a multiple of the access's size", () => {
    // Through a gep of the access's own size the access indexes a view instead (views.test.ts):
    // left here, the third program's 4-byte accesses through geps of 8-byte elements and the
    // last prefetch program's i64-indexed ones.
    // In each of a loop's four forms (segment, fused, iteration by iteration, and the iteration
    // after those, run up to the scheduler's stop), the iteration by iteration one four times (its
    // lane loops hold a lane's code four times: four lanes a pass); a second access through one
    // pointer indexes the view again rather than taking the first one's address.
    expect(ALIGNED_CASES.map((c) => untested(c.src))).toEqual([0, 0, 14]);
    expect(PREFETCH_CASES.map((c) => untested(c.src))).toEqual([0, 0, 0, 0, 0, 0, 0, 14]);
    const viewed = (src: string): number => slotForm(compileKernel(src).source).match(/W\d+_\d_(I32|F32|F64|B64)\[e\d+\]/g)?.length ?? 0;
    expect(ALIGNED_CASES.map((c) => viewed(c.src))).toEqual([21, 28, 28]);
    expect(PREFETCH_CASES.map((c) => viewed(c.src))).toEqual([35, 14, 7, 21, 21, 19, 14, 0]);
  });
});
