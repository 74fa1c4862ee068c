// A split decided by code that cannot fault (divisions by a constant or by a warp-uniform
// value checked non-zero before the first iteration), its one side and the pure blocks
// after its reconvergence run in one lane loop in loops run iteration by iteration
// (codegen/emit.ts emitIter). Invisible: each program below (split-fusion-programs.ts) runs
// under cost models and limits that move the scheduler's stops; the expectations were
// recorded with the engine before this fusion: output, exit status, fault with its lane and
// cycle, cycles, warp instructions, active lanes, and a digest of the statistics, the
// trace, the output order and the host memory (which, under unified memory, holds the
// stores made before a fault).
import { describe, expect, test } from "@jest/globals";
import type { LoopInfo } from "../../src/runtime/compile.js";
import { Warp } from "../../src/runtime/simt.js";
import { SIDE_FUSION_CASES } from "./side-fusion-programs.js";
import { SPLIT_FUSION_CASES } from "./split-fusion-programs.js";
import { type Row, compileKernel, observe, run, slotForm } from "./util.js";

const VARIANTS = [{}, {"maxSteps": 150}, {"maxSteps": 400, "costModel": {"quantum": 1000}}, {"costModel": {"quantum": 37}}, {"costModel": {"quantum": 300, "issue": {"alu": 1.25, "div": 3.5}}}, {"maxSteps": 2100, "costModel": {"quantum": 41}}, {"warpSize": 16, "costModel": {"quantum": 64}}, {"warpSize": 1}, {"costModel": {"quantum": 9, "issue": {"mul": 1, "div": 1, "mem": 1}, "latency": {"global": 1}}}] as const;



const EXPECT: Row[][] = [
  [
    ["before\n3 3 13 13 6 6 \n",0,"",20961,986,29332,"e19ba9e86cc7b43a"],
    ["before\n3 3 13 13 6 6 \n",0,"",20961,986,29332,"e19ba9e86cc7b43a"],
    ["before\n3 3 13 13 6 6 \n",0,"",20961,986,29332,"82c9edc95395458c"],
    ["before\n3 3 13 13 6 6 \n",0,"",20961,986,29332,"82c9edc95395458c"],
    ["before\n3 3 13 13 6 6 \n",0,"",20733,986,29332,"97116a2cf66a61b3"],
    ["before\n3 3 13 13 6 6 \n",0,"",20961,986,29332,"82c9edc95395458c"],
    ["before\n3 3 13 13 6 6 \n",0,"",20961,1972,29332,"abd99cdef6835cd8"],
    ["before\n3 3 13 13 6 6 \n",0,"",20961,29332,29332,"1a55396d598e6eb9"],
    ["before\n3 3 13 13 6 6 \n",0,"",14266,986,29332,"b6516b0387f13091"],
  ],
  [
    ["before\n",1,"t.oir:17:3: runtime error: integer division by zero (kernel @k, team 0, thread 0) @5536",5536,156,4792,"0dde160eca0751cf"],
    ["before\n",1,"t.oir:17:3: runtime error: integer division by zero (kernel @k, team 0, thread 0) @5536",5536,156,4792,"0dde160eca0751cf"],
    ["before\n",1,"t.oir:17:3: runtime error: integer division by zero (kernel @k, team 0, thread 0) @5536",5536,156,4792,"0dde160eca0751cf"],
    ["before\n",1,"t.oir:17:3: runtime error: integer division by zero (kernel @k, team 0, thread 0) @5536",5536,156,4792,"0dde160eca0751cf"],
    ["before\n",1,"t.oir:17:3: runtime error: integer division by zero (kernel @k, team 0, thread 0) @5489.75",5489.75,156,4792,"3cc0f232117405c9"],
    ["before\n",1,"t.oir:17:3: runtime error: integer division by zero (kernel @k, team 0, thread 0) @5536",5536,156,4792,"0dde160eca0751cf"],
    ["before\n",1,"t.oir:17:3: runtime error: integer division by zero (kernel @k, team 0, thread 0) @5536",5536,290,4600,"f11490f6077f56e8"],
    ["before\n",1,"t.oir:17:3: runtime error: integer division by zero (kernel @k, team 0, thread 0) @5536",5536,4420,4420,"3acefff6010489d9"],
    ["before\n",1,"t.oir:17:3: runtime error: integer division by zero (kernel @k, team 0, thread 0) @4272",4272,166,5112,"4b09c85b7d66694f"],
  ],
  [
    ["before\n",1,"t.oir:20:3: runtime error: integer division by zero (kernel @k, team 1, thread 1) @7717",7717,631,13647,"6afa9789345887c6"],
    ["before\n",1,"t.oir:20:3: runtime error: integer division by zero (kernel @k, team 1, thread 1) @7717",7717,631,13647,"6afa9789345887c6"],
    ["before\n",1,"t.oir:20:3: runtime error: integer division by zero (kernel @k, team 1, thread 1) @7717",7717,456,12027,"9ce54744aaaf4387"],
    ["before\n",1,"t.oir:20:3: runtime error: integer division by zero (kernel @k, team 1, thread 1) @7717",7717,396,11480,"f356c9d1e561a1d5"],
    ["before\n",1,"t.oir:20:3: runtime error: integer division by zero (kernel @k, team 1, thread 1) @7575.25",7575.25,412,11626,"97663f7a8b565db2"],
    ["before\n",1,"t.oir:20:3: runtime error: integer division by zero (kernel @k, team 1, thread 1) @7717",7717,384,11388,"6f50427cba9be465"],
    ["before\n",1,"t.oir:20:3: runtime error: integer division by zero (kernel @k, team 1, thread 1) @7717",7717,726,11188,"75cb7ca9eed67cac"],
    ["before\n",1,"t.oir:20:3: runtime error: integer division by zero (kernel @k, team 1, thread 1) @7717",7717,13273,13273,"ed26cf473807ad5c"],
    ["before\n",1,"t.oir:20:3: runtime error: integer division by zero (kernel @k, team 1, thread 1) @4334",4334,401,11515,"4b11beed7166c928"],
  ],
  [
    ["before\n",1,"t.oir:16:3: runtime error: integer division by zero (kernel @k, team 0, thread 5) @5967",5967,185,5760,"ec071e077da36700"],
    ["before\n",1,"t.oir:16:3: runtime error: integer division by zero (kernel @k, team 0, thread 5) @5967",5967,185,5760,"ec071e077da36700"],
    ["before\n",1,"t.oir:16:3: runtime error: integer division by zero (kernel @k, team 0, thread 5) @5967",5967,185,5760,"ec071e077da36700"],
    ["before\n",1,"t.oir:16:3: runtime error: integer division by zero (kernel @k, team 0, thread 5) @5967",5967,185,5760,"ec071e077da36700"],
    ["before\n",1,"t.oir:16:3: runtime error: integer division by zero (kernel @k, team 0, thread 5) @5904.75",5904.75,185,5760,"9e0d91cfee162b96"],
    ["before\n",1,"t.oir:16:3: runtime error: integer division by zero (kernel @k, team 0, thread 5) @5967",5967,185,5760,"ec071e077da36700"],
    ["before\n",1,"t.oir:16:3: runtime error: integer division by zero (kernel @k, team 0, thread 5) @5967",5967,349,5584,"da9c729fec0f64ed"],
    ["before\n",1,"t.oir:16:3: runtime error: integer division by zero (kernel @k, team 0, thread 5) @5967",5967,5799,5799,"d0f5dbbb47fe7ea7"],
    ["before\n",1,"t.oir:16:3: runtime error: integer division by zero (kernel @k, team 0, thread 5) @4283",4283,194,6048,"9f41260999341d07"],
  ],
  [
    ["before\n3 3 2 2147483396 1 2147483146 \n",0,"",16979,552,16316,"8feb04e36d40b25f"],
    ["before\n3 3 2 2147483396 1 2147483146 \n",0,"",16979,552,16316,"8feb04e36d40b25f"],
    ["before\n3 3 2 2147483396 1 2147483146 \n",0,"",16979,552,16316,"8feb04e36d40b25f"],
    ["before\n3 3 2 2147483396 1 2147483146 \n",0,"",16979,552,16316,"8feb04e36d40b25f"],
    ["before\n3 3 2 2147483396 1 2147483146 \n",0,"",16658.5,552,16316,"05d3bcaac128cf88"],
    ["before\n3 3 2 2147483396 1 2147483146 \n",0,"",16979,552,16316,"8feb04e36d40b25f"],
    ["before\n3 3 2 2147483396 1 2147483146 \n",0,"",16979,1104,16316,"6dd5459948bb1302"],
    ["before\n3 3 2 2147483396 1 2147483146 \n",0,"",16979,16316,16316,"762ab0382f1ba236"],
    ["before\n3 3 2 2147483396 1 2147483146 \n",0,"",12591,552,16316,"843e27dc5fd51312"],
  ],
  [
    ["before\n",1,"t.oir:24:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 13) @8469",8469,346,10704,"2eb04294f5281df1"],
    ["before\n",1,"t.oir:24:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 13) @8469",8469,346,10704,"2eb04294f5281df1"],
    ["before\n",1,"t.oir:24:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 13) @8469",8469,450,13736,"288dc430862eaeb4"],
    ["before\n",1,"t.oir:24:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 13) @8469",8469,458,13992,"bb381c753add97f6"],
    ["before\n",1,"t.oir:24:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 13) @8083.5",8083.5,450,13736,"61fc7415aed6c9ec"],
    ["before\n",1,"t.oir:24:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 13) @8469",8469,458,13992,"bb381c753add97f6"],
    ["before\n",1,"t.oir:24:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 13) @8469",8469,892,13608,"14dae15fb2abf441"],
    ["before\n",1,"t.oir:24:3: runtime error: out-of-bounds access: 4 bytes at offset 2632 of a 2400-byte allocation (kernel @k, team 0, thread 0) @8310",8310,7524,7524,"e9e637baaa95cf86"],
    ["before\n",1,"t.oir:24:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 13) @4404",4404,450,13736,"c5a6506e3d8ab59f"],
  ],
  [
    ["before\n",1,"t.oir:20:3: runtime error: integer division by zero (kernel @k, team 1, thread 0) @7265",7265,543,16960,"2ca99105a8a2a630"],
    ["before\n",1,"t.oir:20:3: runtime error: integer division by zero (kernel @k, team 1, thread 0) @7265",7265,543,16960,"2ca99105a8a2a630"],
    ["before\n",1,"t.oir:20:3: runtime error: integer division by zero (kernel @k, team 1, thread 0) @7265",7265,419,13216,"a79b16d65389003e"],
    ["before\n",1,"t.oir:20:3: runtime error: integer division by zero (kernel @k, team 1, thread 0) @7265",7265,347,11104,"8f39d4d3e4d57d67"],
    ["before\n",1,"t.oir:20:3: runtime error: integer division by zero (kernel @k, team 1, thread 0) @7155.75",7155.75,355,11296,"357b0e664045eb99"],
    ["before\n",1,"t.oir:20:3: runtime error: integer division by zero (kernel @k, team 1, thread 0) @7265",7265,347,11104,"8f39d4d3e4d57d67"],
    ["before\n",1,"t.oir:20:3: runtime error: integer division by zero (kernel @k, team 1, thread 0) @7265",7265,681,10896,"530b5d1a8b64106d"],
    ["before\n",1,"t.oir:20:3: runtime error: integer division by zero (kernel @k, team 1, thread 0) @7265",7265,16557,16557,"8e6a84ddae5c202a"],
    ["before\n",1,"t.oir:20:3: runtime error: integer division by zero (kernel @k, team 1, thread 0) @4321",4321,358,11456,"e51411bb05bf627e"],
  ],
];

describe("loops whose split, side and join run in one lane loop give what they gave before", () => {
  SPLIT_FUSION_CASES.forEach((c, i) => {
    test(c.name, () => {
      expect(VARIANTS.map((v) => observe(c.src, v))).toEqual(EXPECT[i]);
    });
  });
});

// The tests above would pass without the fusion: check where these loops have it.
describe("where the generated code runs the split's block, its side and the join in one lane loop", () => {
  const source = (src: string): string => {
    return slotForm(compileKernel(src).source);
  };
  const fused = (src: string): number => source(src).match(/\{ let np\d+ = 0;/g)?.length ?? 0;
  test("every program but the one whose divisor differs between lanes", () => {
    expect(SPLIT_FUSION_CASES.map((c) => fused(c.src))).toEqual([1, 1, 1, 0, 1, 1, 1]);
  });
  test("the side-fusion programs whose split has one side and is decided by pure code (not the second: two sides)", () => {
    expect(SIDE_FUSION_CASES.map((c) => fused(c.src))).toEqual([1, 0, 1, 1]);
  });
  test("a hoisted divisor is checked once, before the first iteration, and not per lane", () => {
    const s = source(SPLIT_FUSION_CASES[0]!.src);
    expect(s).toMatch(/\n  if \(h\d+ === 0\) return -1;\n/);
    const iter = s.slice(s.indexOf("I(w, fr, K)"));
    expect(iter.slice(0, iter.indexOf("\nfunction ")).match(/div-by-zero/g)).toBeNull();
  });
});

// After the iterations it can run whole, Warp.iterMajorLoop's function runs the next one up
// to where the dispatcher would stop (the clock or the steps reaching their limit after a
// segment, or a split whose lanes disagree), instead of returning for the dispatcher to run
// it segment by segment. The tests above check that nothing changes; these, that it happens.
describe("the iteration after the whole ones runs inside the loop's function up to the scheduler's stop", () => {
  const stops = (src: string, opts: object): { inside: number; calls: number } => {
    type IterFn = (this: Warp, fr: unknown, L: LoopInfo, info: unknown, fn: unknown, limit: number, maxSteps: number) => number;
    const proto = Warp.prototype as unknown as Record<string, IterFn>;
    const orig = proto.iterMajorLoop!;
    const seen = { inside: 0, calls: 0 };
    proto.iterMajorLoop = function (this: Warp, fr: unknown, L: LoopInfo, info: unknown, fn: unknown, limit: number, maxSteps: number): number {
      const code = orig.call(this, fr, L, info, fn, limit, maxSteps);
      seen.calls++;
      // Returned at a segment of the loop other than its start, with the warp out of time or
      // steps: the stop fell inside an iteration.
      if (code >= 0 && code !== L.parts[0] && code !== L.exit && (this.clock >= limit || this.steps > maxSteps)) seen.inside++;
      return code;
    };
    try {
      run(src, opts);
    } finally {
      proto.iterMajorLoop = orig;
    }
    return seen;
  };
  test("in the stencil's shape, under quanta that stop it in the middle of iterations", () => {
    for (const opts of [{ costModel: { quantum: 1000 } }, { costModel: { quantum: 300 } }, { maxSteps: 2100, costModel: { quantum: 41 } }]) {
      const s = stops(SPLIT_FUSION_CASES[0]!.src, opts);
      expect(s.inside).toBeGreaterThan(0);
      expect(s.calls).toBeGreaterThan(s.inside);
    }
  });
});
