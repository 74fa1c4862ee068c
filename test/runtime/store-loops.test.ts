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
    ["before\n3.000000 4.000000 5.000000 10.500000 14.000000 5.000000 10.500000 14.000000 5.000000 1 -12 5 \n",0,"",40311,1263,39525,0,"2cbade7ca95636a3"],
    ["before\n",1,"t.oir:46:3: runtime error: step limit exceeded (150 warp instructions); an infinite loop? (raise it with --max-steps) (kernel @init, team 0, thread 0) @15006",15006,152,4864,0,"c54a0328bedf01ac"],
    ["before\n3.000000 4.000000 5.000000 10.500000 14.000000 5.000000 10.500000 14.000000 5.000000 1 -12 5 \n",0,"",40311,1263,39525,0,"2cbade7ca95636a3"],
    ["before\n3.000000 4.000000 5.000000 10.500000 14.000000 5.000000 10.500000 14.000000 5.000000 1 -12 5 \n",0,"",40311,1263,39525,0,"2cbade7ca95636a3"],
    ["before\n3.000000 4.000000 5.000000 10.500000 14.000000 5.000000 10.500000 14.000000 5.000000 1 -12 5 \n",0,"",40194.5,1263,39525,0,"7c82a08b3435bd02"],
    ["before\n3.000000 4.000000 5.000000 10.500000 14.000000 5.000000 10.500000 14.000000 5.000000 1 -12 5 \n",0,"",40311,1263,39525,0,"2cbade7ca95636a3"],
    ["before\n3.000000 4.000000 5.000000 10.500000 14.000000 5.000000 10.500000 14.000000 5.000000 1 -12 5 \n",0,"",40311,1263,39525,0,"2cbade7ca95636a3"],
    ["before\n3.000000 4.000000 5.000000 10.500000 14.000000 5.000000 10.500000 14.000000 5.000000 1 -12 5 \n",0,"",40311,2491,39525,0,"ff4cdf577aef260c"],
    ["before\n3.000000 4.000000 5.000000 10.500000 14.000000 5.000000 10.500000 14.000000 5.000000 1 -12 5 \n",0,"",40311,39525,39525,0,"1145cb47f444865a"],
  ],
  [
    ["before\n3 4550 6 3 347 696 \n",0,"",20344,562,17867,0,"b5390a8b76e59d13"],
    ["before\n3 4550 6 3 347 696 \n",0,"",20344,562,17867,0,"b5390a8b76e59d13"],
    ["before\n3 4550 6 3 347 696 \n",0,"",20344,562,17867,0,"b5390a8b76e59d13"],
    ["before\n3 4550 6 3 347 696 \n",0,"",20344,562,17867,0,"b5390a8b76e59d13"],
    ["before\n3 4550 6 3 347 696 \n",0,"",20256.75,562,17867,0,"77b76cf97f8915d5"],
    ["before\n3 4550 6 3 347 696 \n",0,"",20344,562,17867,0,"b5390a8b76e59d13"],
    ["before\n3 4550 6 3 347 696 \n",0,"",20344,562,17867,0,"b5390a8b76e59d13"],
    ["before\n3 4550 6 3 347 696 \n",0,"",20344,1124,17867,0,"6040a8f38d760680"],
    ["before\n3 4550 6 3 347 696 \n",0,"",20344,17867,17867,0,"e585c0ba5f231733"],
  ],
  [
    ["before\n12 213 7 \n",0,"",13909,279,8560,0,"70addbdf90a1f7ba"],
    ["before\n12 213 7 \n",0,"",13909,279,8560,0,"70addbdf90a1f7ba"],
    ["before\n12 213 7 \n",0,"",13909,279,8560,0,"70addbdf90a1f7ba"],
    ["before\n12 213 7 \n",0,"",13909,279,8560,0,"70addbdf90a1f7ba"],
    ["before\n12 213 7 \n",0,"",13860.5,279,8560,0,"aa0950e4c2f6fcff"],
    ["before\n12 213 7 \n",0,"",13909,279,8560,0,"70addbdf90a1f7ba"],
    ["before\n12 213 7 \n",0,"",13909,279,8560,0,"70addbdf90a1f7ba"],
    ["before\n12 213 7 \n",0,"",13909,540,8560,0,"833b63a9642aa7eb"],
    ["before\n35 1667 7 \n",0,"",13909,8560,8560,0,"ff14647dadb492a1"],
  ],
  [
    ["before\n3 1316981 7 \n",0,"",13922,280,8592,0,"05892b6720d447ee"],
    ["before\n3 1316981 7 \n",0,"",13922,280,8592,0,"05892b6720d447ee"],
    ["before\n3 1316981 7 \n",0,"",13922,280,8592,0,"05892b6720d447ee"],
    ["before\n3 1316981 7 \n",0,"",13922,280,8592,0,"05892b6720d447ee"],
    ["before\n3 1316981 7 \n",0,"",13870.75,280,8592,0,"47223f127d3a64e1"],
    ["before\n3 1316981 7 \n",0,"",13922,280,8592,0,"05892b6720d447ee"],
    ["before\n3 1316981 7 \n",0,"",13922,280,8592,0,"05892b6720d447ee"],
    ["before\n3 1316981 7 \n",0,"",13922,542,8592,0,"c69620852a0f71d9"],
    ["before\n3 267 7 \n",0,"",13922,8592,8592,0,"7e77389baf6a17dd"],
  ],
  [
    ["before\n30 1111 2 \n",0,"",24177,832,26432,0,"16bef4d0838f93fd"],
    ["before\n",1,"t.oir:8:3: runtime error: step limit exceeded (150 warp instructions); an infinite loop? (raise it with --max-steps) (kernel @k, team 0, thread 0) @13787",13787,256,8000,0,"2fad9138f3f4a48d"],
    ["before\n30 1111 2 \n",0,"",24177,832,26432,0,"1ca58de4510e90d7"],
    ["before\n30 1111 2 \n",0,"",24177,832,26432,0,"9e8533f2fb1d2bb3"],
    ["before\n30 1111 2 \n",0,"",24175.5,832,26432,0,"b72e7ed85058a34f"],
    ["before\n30 1111 2 \n",0,"",24177,832,26432,0,"16bef4d0838f93fd"],
    ["before\n30 1111 2 \n",0,"",24177,832,26432,0,"9e8533f2fb1d2bb3"],
    ["before\n30 1111 2 \n",0,"",24177,1656,26432,0,"f54fad815784ed65"],
    ["before\n28 1095 2 \n",0,"",24177,26432,26432,0,"69f76d208e873552"],
  ],
  [
    ["before\n4 8 134 \n",0,"",131326,2530,13664,0,"2aa414117c514143"],
    ["before\n",1,"t.oir:8:3: runtime error: step limit exceeded (150 warp instructions); an infinite loop? (raise it with --max-steps) (kernel @k, team 0, thread 0) @15102",15102,279,7938,0,"cdd535a1af4dafc8"],
    ["before\n",1,"t.oir:8:3: runtime error: step limit exceeded (400 warp instructions); an infinite loop? (raise it with --max-steps) (kernel @k, team 0, thread 0) @27812",27812,527,10140,0,"505c62695fc19bb4"],
    ["before\n4 8 134 \n",0,"",131326,2530,13664,0,"2aa414117c514143"],
    ["before\n4 8 134 \n",0,"",131503.5,2530,13664,0,"f59f53105d5a0c4f"],
    ["before\n4 8 134 \n",0,"",131326,2530,13664,0,"2aa414117c514143"],
    ["before\n",1,"t.oir:15:3: runtime error: step limit exceeded (2100 warp instructions); an infinite loop? (raise it with --max-steps) (kernel @k, team 0, thread 0) @114734",114734,2225,13328,0,"6e092507d63e633b"],
    ["before\n4 8 134 \n",0,"",131326,2788,13664,0,"cf2ce061e535a688"],
    ["before\n4 8 134 \n",0,"",131326,13664,13664,0,"bbf32c8e2ea9c857"],
  ],
  [
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 51) @8854",8854,354,11248,0,"08dae7a12ce1440a"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 51) @8854",8854,354,11248,0,"08dae7a12ce1440a"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 51) @8854",8854,458,14576,0,"10afa67518512e7b"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 51) @8854",8854,455,14480,0,"4269a39d236840bc"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 51) @8780.75",8780.75,455,14480,0,"8694caa8aba9ce1f"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 51) @8854",8854,354,11248,0,"08dae7a12ce1440a"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 51) @8854",8854,455,14480,0,"4269a39d236840bc"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 51) @8854",8854,919,14624,0,"8011cbd31154e8b2"],
    ["before\n",1,"t.oir:21:3: runtime error: out-of-bounds access: 4 bytes at offset 2400 of a 2400-byte allocation (kernel @k, team 0, thread 51) @8854",8854,10828,10828,0,"5506aa8ec422bf36"],
  ],
  [
    ["before\n",1,"t.oir:19:3: runtime error: out-of-bounds access: 4 bytes at offset 2048 of a 2000-byte allocation (kernel @k, team 0, thread 0) @8426",8426,258,8136,0,"9a863b98b91531f6"],
    ["before\n",1,"t.oir:19:3: runtime error: out-of-bounds access: 4 bytes at offset 2048 of a 2000-byte allocation (kernel @k, team 0, thread 0) @8426",8426,258,8136,0,"9a863b98b91531f6"],
    ["before\n",1,"t.oir:19:3: runtime error: out-of-bounds access: 4 bytes at offset 2000 of a 2000-byte allocation (kernel @k, team 0, thread 58) @7811",7811,299,9448,0,"73298a24517e361e"],
    ["before\n",1,"t.oir:19:3: runtime error: out-of-bounds access: 4 bytes at offset 2000 of a 2000-byte allocation (kernel @k, team 0, thread 58) @7811",7811,299,9448,0,"73298a24517e361e"],
    ["before\n",1,"t.oir:19:3: runtime error: out-of-bounds access: 4 bytes at offset 2000 of a 2000-byte allocation (kernel @k, team 0, thread 58) @7751.5",7751.5,299,9448,0,"dbd5f41b4ade10f8"],
    ["before\n",1,"t.oir:19:3: runtime error: out-of-bounds access: 4 bytes at offset 2048 of a 2000-byte allocation (kernel @k, team 0, thread 0) @8426",8426,258,8136,0,"9a863b98b91531f6"],
    ["before\n",1,"t.oir:19:3: runtime error: out-of-bounds access: 4 bytes at offset 2000 of a 2000-byte allocation (kernel @k, team 0, thread 58) @7811",7811,299,9448,0,"73298a24517e361e"],
    ["before\n",1,"t.oir:19:3: runtime error: out-of-bounds access: 4 bytes at offset 2000 of a 2000-byte allocation (kernel @k, team 0, thread 58) @7811",7811,607,9592,0,"d5ce53d43e121d62"],
    ["before\n",1,"t.oir:19:3: runtime error: out-of-bounds access: 4 bytes at offset 2048 of a 2000-byte allocation (kernel @k, team 0, thread 0) @8426",8426,6462,6462,0,"077394c9973d5d0a"],
  ],
  [
    ["before\n0 2 7 1 200 7 \n",0,"",17071,328,10072,2,"39817195e01cac28"],
    ["before\n0 2 7 1 200 7 \n",0,"",17071,328,10072,2,"39817195e01cac28"],
    ["before\n0 2 7 1 200 7 \n",0,"",17071,328,10072,2,"2a83f1be8b5522b8"],
    ["before\n0 2 7 1 200 7 \n",0,"",17071,328,10072,1,"17311320c41a9bf8"],
    ["before\n0 2 7 1 200 7 \n",0,"",17016,328,10072,1,"4cefb13f578ef27c"],
    ["before\n0 2 7 1 200 7 \n",0,"",17071,328,10072,2,"39817195e01cac28"],
    ["before\n0 2 7 1 200 7 \n",0,"",17071,328,10072,1,"17311320c41a9bf8"],
    ["before\n0 2 7 1 200 7 \n",0,"",17071,635,10072,1,"be58c0e60124435f"],
    ["before\n0 2 7 1 200 7 \n",0,"",17071,10072,10072,2,"778e3899a063a712"],
  ],
  [
    ["before\n3 12 11 1 2 11 \n",0,"",24450,1044,26543,0,"714b0911b5aaa6bf"],
    ["before\n3 12 11 1 2 11 \n",0,"",24450,1044,26543,0,"714b0911b5aaa6bf"],
    ["before\n3 12 11 1 2 11 \n",0,"",24450,1044,26543,0,"714b0911b5aaa6bf"],
    ["before\n3 12 11 1 2 11 \n",0,"",24450,1044,26543,0,"714b0911b5aaa6bf"],
    ["before\n3 12 11 1 2 11 \n",0,"",24165.75,1044,26543,0,"783d6865cb60acd9"],
    ["before\n3 12 11 1 2 11 \n",0,"",24450,1044,26543,0,"714b0911b5aaa6bf"],
    ["before\n3 12 11 1 2 11 \n",0,"",24450,1044,26543,0,"714b0911b5aaa6bf"],
    ["before\n3 12 11 1 2 11 \n",0,"",24450,2078,26543,0,"3e807e424fc80097"],
    ["before\n3 12 11 1 2 11 \n",0,"",23022,26543,26543,0,"72ffb6bc9d59a1ba"],
  ],
  [
    ["before\n",1,"t.oir:23:3: runtime error: out-of-bounds access: 4 bytes at offset 2148 of a 2000-byte allocation (kernel @k, team 0, thread 3) @8795",8795,297,8768,0,"81021a13ac46d24e"],
    ["before\n",1,"t.oir:23:3: runtime error: out-of-bounds access: 4 bytes at offset 2148 of a 2000-byte allocation (kernel @k, team 0, thread 3) @8795",8795,297,8768,0,"81021a13ac46d24e"],
    ["before\n",1,"t.oir:23:3: runtime error: out-of-bounds access: 4 bytes at offset 2148 of a 2000-byte allocation (kernel @k, team 0, thread 3) @8795",8795,368,10528,0,"c0a43d1facfd8dcf"],
    ["before\n",1,"t.oir:23:3: runtime error: out-of-bounds access: 4 bytes at offset 2008 of a 2000-byte allocation (kernel @k, team 0, thread 32) @8361",8361,368,10528,0,"8612443e81b33816"],
    ["before\n",1,"t.oir:23:3: runtime error: out-of-bounds access: 4 bytes at offset 2008 of a 2000-byte allocation (kernel @k, team 0, thread 32) @8204.75",8204.75,368,10528,0,"f75cc6bcfcdd12f1"],
    ["before\n",1,"t.oir:23:3: runtime error: out-of-bounds access: 4 bytes at offset 2148 of a 2000-byte allocation (kernel @k, team 0, thread 3) @8795",8795,297,8768,0,"81021a13ac46d24e"],
    ["before\n",1,"t.oir:23:3: runtime error: out-of-bounds access: 4 bytes at offset 2008 of a 2000-byte allocation (kernel @k, team 0, thread 32) @8361",8361,368,10528,0,"8612443e81b33816"],
    ["before\n",1,"t.oir:23:3: runtime error: out-of-bounds access: 4 bytes at offset 2008 of a 2000-byte allocation (kernel @k, team 0, thread 32) @8361",8361,736,10528,0,"3cff1d6722a0feaf"],
    ["before\n",1,"t.oir:23:3: runtime error: out-of-bounds access: 4 bytes at offset 2148 of a 2000-byte allocation (kernel @k, team 0, thread 3) @7770",7770,6746,6746,0,"da23f4d30774f8e8"],
  ],
  [
    ["before\n3 13 4194 1 13 19 \n",0,"",22199,670,12908,0,"2b9ad61d8b682e61"],
    ["before\n3 13 4194 1 13 19 \n",0,"",22199,670,12908,0,"2b9ad61d8b682e61"],
    ["before\n3 13 4194 1 13 19 \n",0,"",22199,670,12908,0,"2b9ad61d8b682e61"],
    ["before\n3 13 4194 1 13 19 \n",0,"",22199,670,12908,0,"2b9ad61d8b682e61"],
    ["before\n3 13 4194 1 13 19 \n",0,"",22095.25,670,12908,0,"3c2a0e0922b0f2fd"],
    ["before\n3 13 4194 1 13 19 \n",0,"",22199,670,12908,0,"2b9ad61d8b682e61"],
    ["before\n3 13 4194 1 13 19 \n",0,"",22199,670,12908,0,"2b9ad61d8b682e61"],
    ["before\n3 13 4194 1 13 19 \n",0,"",22199,1142,12908,0,"62d7264180d0b351"],
    ["before\n3 13 4194 1 13 19 \n",0,"",22199,12908,12908,0,"0bb90f17dc983651"],
  ],
  [
    ["before\n",1,"t.oir:18:3: runtime error: integer division by zero (kernel @k, team 0, thread 44) @8122",8122,395,12480,0,"07318a73e4253be4"],
    ["before\n",1,"t.oir:18:3: runtime error: integer division by zero (kernel @k, team 0, thread 44) @8122",8122,395,12480,0,"07318a73e4253be4"],
    ["before\n",1,"t.oir:18:3: runtime error: integer division by zero (kernel @k, team 0, thread 44) @8122",8122,352,11184,0,"427fc28459257464"],
    ["before\n",1,"t.oir:18:3: runtime error: integer division by zero (kernel @k, team 0, thread 44) @8122",8122,342,10864,0,"4abc332ff7ba4e16"],
    ["before\n",1,"t.oir:18:3: runtime error: integer division by zero (kernel @k, team 0, thread 44) @7981.75",7981.75,342,10864,0,"96c86ef2c21e23c6"],
    ["before\n",1,"t.oir:18:3: runtime error: integer division by zero (kernel @k, team 0, thread 44) @8122",8122,395,12480,0,"07318a73e4253be4"],
    ["before\n",1,"t.oir:18:3: runtime error: integer division by zero (kernel @k, team 0, thread 44) @8122",8122,342,10864,0,"4abc332ff7ba4e16"],
    ["before\n",1,"t.oir:18:3: runtime error: integer division by zero (kernel @k, team 0, thread 44) @8122",8122,682,10832,0,"10e4b884a14abc9b"],
    ["before\n",1,"t.oir:18:3: runtime error: integer division by zero (kernel @k, team 0, thread 44) @8122",8122,12142,12142,0,"6eb184fe12245c88"],
  ],
  [
    ["before\n3 7 11 3 7 11 \n",0,"",23825,1072,32512,0,"3156fdea4f7a814e"],
    ["before\n",1,"t.oir:40:3: runtime error: step limit exceeded (150 warp instructions); an infinite loop? (raise it with --max-steps) (kernel @k, team 0, thread 0) @20083",20083,486,14862,0,"2a147ab3e465dcb5"],
    ["before\n3 7 11 3 7 11 \n",0,"",23825,1072,32512,0,"3156fdea4f7a814e"],
    ["before\n3 7 11 3 7 11 \n",0,"",23825,1072,32512,0,"3156fdea4f7a814e"],
    ["before\n3 7 11 3 7 11 \n",0,"",23454.25,1072,32512,0,"8f1b97755f406d46"],
    ["before\n3 7 11 3 7 11 \n",0,"",23825,1072,32512,0,"3156fdea4f7a814e"],
    ["before\n3 7 11 3 7 11 \n",0,"",23825,1072,32512,0,"3156fdea4f7a814e"],
    ["before\n3 7 11 3 7 11 \n",0,"",23773,2100,32512,0,"5e0f200776067898"],
    ["before\n3 7 11 3 7 11 \n",0,"",23773,32512,32512,0,"bd2777091d4624c8"],
  ],
  [
    ["before\n4 62 24 4 8 13 \n",0,"",14367,259,7866,0,"e2f5fe627c16f901"],
    ["before\n4 62 24 4 8 13 \n",0,"",14367,259,7866,0,"e2f5fe627c16f901"],
    ["before\n4 62 24 4 8 13 \n",0,"",14367,259,7866,0,"e2f5fe627c16f901"],
    ["before\n4 62 24 4 8 13 \n",0,"",14367,259,7866,0,"e2f5fe627c16f901"],
    ["before\n4 62 24 4 8 13 \n",0,"",14323.5,259,7866,0,"804b01a08c295fef"],
    ["before\n4 62 24 4 8 13 \n",0,"",14367,259,7866,0,"e2f5fe627c16f901"],
    ["before\n4 62 24 4 8 13 \n",0,"",14367,259,7866,0,"e2f5fe627c16f901"],
    ["before\n4 62 24 4 8 13 \n",0,"",14367,498,7866,0,"6c1390b3191ec23b"],
    ["before\n4 62 24 4 8 13 \n",0,"",14367,7866,7866,0,"e61300e863472010"],
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
  const iterLoops = (src: string, races: boolean): number => {
    const m = parseModule(src, "t.oir");
    const f = m.functions.find((g) => g.name === "k")!;
    const cf = compileFunction(f, {
      module: m, W: 32, device: true, costs: DEFAULT_COST_MODEL, globalPtr: m.globals.map(() => 0), localIndex: m.globals.map(() => -1),
      funcPtr: m.functions.map(() => 0), ipdom: reconvergenceBlocks(f), helpers: {} as Helpers, races,
    });
    return cf.loops.filter((l) => l?.iter === true).length;
  };
  test("every kernel @k above that loops in itself has one, and none under the race detector", () => {
    const counts = STORE_CASES.map((c) => iterLoops(c.src, false));
    expect(counts).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(STORE_CASES.map((c) => iterLoops(c.src, true))).toEqual(STORE_CASES.map(() => 0));
  });
});
