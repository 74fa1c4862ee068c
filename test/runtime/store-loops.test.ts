// Loops that store (and loops with a split inside, or a division by a variable) run
// iteration by iteration in one call (codegen/emit.ts emitIter, Warp.iterMajorLoop), with
// the slots they only read hoisted where every lane holds the same value. That must be
// invisible: each program below runs under cost models and limits that move the scheduler's
// stops; the expectations were recorded with the segment-by-segment engine (before these
// loops had a fast path): output, exit status, fault with its lane and cycle, cycles, warp
// instructions, active lanes, races found, and a digest of the statistics, the trace, the
// output order, the host memory and the race reports. Lanes that read or write each other's
// elements must see each other as in lock-step execution: at warp size 1 (lanes one after
// another) those programs print something else, so running them lane by lane would show.
import { describe, expect, test } from "@jest/globals";
import { createHash } from "node:crypto";
import { parseModule } from "../../src/ir/parse.js";
import type { Helpers } from "../../src/runtime/compile.js";
import { compileFunction } from "../../src/runtime/compile.js";
import { DEFAULT_COST_MODEL } from "../../src/runtime/cost.js";
import { reconvergenceBlocks } from "../../src/runtime/execute.js";
import { formatFault } from "../../src/runtime/faults.js";
import { STORE_CASES } from "./store-loop-programs.js";
import { run } from "./util.js";

const VARIANTS = [{}, {"maxSteps": 150}, {"maxSteps": 400, "costModel": {"quantum": 1000}}, {"costModel": {"quantum": 37}}, {"costModel": {"quantum": 300, "issue": {"alu": 1.25, "div": 3.5}}}, {"maxSteps": 3000}, {"maxSteps": 2100, "costModel": {"quantum": 41}}, {"warpSize": 16, "costModel": {"quantum": 64}}, {"warpSize": 1}] as const;

type Row = [string, number, string, number, number, number, number, string];

function observe(src: string, opts: object, races: boolean): Row {
  const r = run(src, { ...opts, trace: true, recordOutputOrder: true, detectRaces: races });
  const t = r.stats.totals;
  return [r.stdout, r.exitCode, r.fault ? `${formatFault(r.fault, src).split("\n")[0]} @${r.fault.cycle}` : "", t.cycles, t.warpInstructions, t.activeLanes, r.races.length,
    createHash("sha256").update(JSON.stringify([r.stats, r.trace, r.outputOrder, r.hostMemory, r.races])).digest("hex").slice(0, 16)];
}

const EXPECT: Row[][] = [
  [
    ["before\n3.000000 4.000000 5.000000 10.500000 14.000000 5.000000 10.500000 14.000000 5.000000 1 -12 5 \n",0,"",40311,1263,39525,0,"b11c7328baa21e64"],
    ["before\n",1,"t.oir:46:3: runtime error: step limit exceeded (150 warp instructions); an infinite loop? (raise it with --max-steps) (kernel @init, team 0, thread 0) @15006",15006,152,4864,0,"9fde54665d1abeda"],
    ["before\n3.000000 4.000000 5.000000 10.500000 14.000000 5.000000 10.500000 14.000000 5.000000 1 -12 5 \n",0,"",40311,1263,39525,0,"b11c7328baa21e64"],
    ["before\n3.000000 4.000000 5.000000 10.500000 14.000000 5.000000 10.500000 14.000000 5.000000 1 -12 5 \n",0,"",40311,1263,39525,0,"b11c7328baa21e64"],
    ["before\n3.000000 4.000000 5.000000 10.500000 14.000000 5.000000 10.500000 14.000000 5.000000 1 -12 5 \n",0,"",40194.5,1263,39525,0,"507e3af62e05fbd7"],
    ["before\n3.000000 4.000000 5.000000 10.500000 14.000000 5.000000 10.500000 14.000000 5.000000 1 -12 5 \n",0,"",40311,1263,39525,0,"b11c7328baa21e64"],
    ["before\n3.000000 4.000000 5.000000 10.500000 14.000000 5.000000 10.500000 14.000000 5.000000 1 -12 5 \n",0,"",40311,1263,39525,0,"b11c7328baa21e64"],
    ["before\n3.000000 4.000000 5.000000 10.500000 14.000000 5.000000 10.500000 14.000000 5.000000 1 -12 5 \n",0,"",40311,2491,39525,0,"16b023baa24a021b"],
    ["before\n3.000000 4.000000 5.000000 10.500000 14.000000 5.000000 10.500000 14.000000 5.000000 1 -12 5 \n",0,"",40311,39525,39525,0,"88b55f801d78d0a1"],
  ],
  [
    ["before\n3 4550 6 3 347 696 \n",0,"",20344,562,17867,0,"3366e281889832bd"],
    ["before\n3 4550 6 3 347 696 \n",0,"",20344,562,17867,0,"3366e281889832bd"],
    ["before\n3 4550 6 3 347 696 \n",0,"",20344,562,17867,0,"3366e281889832bd"],
    ["before\n3 4550 6 3 347 696 \n",0,"",20344,562,17867,0,"3366e281889832bd"],
    ["before\n3 4550 6 3 347 696 \n",0,"",20256.75,562,17867,0,"636ec6bc3134775f"],
    ["before\n3 4550 6 3 347 696 \n",0,"",20344,562,17867,0,"3366e281889832bd"],
    ["before\n3 4550 6 3 347 696 \n",0,"",20344,562,17867,0,"3366e281889832bd"],
    ["before\n3 4550 6 3 347 696 \n",0,"",20344,1124,17867,0,"cdf101646a869bc4"],
    ["before\n3 4550 6 3 347 696 \n",0,"",20344,17867,17867,0,"ad0696b3c63dbe80"],
  ],
  [
    ["before\n12 213 7 \n",0,"",13909,279,8560,0,"9305c12eff7a8498"],
    ["before\n12 213 7 \n",0,"",13909,279,8560,0,"9305c12eff7a8498"],
    ["before\n12 213 7 \n",0,"",13909,279,8560,0,"9305c12eff7a8498"],
    ["before\n12 213 7 \n",0,"",13909,279,8560,0,"9305c12eff7a8498"],
    ["before\n12 213 7 \n",0,"",13860.5,279,8560,0,"f44ba13cad88ecac"],
    ["before\n12 213 7 \n",0,"",13909,279,8560,0,"9305c12eff7a8498"],
    ["before\n12 213 7 \n",0,"",13909,279,8560,0,"9305c12eff7a8498"],
    ["before\n12 213 7 \n",0,"",13909,540,8560,0,"6af74b1fdb7c7613"],
    ["before\n35 1667 7 \n",0,"",13909,8560,8560,0,"df3574de61dc3885"],
  ],
  [
    ["before\n3 1316981 7 \n",0,"",13922,280,8592,0,"c5bf9dbfa46e875a"],
    ["before\n3 1316981 7 \n",0,"",13922,280,8592,0,"c5bf9dbfa46e875a"],
    ["before\n3 1316981 7 \n",0,"",13922,280,8592,0,"c5bf9dbfa46e875a"],
    ["before\n3 1316981 7 \n",0,"",13922,280,8592,0,"c5bf9dbfa46e875a"],
    ["before\n3 1316981 7 \n",0,"",13870.75,280,8592,0,"9ae9564eadda60cb"],
    ["before\n3 1316981 7 \n",0,"",13922,280,8592,0,"c5bf9dbfa46e875a"],
    ["before\n3 1316981 7 \n",0,"",13922,280,8592,0,"c5bf9dbfa46e875a"],
    ["before\n3 1316981 7 \n",0,"",13922,542,8592,0,"6e7a734675e61840"],
    ["before\n3 267 7 \n",0,"",13922,8592,8592,0,"1736544ecd6e1895"],
  ],
  [
    ["before\n30 1111 2 \n",0,"",24177,832,26432,0,"6eb37f0da69a4f1e"],
    ["before\n",1,"t.oir:8:3: runtime error: step limit exceeded (150 warp instructions); an infinite loop? (raise it with --max-steps) (kernel @k, team 0, thread 0) @13787",13787,256,8000,0,"d169b8ffc3033aaf"],
    ["before\n30 1111 2 \n",0,"",24177,832,26432,0,"7ca1cee3ced0fbdd"],
    ["before\n30 1111 2 \n",0,"",24177,832,26432,0,"ff373815592da0d4"],
    ["before\n30 1111 2 \n",0,"",24175.5,832,26432,0,"e938f1e2b3e58ee8"],
    ["before\n30 1111 2 \n",0,"",24177,832,26432,0,"6eb37f0da69a4f1e"],
    ["before\n30 1111 2 \n",0,"",24177,832,26432,0,"ff373815592da0d4"],
    ["before\n30 1111 2 \n",0,"",24177,1656,26432,0,"d2e83e33cdb318c8"],
    ["before\n28 1095 2 \n",0,"",24177,26432,26432,0,"fad2d535fc5827c0"],
  ],
  [
    ["before\n4 8 134 \n",0,"",131326,2530,13664,0,"c3a101f724f1c1c4"],
    ["before\n",1,"t.oir:8:3: runtime error: step limit exceeded (150 warp instructions); an infinite loop? (raise it with --max-steps) (kernel @k, team 0, thread 0) @15102",15102,279,7938,0,"8a06e362f66c003d"],
    ["before\n",1,"t.oir:8:3: runtime error: step limit exceeded (400 warp instructions); an infinite loop? (raise it with --max-steps) (kernel @k, team 0, thread 0) @27812",27812,527,10140,0,"82a8b848feaf2c8b"],
    ["before\n4 8 134 \n",0,"",131326,2530,13664,0,"c3a101f724f1c1c4"],
    ["before\n4 8 134 \n",0,"",131503.5,2530,13664,0,"a395e60ece03d73d"],
    ["before\n4 8 134 \n",0,"",131326,2530,13664,0,"c3a101f724f1c1c4"],
    ["before\n",1,"t.oir:15:3: runtime error: step limit exceeded (2100 warp instructions); an infinite loop? (raise it with --max-steps) (kernel @k, team 0, thread 0) @114734",114734,2225,13328,0,"500fb77a305f62f1"],
    ["before\n4 8 134 \n",0,"",131326,2788,13664,0,"11f370aff7690499"],
    ["before\n4 8 134 \n",0,"",131326,13664,13664,0,"cf698d86e71f58e8"],
  ],
  [
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 51) @8854",8854,354,11248,0,"7b90b400acfa33c1"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 51) @8854",8854,354,11248,0,"7b90b400acfa33c1"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 51) @8854",8854,458,14576,0,"04d13bf5fc98ea93"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 51) @8854",8854,455,14480,0,"bb44b945e049d7ff"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 51) @8780.75",8780.75,455,14480,0,"85320f6b2ead6106"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 51) @8854",8854,354,11248,0,"7b90b400acfa33c1"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 51) @8854",8854,455,14480,0,"bb44b945e049d7ff"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 51) @8854",8854,919,14624,0,"4607d612570ca659"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 51) @8854",8854,10828,10828,0,"58ed4fa97a3e2be9"],
  ],
  [
    ["before\n",1,"t.oir:19:3: runtime error: out-of-bounds access: 4 bytes at offset 2048 of a 2000-byte allocation (kernel @k, team 0, thread 0) @8426",8426,258,8136,0,"c4efb5c09290a0b9"],
    ["before\n",1,"t.oir:19:3: runtime error: out-of-bounds access: 4 bytes at offset 2048 of a 2000-byte allocation (kernel @k, team 0, thread 0) @8426",8426,258,8136,0,"c4efb5c09290a0b9"],
    ["before\n",1,"t.oir:19:3: runtime error: out-of-bounds access: 4 bytes at offset 2000 of a 2000-byte allocation (kernel @k, team 0, thread 58) @7811",7811,299,9448,0,"b383b8c015d28404"],
    ["before\n",1,"t.oir:19:3: runtime error: out-of-bounds access: 4 bytes at offset 2000 of a 2000-byte allocation (kernel @k, team 0, thread 58) @7811",7811,299,9448,0,"b383b8c015d28404"],
    ["before\n",1,"t.oir:19:3: runtime error: out-of-bounds access: 4 bytes at offset 2000 of a 2000-byte allocation (kernel @k, team 0, thread 58) @7751.5",7751.5,299,9448,0,"3549352fd45b00e1"],
    ["before\n",1,"t.oir:19:3: runtime error: out-of-bounds access: 4 bytes at offset 2048 of a 2000-byte allocation (kernel @k, team 0, thread 0) @8426",8426,258,8136,0,"c4efb5c09290a0b9"],
    ["before\n",1,"t.oir:19:3: runtime error: out-of-bounds access: 4 bytes at offset 2000 of a 2000-byte allocation (kernel @k, team 0, thread 58) @7811",7811,299,9448,0,"b383b8c015d28404"],
    ["before\n",1,"t.oir:19:3: runtime error: out-of-bounds access: 4 bytes at offset 2000 of a 2000-byte allocation (kernel @k, team 0, thread 58) @7811",7811,607,9592,0,"f9520c9fa93fef3a"],
    ["before\n",1,"t.oir:19:3: runtime error: out-of-bounds access: 4 bytes at offset 2048 of a 2000-byte allocation (kernel @k, team 0, thread 0) @8426",8426,6462,6462,0,"78428aa4d66792a1"],
  ],
  [
    ["before\n0 2 7 1 200 7 \n",0,"",17071,328,10072,2,"f06e72239c3c142a"],
    ["before\n0 2 7 1 200 7 \n",0,"",17071,328,10072,2,"f06e72239c3c142a"],
    ["before\n0 2 7 1 200 7 \n",0,"",17071,328,10072,2,"d59c7f931078c201"],
    ["before\n0 2 7 1 200 7 \n",0,"",17071,328,10072,1,"7ccec7da43fe01ee"],
    ["before\n0 2 7 1 200 7 \n",0,"",17016,328,10072,1,"760bd42bccf0287c"],
    ["before\n0 2 7 1 200 7 \n",0,"",17071,328,10072,2,"f06e72239c3c142a"],
    ["before\n0 2 7 1 200 7 \n",0,"",17071,328,10072,1,"7ccec7da43fe01ee"],
    ["before\n0 2 7 1 200 7 \n",0,"",17071,635,10072,1,"3b7e67dcb85d04fe"],
    ["before\n0 2 7 1 200 7 \n",0,"",17071,10072,10072,2,"e65565e799102b0a"],
  ],
  [
    ["before\n3 12 11 1 2 11 \n",0,"",24450,1044,26543,0,"60fca0f804697044"],
    ["before\n3 12 11 1 2 11 \n",0,"",24450,1044,26543,0,"60fca0f804697044"],
    ["before\n3 12 11 1 2 11 \n",0,"",24450,1044,26543,0,"60fca0f804697044"],
    ["before\n3 12 11 1 2 11 \n",0,"",24450,1044,26543,0,"60fca0f804697044"],
    ["before\n3 12 11 1 2 11 \n",0,"",24165.75,1044,26543,0,"6a2334a210c6aeea"],
    ["before\n3 12 11 1 2 11 \n",0,"",24450,1044,26543,0,"60fca0f804697044"],
    ["before\n3 12 11 1 2 11 \n",0,"",24450,1044,26543,0,"60fca0f804697044"],
    ["before\n3 12 11 1 2 11 \n",0,"",24450,2078,26543,0,"020687dee57c1d1f"],
    ["before\n3 12 11 1 2 11 \n",0,"",23022,26543,26543,0,"1059c8ca59f460fe"],
  ],
  [
    ["before\n",1,"t.oir:23:3: runtime error: out-of-bounds access: 4 bytes at offset 2148 of a 2000-byte allocation (kernel @k, team 0, thread 3) @8795",8795,297,8768,0,"4a27ebc82387a9ae"],
    ["before\n",1,"t.oir:23:3: runtime error: out-of-bounds access: 4 bytes at offset 2148 of a 2000-byte allocation (kernel @k, team 0, thread 3) @8795",8795,297,8768,0,"4a27ebc82387a9ae"],
    ["before\n",1,"t.oir:23:3: runtime error: out-of-bounds access: 4 bytes at offset 2148 of a 2000-byte allocation (kernel @k, team 0, thread 3) @8795",8795,368,10528,0,"b163444146998e8f"],
    ["before\n",1,"t.oir:23:3: runtime error: out-of-bounds access: 4 bytes at offset 2008 of a 2000-byte allocation (kernel @k, team 0, thread 32) @8361",8361,368,10528,0,"e9a440ffcba10069"],
    ["before\n",1,"t.oir:23:3: runtime error: out-of-bounds access: 4 bytes at offset 2008 of a 2000-byte allocation (kernel @k, team 0, thread 32) @8204.75",8204.75,368,10528,0,"837de2a1acd1f03f"],
    ["before\n",1,"t.oir:23:3: runtime error: out-of-bounds access: 4 bytes at offset 2148 of a 2000-byte allocation (kernel @k, team 0, thread 3) @8795",8795,297,8768,0,"4a27ebc82387a9ae"],
    ["before\n",1,"t.oir:23:3: runtime error: out-of-bounds access: 4 bytes at offset 2008 of a 2000-byte allocation (kernel @k, team 0, thread 32) @8361",8361,368,10528,0,"e9a440ffcba10069"],
    ["before\n",1,"t.oir:23:3: runtime error: out-of-bounds access: 4 bytes at offset 2008 of a 2000-byte allocation (kernel @k, team 0, thread 32) @8361",8361,736,10528,0,"f02540857ffad8e0"],
    ["before\n",1,"t.oir:23:3: runtime error: out-of-bounds access: 4 bytes at offset 2148 of a 2000-byte allocation (kernel @k, team 0, thread 3) @7770",7770,6746,6746,0,"d7f70aa6f8317c42"],
  ],
  [
    ["before\n3 13 4194 1 13 19 \n",0,"",22199,670,12908,0,"d7007e9d5aace805"],
    ["before\n3 13 4194 1 13 19 \n",0,"",22199,670,12908,0,"d7007e9d5aace805"],
    ["before\n3 13 4194 1 13 19 \n",0,"",22199,670,12908,0,"d7007e9d5aace805"],
    ["before\n3 13 4194 1 13 19 \n",0,"",22199,670,12908,0,"d7007e9d5aace805"],
    ["before\n3 13 4194 1 13 19 \n",0,"",22095.25,670,12908,0,"4f56e1cc3ab340b5"],
    ["before\n3 13 4194 1 13 19 \n",0,"",22199,670,12908,0,"d7007e9d5aace805"],
    ["before\n3 13 4194 1 13 19 \n",0,"",22199,670,12908,0,"d7007e9d5aace805"],
    ["before\n3 13 4194 1 13 19 \n",0,"",22199,1142,12908,0,"011093216d410163"],
    ["before\n3 13 4194 1 13 19 \n",0,"",22199,12908,12908,0,"de41e49e075f7fc8"],
  ],
  [
    ["before\n",1,"t.oir:18:3: runtime error: integer division by zero (kernel @k, team 0, thread 44) @8122",8122,395,12480,0,"48c78959ca80a69e"],
    ["before\n",1,"t.oir:18:3: runtime error: integer division by zero (kernel @k, team 0, thread 44) @8122",8122,395,12480,0,"48c78959ca80a69e"],
    ["before\n",1,"t.oir:18:3: runtime error: integer division by zero (kernel @k, team 0, thread 44) @8122",8122,352,11184,0,"7b2145b3caf97551"],
    ["before\n",1,"t.oir:18:3: runtime error: integer division by zero (kernel @k, team 0, thread 44) @8122",8122,342,10864,0,"fa62783483551568"],
    ["before\n",1,"t.oir:18:3: runtime error: integer division by zero (kernel @k, team 0, thread 44) @7981.75",7981.75,342,10864,0,"0b620bde0fae5559"],
    ["before\n",1,"t.oir:18:3: runtime error: integer division by zero (kernel @k, team 0, thread 44) @8122",8122,395,12480,0,"48c78959ca80a69e"],
    ["before\n",1,"t.oir:18:3: runtime error: integer division by zero (kernel @k, team 0, thread 44) @8122",8122,342,10864,0,"fa62783483551568"],
    ["before\n",1,"t.oir:18:3: runtime error: integer division by zero (kernel @k, team 0, thread 44) @8122",8122,682,10832,0,"1a0778932f7ad889"],
    ["before\n",1,"t.oir:18:3: runtime error: integer division by zero (kernel @k, team 0, thread 44) @8122",8122,12142,12142,0,"4a54b9e2058924a0"],
  ],
  [
    ["before\n3 7 11 3 7 11 \n",0,"",23825,1072,32512,0,"344bee210e06600e"],
    ["before\n",1,"t.oir:40:3: runtime error: step limit exceeded (150 warp instructions); an infinite loop? (raise it with --max-steps) (kernel @k, team 0, thread 0) @20083",20083,486,14862,0,"5e707c79e66449b4"],
    ["before\n3 7 11 3 7 11 \n",0,"",23825,1072,32512,0,"344bee210e06600e"],
    ["before\n3 7 11 3 7 11 \n",0,"",23825,1072,32512,0,"344bee210e06600e"],
    ["before\n3 7 11 3 7 11 \n",0,"",23454.25,1072,32512,0,"917fa8f26ea7f941"],
    ["before\n3 7 11 3 7 11 \n",0,"",23825,1072,32512,0,"344bee210e06600e"],
    ["before\n3 7 11 3 7 11 \n",0,"",23825,1072,32512,0,"344bee210e06600e"],
    ["before\n3 7 11 3 7 11 \n",0,"",23773,2100,32512,0,"ae182ec2c9eb0954"],
    ["before\n3 7 11 3 7 11 \n",0,"",23773,32512,32512,0,"28f7f14487749678"],
  ],
  [
    ["before\n4 62 24 4 8 13 \n",0,"",14367,259,7866,0,"efd710361dc94351"],
    ["before\n4 62 24 4 8 13 \n",0,"",14367,259,7866,0,"efd710361dc94351"],
    ["before\n4 62 24 4 8 13 \n",0,"",14367,259,7866,0,"efd710361dc94351"],
    ["before\n4 62 24 4 8 13 \n",0,"",14367,259,7866,0,"efd710361dc94351"],
    ["before\n4 62 24 4 8 13 \n",0,"",14323.5,259,7866,0,"d1f2e81fa1ae5567"],
    ["before\n4 62 24 4 8 13 \n",0,"",14367,259,7866,0,"efd710361dc94351"],
    ["before\n4 62 24 4 8 13 \n",0,"",14367,259,7866,0,"efd710361dc94351"],
    ["before\n4 62 24 4 8 13 \n",0,"",14367,498,7866,0,"57d7f46b584f7bb5"],
    ["before\n4 62 24 4 8 13 \n",0,"",14367,7866,7866,0,"8ea81ccb7cfc96af"],
  ],  [
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2397 of a 2400-byte allocation (kernel @k, team 0, thread 23) @20378",20378,379,12048,0,"abec56f1715dc97c"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2397 of a 2400-byte allocation (kernel @k, team 0, thread 23) @20378",20378,379,12048,0,"abec56f1715dc97c"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2397 of a 2400-byte allocation (kernel @k, team 0, thread 23) @20378",20378,507,16144,0,"6b247e32f47c659b"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2397 of a 2400-byte allocation (kernel @k, team 0, thread 23) @20378",20378,522,16624,0,"b5faa1bded99bfe6"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2397 of a 2400-byte allocation (kernel @k, team 0, thread 23) @20313.25",20313.25,522,16624,0,"76a9d4a6645fd50e"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2397 of a 2400-byte allocation (kernel @k, team 0, thread 23) @20378",20378,379,12048,0,"abec56f1715dc97c"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2397 of a 2400-byte allocation (kernel @k, team 0, thread 23) @20378",20378,522,16624,0,"b5faa1bded99bfe6"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2397 of a 2400-byte allocation (kernel @k, team 0, thread 23) @20378",20378,1057,16832,0,"acf77e946b771c8f"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2397 of a 2400-byte allocation (kernel @k, team 0, thread 23) @20378",20378,11256,11256,0,"d64b1cd503f41bf1"],
  ],
  [
    ["before\n3 13 6 769 13 6 \n",0,"",20174,693,18756,0,"90559018d3e46b37"],
    ["before\n3 13 6 769 13 6 \n",0,"",20174,693,18756,0,"90559018d3e46b37"],
    ["before\n3 13 6 769 13 6 \n",0,"",20174,693,18756,0,"005d84f10e84d7bc"],
    ["before\n3 13 6 769 13 6 \n",0,"",20174,693,18756,0,"229b6dfedf415bca"],
    ["before\n3 13 6 769 13 6 \n",0,"",20092.25,693,18756,0,"3e1b4a1e39a8e67f"],
    ["before\n3 13 6 769 13 6 \n",0,"",20174,693,18756,0,"90559018d3e46b37"],
    ["before\n3 13 6 769 13 6 \n",0,"",20174,693,18756,0,"229b6dfedf415bca"],
    ["before\n3 13 6 769 13 6 \n",0,"",20174,1178,18756,0,"8f5543b54d6cc257"],
    ["before\n3 13 6 769 13 6 \n",0,"",20174,18756,18756,0,"36af084e9dcbcbea"],
  ],
  [
    ["before\n-3 0 0 -99213084 0 -124016352 \n",0,"",31113,1359,43116,0,"ae7c71c081909e54"],
    ["before\n",1,"t.oir:13:3: runtime error: step limit exceeded (150 warp instructions); an infinite loop? (raise it with --max-steps) (kernel @k, team 0, thread 0) @24562",24562,609,19368,0,"4a3ae2eb0ad2eabd"],
    ["before\n-3 0 0 -99213084 0 -124016352 \n",0,"",31113,1359,43116,0,"ae7c71c081909e54"],
    ["before\n-3 0 0 -99213084 0 -124016352 \n",0,"",31113,1359,43116,0,"ae7c71c081909e54"],
    ["before\n-3 0 0 -99213084 0 -124016352 \n",0,"",30420.5,1359,43116,0,"53b4bef137dd014f"],
    ["before\n-3 0 0 -99213084 0 -124016352 \n",0,"",31113,1359,43116,0,"ae7c71c081909e54"],
    ["before\n-3 0 0 -99213084 0 -124016352 \n",0,"",31113,1359,43116,0,"ae7c71c081909e54"],
    ["before\n-3 0 0 -99213084 0 -124016352 \n",0,"",31113,2718,43116,0,"ddba48ca93d1c9a5"],
    ["before\n-3 0 0 -99213084 0 -124016352 \n",0,"",31113,43116,43116,0,"3af4d9fa2cd994ba"],
  ],
  [
    ["before\n",1,"t.oir:21:3: runtime error: integer division by zero (kernel @k, team 0, thread 9) @22154",22154,554,17488,0,"3cf3dbdb805ff143"],
    ["before\n",1,"t.oir:13:3: runtime error: step limit exceeded (150 warp instructions); an infinite loop? (raise it with --max-steps) (kernel @k, team 0, thread 0) @21242",21242,522,16464,0,"bafa43f5be7e9e10"],
    ["before\n",1,"t.oir:21:3: runtime error: integer division by zero (kernel @k, team 0, thread 9) @22154",22154,742,23504,0,"699f8a29319cb728"],
    ["before\n",1,"t.oir:21:3: runtime error: integer division by zero (kernel @k, team 0, thread 9) @22154",22154,742,23504,0,"699f8a29319cb728"],
    ["before\n",1,"t.oir:21:3: runtime error: integer division by zero (kernel @k, team 0, thread 9) @21653.5",21653.5,742,23504,0,"5457ec8888d76ae7"],
    ["before\n",1,"t.oir:21:3: runtime error: integer division by zero (kernel @k, team 0, thread 9) @22154",22154,554,17488,0,"3cf3dbdb805ff143"],
    ["before\n",1,"t.oir:21:3: runtime error: integer division by zero (kernel @k, team 0, thread 9) @22154",22154,742,23504,0,"699f8a29319cb728"],
    ["before\n",1,"t.oir:21:3: runtime error: integer division by zero (kernel @k, team 0, thread 9) @22154",22154,1472,23472,0,"e2c40941478e43c7"],
    ["before\n",1,"t.oir:21:3: runtime error: integer division by zero (kernel @k, team 0, thread 9) @22154",22154,13857,13857,0,"b790e98260ec2492"],
  ],
  [
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4092 of a 4092-byte allocation (kernel @k, team 1, thread 63) @19709",19709,686,21942,0,"447488487f298893"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4092 of a 4092-byte allocation (kernel @k, team 1, thread 63) @19709",19709,686,21942,0,"447488487f298893"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4092 of a 4092-byte allocation (kernel @k, team 1, thread 63) @19709",19709,686,21942,0,"447488487f298893"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4092 of a 4092-byte allocation (kernel @k, team 1, thread 63) @19709",19709,677,21654,0,"113538b01b73a1a9"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4092 of a 4092-byte allocation (kernel @k, team 1, thread 63) @19590.5",19590.5,677,21654,0,"d373c8a3d465941e"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4092 of a 4092-byte allocation (kernel @k, team 1, thread 63) @19709",19709,686,21942,0,"447488487f298893"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4092 of a 4092-byte allocation (kernel @k, team 1, thread 63) @19709",19709,677,21654,0,"113538b01b73a1a9"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4092 of a 4092-byte allocation (kernel @k, team 1, thread 63) @19709",19709,1361,21766,0,"422d7e4d391c4bf6"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4092 of a 4092-byte allocation (kernel @k, team 1, thread 63) @19709",19709,22252,22252,0,"d4200237c2566a24"],
  ],
  [
    ["before\n",1,"t.oir:20:3: runtime error: out-of-bounds access: 4 bytes at offset -4 of a 3600-byte allocation (kernel @k, team 0, thread 1) @18974",18974,410,12840,0,"df900c4ddc3bba8f"],
    ["before\n",1,"t.oir:20:3: runtime error: out-of-bounds access: 4 bytes at offset -4 of a 3600-byte allocation (kernel @k, team 0, thread 1) @18974",18974,410,12840,0,"df900c4ddc3bba8f"],
    ["before\n",1,"t.oir:20:3: runtime error: out-of-bounds access: 4 bytes at offset -4 of a 3600-byte allocation (kernel @k, team 0, thread 1) @18974",18974,605,19080,0,"f5b38681e19af347"],
    ["before\n",1,"t.oir:20:3: runtime error: out-of-bounds access: 4 bytes at offset -4 of a 3600-byte allocation (kernel @k, team 0, thread 1) @18974",18974,632,19944,0,"126d69951fad1a5b"],
    ["before\n",1,"t.oir:20:3: runtime error: out-of-bounds access: 4 bytes at offset -4 of a 3600-byte allocation (kernel @k, team 0, thread 1) @18856.25",18856.25,632,19944,0,"5fdbbafe5e208117"],
    ["before\n",1,"t.oir:20:3: runtime error: out-of-bounds access: 4 bytes at offset -4 of a 3600-byte allocation (kernel @k, team 0, thread 1) @18974",18974,410,12840,0,"df900c4ddc3bba8f"],
    ["before\n",1,"t.oir:20:3: runtime error: out-of-bounds access: 4 bytes at offset -4 of a 3600-byte allocation (kernel @k, team 0, thread 1) @18974",18974,632,19944,0,"126d69951fad1a5b"],
    ["before\n",1,"t.oir:20:3: runtime error: out-of-bounds access: 4 bytes at offset -4 of a 3600-byte allocation (kernel @k, team 0, thread 1) @18974",18974,1252,19912,0,"9444d76bcc102e06"],
    ["before\n",1,"t.oir:20:3: runtime error: out-of-bounds access: 4 bytes at offset -4 of a 3600-byte allocation (kernel @k, team 0, thread 1) @18974",18974,10570,10570,0,"93afa9d81c033c4e"],
  ],
  [
    ["before\n",1,"t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset 4000 of a 4000-byte allocation (kernel @k, team 0, thread 13) @18760",18760,430,13520,0,"37f2332aa9a0aff8"],
    ["before\n",1,"t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset 4000 of a 4000-byte allocation (kernel @k, team 0, thread 13) @18760",18760,430,13520,0,"37f2332aa9a0aff8"],
    ["before\n",1,"t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset 4000 of a 4000-byte allocation (kernel @k, team 0, thread 13) @18760",18760,556,17552,0,"21837fce8df5f016"],
    ["before\n",1,"t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset 4000 of a 4000-byte allocation (kernel @k, team 0, thread 13) @18760",18760,622,19664,0,"30c1f6cfcb5bf3cc"],
    ["before\n",1,"t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset 4000 of a 4000-byte allocation (kernel @k, team 0, thread 13) @18642.25",18642.25,622,19664,0,"a5966102f064d58c"],
    ["before\n",1,"t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset 4000 of a 4000-byte allocation (kernel @k, team 0, thread 13) @18760",18760,430,13520,0,"37f2332aa9a0aff8"],
    ["before\n",1,"t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset 4000 of a 4000-byte allocation (kernel @k, team 0, thread 13) @18760",18760,622,19664,0,"30c1f6cfcb5bf3cc"],
    ["before\n",1,"t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset 4000 of a 4000-byte allocation (kernel @k, team 0, thread 13) @18760",18760,1232,19632,0,"c649b08a863f192d"],
    ["before\n",1,"t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset 4460 of a 4000-byte allocation (kernel @k, team 0, thread 0) @19173",19173,11485,11485,0,"6f980805b9011c16"],
  ],
  [
    ["before\n",1,"t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset 4000 of a 4000-byte allocation (kernel @k, team 1, thread 33) @19566",19566,663,20976,0,"2f420729532519b4"],
    ["before\n",1,"t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset 4000 of a 4000-byte allocation (kernel @k, team 1, thread 33) @19566",19566,663,20976,0,"2f420729532519b4"],
    ["before\n",1,"t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset 4000 of a 4000-byte allocation (kernel @k, team 1, thread 33) @19566",19566,663,20976,0,"2f420729532519b4"],
    ["before\n",1,"t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset 4000 of a 4000-byte allocation (kernel @k, team 1, thread 33) @19566",19566,654,20688,0,"be109e416f21633a"],
    ["before\n",1,"t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset 4000 of a 4000-byte allocation (kernel @k, team 1, thread 33) @19446.25",19446.25,654,20688,0,"ed8f9fb05ce8400d"],
    ["before\n",1,"t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset 4000 of a 4000-byte allocation (kernel @k, team 1, thread 33) @19566",19566,663,20976,0,"2f420729532519b4"],
    ["before\n",1,"t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset 4000 of a 4000-byte allocation (kernel @k, team 1, thread 33) @19566",19566,654,20688,0,"be109e416f21633a"],
    ["before\n",1,"t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset 4000 of a 4000-byte allocation (kernel @k, team 1, thread 33) @19566",19566,1296,20656,0,"ff44b338f3ae1635"],
    ["before\n",1,"t.oir:18:3: runtime error: out-of-bounds access: 4 bytes at offset 4000 of a 4000-byte allocation (kernel @k, team 1, thread 33) @19566",19566,18945,18945,0,"79bd454cf14a9b8f"],
  ],
  [
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4008 of a 4000-byte allocation (kernel @k, team 1, thread 22) @21020",21020,741,21613,0,"4dbaebc57b871cee"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4008 of a 4000-byte allocation (kernel @k, team 1, thread 22) @21020",21020,741,21613,0,"4dbaebc57b871cee"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4008 of a 4000-byte allocation (kernel @k, team 1, thread 22) @21020",21020,818,23837,0,"f4c7648445d61a0e"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4008 of a 4000-byte allocation (kernel @k, team 1, thread 22) @21020",21020,833,24238,0,"a6c5900e825f09d2"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4008 of a 4000-byte allocation (kernel @k, team 1, thread 22) @20905",20905,833,24238,0,"a109f2e632286dbf"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4008 of a 4000-byte allocation (kernel @k, team 1, thread 22) @21020",21020,741,21613,0,"4dbaebc57b871cee"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4008 of a 4000-byte allocation (kernel @k, team 1, thread 22) @21020",21020,833,24238,0,"a6c5900e825f09d2"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4008 of a 4000-byte allocation (kernel @k, team 1, thread 22) @21020",21020,1664,24366,0,"19c833c96cae6145"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4008 of a 4000-byte allocation (kernel @k, team 1, thread 22) @21003",21003,21032,21032,0,"d84c7289c0d0af6f"],
  ],
  [
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4096 of a 4000-byte allocation (kernel @k, team 0, thread 0) @20022",20022,526,16544,0,"63614ad0dd18dcba"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4096 of a 4000-byte allocation (kernel @k, team 0, thread 0) @20022",20022,526,16544,0,"63614ad0dd18dcba"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4096 of a 4000-byte allocation (kernel @k, team 0, thread 0) @20022",20022,748,23648,0,"4ae97ebb178f253d"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4000 of a 4000-byte allocation (kernel @k, team 1, thread 40) @19608",19608,803,25408,0,"a0d2a88406715567"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4000 of a 4000-byte allocation (kernel @k, team 1, thread 40) @19491.25",19491.25,803,25408,0,"9dbc9bebc60834d0"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4096 of a 4000-byte allocation (kernel @k, team 0, thread 0) @20022",20022,526,16544,0,"63614ad0dd18dcba"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4000 of a 4000-byte allocation (kernel @k, team 1, thread 40) @19608",19608,803,25408,0,"a0d2a88406715567"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4000 of a 4000-byte allocation (kernel @k, team 1, thread 40) @19608",19608,1592,25376,0,"1024d6ae31b0c2d7"],
    ["before\n",1,"t.oir:16:3: runtime error: out-of-bounds access: 4 bytes at offset 4096 of a 4000-byte allocation (kernel @k, team 0, thread 0) @20022",20022,13506,13506,0,"13ddcedd14ce33c3"],
  ],
];

describe("loops that store give what lock-step execution gives", () => {
  STORE_CASES.forEach((c, i) => {
    test(c.name, () => {
      expect(VARIANTS.map((v) => observe(c.src, v, c.races === true))).toEqual(EXPECT[i]);
    });
  });
});

// The tests above would pass with no fast path at all: check that these loops take it.
describe("which loops run iteration by iteration", () => {
  const compiled = (src: string, races: boolean): ReturnType<typeof compileFunction> => {
    const m = parseModule(src, "t.oir");
    const f = m.functions.find((g) => g.name === "k")!;
    return compileFunction(f, {
      module: m, W: 32, device: true, costs: DEFAULT_COST_MODEL, globalPtr: m.globals.map(() => 0), localIndex: m.globals.map(() => -1),
      funcPtr: m.functions.map(() => 0), ipdom: reconvergenceBlocks(f), helpers: {} as Helpers, races,
    });
  };
  const iterLoops = (src: string, races: boolean): number => compiled(src, races).loops.filter((l) => l?.iter === true).length;
  test("every kernel @k above that loops in itself has one, and none under the race detector", () => {
    const counts = STORE_CASES.map((c) => iterLoops(c.src, false));
    expect(counts).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(STORE_CASES.map((c) => iterLoops(c.src, true))).toEqual(STORE_CASES.map(() => 0));
  });
});
