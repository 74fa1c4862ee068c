// Loops run iteration by iteration (codegen/emit.ts emitIter) touch the cache lines their
// loads will read in the next iterations (simt.ts prefetch), and an access through a
// pointer an earlier access of the same lane body checked takes that check's address. Both
// must be invisible. Each program below (prefetch-programs.ts) runs under cost models and
// limits that move the scheduler's stops; the expectations were recorded with the engine
// before either existed: output, exit status, fault with its lane and cycle, cycles, warp
// instructions, active lanes, and a digest of the statistics, the trace, the output order
// and the host memory.
import { describe, expect, test } from "@jest/globals";
import { prefetch } from "../../src/runtime/simt.js";
import { PREFETCH_CASES } from "./prefetch-programs.js";
import { type Row, compileKernel, observe, slotForm } from "./util.js";

const VARIANTS = [{}, {"maxSteps": 400, "costModel": {"quantum": 1000}}, {"costModel": {"quantum": 37}}, {"costModel": {"quantum": 300, "issue": {"alu": 1.25, "div": 3.5}}}, {"maxSteps": 2100, "costModel": {"quantum": 41}}, {"warpSize": 16, "costModel": {"quantum": 64}}, {"warpSize": 1}] as const;



const EXPECT: Row[][] = [
  [
    ["before\n2.000000 2 1.000000 1 5.000000 5 \n",0,"",107299,4013,127816,"1eb7864769b42a44"],
    ["before\n",1,"t.oir:43:3: runtime error: step limit exceeded (400 warp instructions); an infinite loop? (raise it with --max-steps) (kernel @init, team 0, thread 0) @29254",29254,1517,48544,"619ad148bab550ef"],
    ["before\n2.000000 2 1.000000 1 5.000000 5 \n",0,"",107299,4013,127816,"1eb7864769b42a44"],
    ["before\n2.000000 2 1.000000 1 5.000000 5 \n",0,"",106039.5,4013,127816,"29fbc8961f85ed28"],
    ["before\n2.000000 2 1.000000 1 5.000000 5 \n",0,"",107299,4013,127816,"1eb7864769b42a44"],
    ["before\n2.000000 2 1.000000 1 5.000000 5 \n",0,"",107299,8001,127816,"37c808d1b0d7c079"],
    ["before\n2.000000 2 1.000000 1 5.000000 5 \n",0,"",107299,127816,127816,"0ed3bce611147125"],
  ],
  [
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 12000 of a 12000-byte allocation (kernel @k, team 0, thread 56) @45515",45515,1475,47112,"5130ae5ff59c7225"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 12000 of a 12000-byte allocation (kernel @k, team 0, thread 56) @45515",45515,1824,58280,"e1e41865624b429b"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 12000 of a 12000-byte allocation (kernel @k, team 0, thread 56) @45515",45515,1856,59304,"dddbcf094bbb74c6"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 12000 of a 12000-byte allocation (kernel @k, team 0, thread 56) @44753",44753,1856,59304,"46dbbc11b36b0bc3"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 12000 of a 12000-byte allocation (kernel @k, team 0, thread 56) @45515",45515,1856,59304,"dddbcf094bbb74c6"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 12000 of a 12000-byte allocation (kernel @k, team 0, thread 56) @45515",45515,3718,59400,"20a167c91daed171"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 12000 of a 12000-byte allocation (kernel @k, team 0, thread 56) @45515",45515,45970,45970,"dca7524238e7c005"],
  ],
  [
    ["before\n",1,"t.oir:20:3: runtime error: out-of-bounds access: 4 bytes at offset 7998 of a 8000-byte allocation (kernel @k, team 1, thread 14) @35694",35694,1333,42480,"47ca90df361d7691"],
    ["before\n",1,"t.oir:20:3: runtime error: out-of-bounds access: 4 bytes at offset 7998 of a 8000-byte allocation (kernel @k, team 1, thread 14) @35694",35694,1503,47920,"39cd5d8ce943d8b9"],
    ["before\n",1,"t.oir:20:3: runtime error: out-of-bounds access: 4 bytes at offset 7998 of a 8000-byte allocation (kernel @k, team 1, thread 14) @35694",35694,1515,48304,"765972cfdebb0014"],
    ["before\n",1,"t.oir:20:3: runtime error: out-of-bounds access: 4 bytes at offset 7998 of a 8000-byte allocation (kernel @k, team 1, thread 14) @35193.5",35193.5,1515,48304,"977074d914db608d"],
    ["before\n",1,"t.oir:20:3: runtime error: out-of-bounds access: 4 bytes at offset 7998 of a 8000-byte allocation (kernel @k, team 1, thread 14) @35694",35694,1515,48304,"765972cfdebb0014"],
    ["before\n",1,"t.oir:20:3: runtime error: out-of-bounds access: 4 bytes at offset 7998 of a 8000-byte allocation (kernel @k, team 1, thread 14) @35694",35694,3017,48272,"b513a5a0a0a358e9"],
    ["before\n",1,"t.oir:20:3: runtime error: out-of-bounds access: 4 bytes at offset 7998 of a 8000-byte allocation (kernel @k, team 1, thread 14) @35694",35694,39432,39432,"091c5b41a261cfa1"],
  ],
  [
    ["before\n1.000000 1 5.000000 9 2.000000 3 \n",0,"",75872,4103,99075,"8e2e760c7ab69669"],
    ["before\n",1,"t.oir:16:3: runtime error: step limit exceeded (400 warp instructions); an infinite loop? (raise it with --max-steps) (kernel @k, team 0, thread 0) @64181",64181,3695,91240,"2b340c95b3e811a7"],
    ["before\n1.000000 1 5.000000 9 2.000000 3 \n",0,"",75872,4103,99075,"8e2e760c7ab69669"],
    ["before\n1.000000 1 5.000000 9 2.000000 3 \n",0,"",74883.75,4103,99075,"f3e7180285174128"],
    ["before\n1.000000 1 5.000000 9 2.000000 3 \n",0,"",75872,4103,99075,"8e2e760c7ab69669"],
    ["before\n1.000000 1 5.000000 9 2.000000 3 \n",0,"",75872,6864,99075,"b1be178825d316ef"],
    ["before\n1.000000 1 5.000000 9 2.000000 3 \n",0,"",75872,99075,99075,"a3de096551f65f1e"],
  ],
  [
    ["before\n1.000000 2 5.000000 10 2.000000 6 \n",0,"",74560,2846,90742,"badac51e06410d5c"],
    ["before\n1.000000 2 5.000000 10 2.000000 6 \n",0,"",74560,2846,90742,"badac51e06410d5c"],
    ["before\n1.000000 2 5.000000 10 2.000000 6 \n",0,"",74560,2846,90742,"badac51e06410d5c"],
    ["before\n1.000000 2 5.000000 10 2.000000 6 \n",0,"",73544.25,2846,90742,"7ba6d37f88b121d2"],
    ["before\n1.000000 2 5.000000 10 2.000000 6 \n",0,"",74560,2846,90742,"badac51e06410d5c"],
    ["before\n1.000000 2 5.000000 10 2.000000 6 \n",0,"",74560,5692,90742,"d0b9bf25652ced69"],
    ["before\n1.000000 2 5.000000 10 2.000000 6 \n",0,"",74560,90742,90742,"cb53e940da3582b9"],
  ],
  [
    ["before\n1.000000 2 5.000000 6 2.000000 4 \n",0,"",75340,3592,101597,"aa9f2c9564134ecc"],
    ["before\n",1,"t.oir:18:3: runtime error: step limit exceeded (400 warp instructions); an infinite loop? (raise it with --max-steps) (kernel @k, team 0, thread 0) @60368",60368,2955,85066,"76e89d3f23fb3637"],
    ["before\n1.000000 2 5.000000 6 2.000000 4 \n",0,"",75340,3592,101597,"aa9f2c9564134ecc"],
    ["before\n1.000000 2 5.000000 6 2.000000 4 \n",0,"",73820.75,3592,101597,"c62e53f49857d460"],
    ["before\n1.000000 2 5.000000 6 2.000000 4 \n",0,"",75340,3592,101597,"aa9f2c9564134ecc"],
    ["before\n1.000000 2 5.000000 6 2.000000 4 \n",0,"",75340,7184,101597,"100871d9909f7a0e"],
    ["before\n1.000000 2 5.000000 6 2.000000 4 \n",0,"",68802,101597,101597,"f15f445dc5673f9a"],
  ],
  [
    ["before\n",1,"t.oir:17:3: runtime error: out-of-bounds access: 4 bytes at offset 11997 of a 12000-byte allocation (kernel @k, team 0, thread 55) @45516",45516,1524,48680,"0b8674bc790c4520"],
    ["before\n",1,"t.oir:17:3: runtime error: out-of-bounds access: 4 bytes at offset 11997 of a 12000-byte allocation (kernel @k, team 0, thread 55) @45516",45516,1917,61256,"3242ba51cfc6dcff"],
    ["before\n",1,"t.oir:17:3: runtime error: out-of-bounds access: 4 bytes at offset 11997 of a 12000-byte allocation (kernel @k, team 0, thread 55) @45516",45516,1953,62408,"604b4f4e4fb97403"],
    ["before\n",1,"t.oir:17:3: runtime error: out-of-bounds access: 4 bytes at offset 11997 of a 12000-byte allocation (kernel @k, team 0, thread 55) @44760",44760,1953,62408,"4e428b092bf3b418"],
    ["before\n",1,"t.oir:17:3: runtime error: out-of-bounds access: 4 bytes at offset 11997 of a 12000-byte allocation (kernel @k, team 0, thread 55) @45516",45516,1953,62408,"604b4f4e4fb97403"],
    ["before\n",1,"t.oir:17:3: runtime error: out-of-bounds access: 4 bytes at offset 11997 of a 12000-byte allocation (kernel @k, team 0, thread 55) @45516",45516,3913,62520,"a49d3ea051f4e342"],
    ["before\n",1,"t.oir:17:3: runtime error: out-of-bounds access: 4 bytes at offset 11997 of a 12000-byte allocation (kernel @k, team 0, thread 55) @45516",45516,47166,47166,"e4e614f3689b331b"],
  ],
  [
    ["before\n2.500000 3 3.500000 0 4.500000 12 \n",0,"",62939,2344,74816,"54070e74d65bd250"],
    ["before\n2.500000 3 3.500000 0 4.500000 12 \n",0,"",62939,2344,74816,"54070e74d65bd250"],
    ["before\n2.500000 3 3.500000 0 4.500000 12 \n",0,"",62939,2344,74816,"54070e74d65bd250"],
    ["before\n2.500000 3 3.500000 0 4.500000 12 \n",0,"",62183.5,2344,74816,"cce5dca263a9e819"],
    ["before\n2.500000 3 3.500000 0 4.500000 12 \n",0,"",62939,2344,74816,"54070e74d65bd250"],
    ["before\n2.500000 3 3.500000 0 4.500000 12 \n",0,"",62939,4688,74816,"d245e88de304f272"],
    ["before\n2.500000 3 3.500000 0 4.500000 12 \n",0,"",62939,74816,74816,"25862c1cf733efd6"],
  ],
];

describe("loops that load give what they gave before prefetching and shared checks", () => {
  PREFETCH_CASES.forEach((c, i) => {
    test(c.name, () => {
      expect(VARIANTS.map((v) => observe(c.src, v))).toEqual(EXPECT[i]);
    });
  });
});

// The tests above would pass with neither in the code: check that these loops have them.
describe("where the generated code prefetches and shares a check", () => {
  const source = (src: string, races = false): string => {
    const cf = compileKernel(src, races);
    expect(cf.loops.filter((l) => l?.iter === true).length).toBe(races ? 0 : 1);
    return slotForm(cf.source);
  };
  const count = (s: string, re: RegExp): number => s.match(re)?.length ?? 0;
  test("a burst per load through a hoisted base with a 32-bit index, none for i64 indices or under the race detector", () => {
    // Distinct loads: the reload of %px in the first program shares the first one's lines.
    expect(PREFETCH_CASES.map((c) => count(source(c.src), /H\.pf\(/g))).toEqual([2, 1, 1, 2, 2, 2, 1, 0]);
    expect(PREFETCH_CASES.map((c) => count(source(c.src, true), /H\.pf\(/g))).toEqual(PREFETCH_CASES.map(() => 0));
  });
  test("a second access through the same pointer, space and width takes the first one's address", () => {
    // In each of the loop's four forms (segment, fused, iteration by iteration, and the
    // iteration after those, run up to the scheduler's stop), where the first access computed
    // an address: the i64-indexed accesses of the last program, two in each form and eight in
    // the iteration by iteration one (its lane loop holds the lane's code four times: four
    // lanes a pass). An access through a gep of its own element size indexes a view (views.test.ts)
    // and a second one indexes it again.
    expect(PREFETCH_CASES.map((c) => count(source(c.src), /const a\d+ = a\d+;/g))).toEqual([0, 0, 0, 0, 0, 0, 0, 14]);
  });
});

describe("prefetch reads only inside the allocation", () => {
  /** Runs prefetch on an arena of 4096 bytes, recording every index it reads. */
  const reads = (b: number, z: number, hi: number, span: number, d: number, e: number): number[] => {
    const seen: number[] = [];
    const u8 = new Proxy(new Uint8Array(4096), {
      get(t, k) {
        if (typeof k === "string" && /^-?\d+$/.test(k)) seen.push(Number(k));
        const v = Reflect.get(t, k, t) as unknown;
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(t) : v;
      },
    });
    prefetch(u8, b, z, hi, span, d, e);
    return seen;
  };
  const inside = (xs: number[], b: number, z: number): boolean => xs.every((x) => Number.isInteger(x) && x >= b && x < b + z);
  test.each([
    ["forward steps, the last ones past the end", 1000, 512, 300, 124, 64, 16],
    ["backward steps past the start", 1000, 512, 100, 124, -64, 16],
    ["a step of 2^40 bytes", 1000, 512, 100, 124, 2 ** 40, 16],
    ["a wide warp (span above 512 bytes)", 8, 4000, 3000, 4000, 1, 16],
    ["a negative span", 8, 4000, 3000, -5, 1, 3],
    ["offsets that are not numbers", 8, 4000, NaN, 124, NaN, 4],
    ["a one-byte allocation", 4095, 1, 7, 124, 3, 5],
  ])("%s", (_, b, z, hi, span, d, e) => {
    const xs = reads(b, z, hi, span, d, e);
    expect(xs.length).toBeGreaterThan(0);
    expect(xs.length).toBeLessThanOrEqual(e * 9);
    expect(inside(xs, b, z)).toBe(true);
  });
  test("nothing for an empty, freed or unknown allocation, or one outside the arena", () => {
    expect(reads(8, 0, 0, 124, 64, 4)).toEqual([]);
    expect(reads(NaN, NaN, 0, 124, 64, 4)).toEqual([]);
    expect(reads(4000, 200, 0, 124, 64, 4)).toEqual([]);
    expect(reads(-8, 100, 0, 124, 64, 4)).toEqual([]);
  });
});
