// The generic-kernel generator profile: deterministic, valid, and it produces the program
// features the differential test relies on (not vacuous).

import { describe, expect, test } from "@jest/globals";
import { generateGenericProgram } from "../gen/kernels.js";
import { NO_SHAPES, SHAPES, onlyShapes } from "../../src/tools/genkernels.js";
import { verifyModule } from "../../src/ir/verifier.js";
import { execute } from "../../src/runtime/execute.js";
import { plantedFault } from "../../src/tools/fuzz.js";
import { verifyAndRun } from "./genkernels-run.js";
import { parseModule } from "../../src/ir/parse.js";
import { runPipeline } from "../../src/passes/pipeline.js";

describe("generateGenericProgram", () => {
  test("is deterministic per seed and differs across seeds", () => {
    expect(generateGenericProgram(42)).toBe(generateGenericProgram(42));
    expect(generateGenericProgram(42)).not.toBe(generateGenericProgram(43));
    expect(generateGenericProgram(42, { reverseOffload: true })).toBe(generateGenericProgram(42, { reverseOffload: true }));
  });

  // The long tier (test/long/genkernels.test.ts) runs seeds 1-40.
  test("200 programs (100 with reverse offload) verify, and plain ones (seeds 1-10) run without a fault", () => {
    verifyAndRun(200, 10);
  });

  test("covers what SPMD-ization must handle", () => {
    const texts = Array.from({ length: 300 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true })).join("\n");
    const count = (re: RegExp) => (texts.match(re) ?? []).length;
    for (const [what, re] of [
      ["generic kernels", /kernel @k\d\(.*\) generic/g],
      ["parallel regions", /omp\.parallel /g],
      ["sequential global stores", /store i32 .*, global /g],
      ["team-shared stores", /store i32 .*, shared /g],
      ["omp.alloc_shared", /omp\.alloc_shared/g],
      ["atomics", /atomic \w+ i32, global/g],
      ["tagged prints", /print "k\d t%d\.%d\| seq/g],
      ["time-step loops (a parallel region in a loop body)", /^\^body\d+:\n(?:  .*\n)*?  omp\.parallel/gm],
      ["noinline helpers", /device @\w+\(.*\) -> i32 noinline/g],
      ["helpers with a parallel region", /device @par\d/g],
      ["helpers with thread queries", /device @query\d/g],
      ["reverse offload", /omp\.reverse_offload/g],
      ["kernel-argument trip counts", /icmp slt i32 %i\d+, %n/g],
      ["early returns from sequential code", /^\^early\d+:/gm],
    ] as const) {
      expect([what, count(re) >= 20]).toEqual([what, true]);
    }
  });

  test("covers the shapes that broke -O, and only when asked", () => {
    const texts = Array.from({ length: 300 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true })).join("\n");
    const count = (re: RegExp) => (texts.match(re) ?? []).length;
    for (const [what, re, min] of [
      ["loop headers with side effects before the test", /^\^loop\d+\(.*\):\n(?:  %t\d+ = (?:gep|add|and|mul).*\n)*  (?:store|%v\d+ = atomic|print|%t\d+ = atomic)/gm, 20],
      ["do-while time-step loops (effects, then the region, in the header)", /^\^ts\d+\(/gm, 20],
      ["if/else printing after a region", /print "k\d t%d\.%d\| then/g, 20],
      ["kernels ending in a loop without exit", /^\^forever\d+\(/gm, 10],
      ["traps on computed conditions", /trap "gen: trap/g, 20],
      ["private writes through guarded helpers", /call @pw0\(/g, 10],
      ["private writes through noinline helpers", /call @pset0\(/g, 10],
      ["reverse-offload maps of a kernel alloca", /omp\.reverse_offload @revset\(/g, 10],
      ["escaping allocas", /omp\.parallel @k\d_esc\(/g, 10],
      ["helpers with a parallel region called in loops", /^\^pbody\d+:\n  %t\d+ = call @par1\(/gm, 5],
      ["call_indirect of hw-query helpers", /call_indirect (?:@hwq0|%t\d+)\(/g, 10],
      ["mutual recursion", /call @rec[01]\(\d/g, 10],
      ["self-guarding amenable helpers", /call @amen0\(/g, 10],
      ["user globals named like generated ones", /^global @k\d\.(?:bcast\.\d|dummy\.global\.i32) /gm, 20],
      ["user helpers named like clones", /^device @\w+\.(?:seq|spmd)\(/gm, 10],
      ["local globals", /^global @lg : local/gm, 10],
      ["int-to-float edge cases", /(?:sitofp|uitofp) i(?:1|64) /g, 20],
      ["hand-written SPMD kernels printing before a barrier", /^kernel @s0\(%buf: ptr\) spmd/gm, 20],
      ["64 KiB allocas in helpers", /alloca i32, 16384/g, 5],
      ["kernels kept generic by a four-callee call_indirect", /= select ptr %t\d+, %t\d+, %t\d+\n  %v\d+ = call_indirect /g, 20],
      ["runs of adjacent parallel regions in a loop body", /^\^mbody\d+:\n  omp\.parallel /gm, 10],
      ["globalized variables passed straight to a region (made uniform)", /= omp\.alloc_shared %t\d+\n(?:  store .*\n)?  omp\.parallel /g, 10],
    ] as const) {
      expect([what, count(re) >= min]).toEqual([what, true]);
    }
    // Rare ones (about one program in 100 each): the large alloca and the long loop.
    const rare = Array.from({ length: 20 }, (_, i) => generateGenericProgram(i + 1, { shapes: { largeAlloca: 1, longLoop: 1 } })).join("\n");
    expect((rare.match(/alloca i32, 2097152/g) ?? []).length).toBeGreaterThan(0);
    expect((rare.match(/icmp slt i32 %t\d+, 1000000/g) ?? []).length).toBeGreaterThan(0);
    const none = Array.from({ length: 100 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true, shapes: NO_SHAPES })).join("\n");
    for (const re of [/trap "/, /@pw0|@pset0|@amen0|@hwq0|@rec0|@revset\(|_esc|@lg|@s0|\^ts\d|\^forever|@mcallee/, /\.bcast\./]) expect(none).not.toMatch(re);
  });

  test("the merge shape makes merge-parallel fire in most programs", () => {
    let fired = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const m = parseModule(generateGenericProgram(seed, { reverseOffload: true, shapes: { merge: 1 } }), `${seed}.oir`);
      if (runPipeline(m, "-O", { passOptions: {} }).remarks.some((r) => r.id === "OMP150")) fired++;
    }
    expect(fired).toBeGreaterThanOrEqual(20);
  });

  test("warp shuffles only when asked for (--shapes=shuffle)", () => {
    const asked = Array.from({ length: 20 }, (_, i) => generateGenericProgram(i + 1, { ...onlyShapes(["shuffle"]) as object })).join("\n");
    expect((asked.match(/= omp\.shuffle_down (?:i32|i64|f64) /g) ?? []).length).toBeGreaterThan(20);
    const plain = Array.from({ length: 50 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true })).join("\n");
    expect(plain).not.toMatch(/omp\.shuffle_down/);
  });

  test("the eighth session's shapes only when asked for, valid, faulting only where planted", () => {
    const names = ["allocaPun", "escapeVia", "fnptrMem", "faultLoop", "names8", "recBoth"];
    const texts = Array.from({ length: 30 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true, ...onlyShapes(names) as object }));
    const all = texts.join("\n");
    for (const [what, re] of [
      ["punned dangling addresses", /= call @gdpun\(/g],
      ["addresses laundered on the way to a region", /omp\.parallel @escv_r\(/g],
      ["function addresses kept in global memory", /store ptr %t\d+, global %t\d+\n(?:.*\n)*?.*= load ptr, global /g],
      ["loops left only by a fault", /= call @gfloop\(/g],
      ["symbols named like generated ones", /omp\.parallel @__omp_outlined__\(/g],
      ["recursion from both modes", /omp\.target @rbs\(/g],
    ] as const) expect([what, (all.match(re) ?? []).length > 0]).toEqual([what, true]);
    texts.forEach((text, i) => {
      const m = parseModule(text, `s8-${i + 1}.oir`);
      expect(verifyModule(m).filter((d) => d.severity === "error").map((d) => `${i + 1}: ${d.message}`)).toEqual([]);
      if (i < 10) {
        const r = execute(m, { maxSteps: 20_000_000 });
        expect([i + 1, r.fault === null || plantedFault(r.fault)]).toEqual([i + 1, true]);
      }
    });
    const plain = Array.from({ length: 50 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true })).join("\n");
    expect(plain).not.toMatch(/@gdpun|@escv_|@fpm_|@gfloop|@__omp_outlined__|@rbs?\(/);
  });

  test("the levels shape only when asked for: omp.level between regions of kernels kept generic, valid, fault-free", () => {
    const texts = Array.from({ length: 20 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true, ...onlyShapes(["levels"]) as object }));
    const all = texts.join("\n");
    expect((all.match(/omp\.parallel @lv_r\(.*\n.*= call @lv_[qi]\(.*\n(?:.*print.*\n)?.*omp\.parallel @lv_r\(/g) ?? []).length).toBeGreaterThan(5);
    expect(all).toMatch(/call_indirect %t\d+\(.*\) : \(i32\) -> i32\n/);
    texts.forEach((text, i) => {
      const m = parseModule(text, `lv-${i + 1}.oir`);
      expect(verifyModule(m).filter((d) => d.severity === "error").map((d) => `${i + 1}: ${d.message}`)).toEqual([]);
      if (i < 5) expect([i + 1, execute(m, { maxSteps: 20_000_000 }).fault]).toEqual([i + 1, null]);
    });
    const plain = Array.from({ length: 50 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true })).join("\n");
    expect(plain).not.toMatch(/@lv_|@dc_/);
  });

  test("the deepCall shape only when asked for: a recursion to the call stack's bound between regions, fault-free", () => {
    const texts = Array.from({ length: 12 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true, ...onlyShapes(["deepCall"]) as object }));
    expect((texts.join("\n").match(/omp\.parallel .*\n.*= call @dc_rec\(%t\d+\)\n.*omp\.parallel /g) ?? []).length).toBeGreaterThan(3);
    texts.forEach((text, i) => {
      const m = parseModule(text, `dc-${i + 1}.oir`);
      expect(verifyModule(m).filter((d) => d.severity === "error").map((d) => `${i + 1}: ${d.message}`)).toEqual([]);
      if (i < 4) expect([i + 1, execute(m, { maxSteps: 20_000_000 }).fault]).toEqual([i + 1, null]);
    });
  });

  test("the quarantine shape only when asked for: a freed heap block read after thousands of replicated calls, faulting only where planted", () => {
    const texts = Array.from({ length: 12 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true, ...onlyShapes(["quarantine"]) as object }));
    // The block's address is kept, the churn and a region come between, then the planted read.
    expect((texts.join("\n").match(/= call @gqheap\(.*\)\n.*= call @gqchurn\(4[2-4]\d\d, .*\)\n.*omp\.parallel @gqreg\(.*\n.*print .*use after free next.*\n.*= call @gqread\(/g) ?? []).length).toBeGreaterThan(3);
    let planted = 0;
    texts.forEach((text, i) => {
      const m = parseModule(text, `q-${i + 1}.oir`);
      expect(verifyModule(m).filter((d) => d.severity === "error").map((d) => `${i + 1}: ${d.message}`)).toEqual([]);
      const r = execute(m, { maxSteps: 50_000_000 });
      expect([i + 1, r.fault === null || plantedFault(r.fault)]).toEqual([i + 1, true]);
      if (r.fault !== null) {
        expect(r.fault.message).toMatch(/^use after free: the pointer is to device heap memory allocated at /);
        planted++;
      }
    });
    expect(planted).toBeGreaterThan(0);
    const plain = Array.from({ length: 50 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true })).join("\n");
    expect(plain).not.toMatch(/@gq/);
  });

  test("the bigHelper shape only when asked for: a pure helper with a 40 MiB alloca called in the sequential part, fault-free as written", () => {
    const texts = Array.from({ length: 16 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true, ...onlyShapes(["bigHelper"]) as object }));
    expect(texts.filter((t) => /= call @gbigh\(/.test(t)).length).toBeGreaterThan(1);
    // The other form: a slot of the kernel's own written by the helper, read after it.
    expect(texts.filter((t) => /= call @gbigp\(.*, (%t\d+)\)\n.*= load i32, local \1\n/.test(t)).length).toBeGreaterThan(1);
    texts.slice(0, 3).forEach((text, i) => {
      const m = parseModule(text, `big-${i + 1}.oir`);
      expect(verifyModule(m).filter((d) => d.severity === "error").map((d) => `${i + 1}: ${d.message}`)).toEqual([]);
      expect([i + 1, execute(m, { maxSteps: 20_000_000 }).fault]).toEqual([i + 1, null]);
    });
    const plain = Array.from({ length: 50 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true })).join("\n");
    expect(plain).not.toMatch(/@gbig/);
  });

  test("the fnptrParam shape only when asked for: callbacks passed as arguments, down a recursion, through a select, from memory, to an address-taken helper and a region; valid, fault-free as written", () => {
    const texts = Array.from({ length: 16 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true, ...onlyShapes(["fnptrParam"]) as object }));
    const all = texts.join("\n");
    for (const [what, re] of [
      ["a constant callback", /= call @fpp_walk\(@fpp_[abc], /],
      ["a selected callback", /= select ptr %t\d+, @fpp_[abc], @fpp_[abc]\n.*= call @fpp_(?:walk|apply)\(%t\d+, /],
      ["a callback from memory", /= load ptr, global %t\d+\n.*= call @fpp_(?:walk|apply)\(%t\d+, /],
      ["the helper called through its address", /= call_indirect %t\d+\(.*\) : \(ptr, i32\) -> i32/],
      ["a region passing its own argument", /omp\.parallel @fpp_r\(/],
    ] as const) expect([what, re.test(all)]).toEqual([what, true]);
    texts.slice(0, 4).forEach((text, i) => {
      const m = parseModule(text, `fpp-${i + 1}.oir`);
      expect(verifyModule(m).filter((d) => d.severity === "error").map((d) => `${i + 1}: ${d.message}`)).toEqual([]);
      expect([i + 1, execute(m, { maxSteps: 20_000_000 }).fault]).toEqual([i + 1, null]);
    });
    const plain = Array.from({ length: 50 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true })).join("\n");
    expect(plain).not.toMatch(/@fpp_/);
  });

  test("the bigFrame shape only when asked for: a pure helper whose 128 allocas of 64 KiB take 8 MiB, fault-free as written", () => {
    const texts = Array.from({ length: 12 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true, ...onlyShapes(["bigFrame"]) as object }));
    expect(texts.filter((t) => /= call @gframe\(/.test(t)).length).toBeGreaterThan(1);
    const withFrame = texts.findIndex((t) => /= call @gframe\(/.test(t));
    const helper = /device @gframe\(.*\n([^]*?)\n}\n/.exec(texts[withFrame]!)![1]!;
    expect((helper.match(/= alloca i32, 16384\n/g) ?? []).length).toBe(128);
    const m = parseModule(texts[withFrame]!, `frame-${withFrame + 1}.oir`);
    expect(verifyModule(m).filter((d) => d.severity === "error").map((d) => d.message)).toEqual([]);
    expect(execute(m, { maxSteps: 20_000_000 }).fault).toBeNull();
    const plain = Array.from({ length: 50 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true })).join("\n");
    expect(plain).not.toMatch(/@gframe/);
  });

  test("the localGlobalPtr shape only when asked for: the main thread's @glc address from a helper compared with the kernel's, fault-free as written", () => {
    const texts = Array.from({ length: 12 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true, ...onlyShapes(["localGlobalPtr"]) as object }));
    const all = texts.join("\n");
    expect((all.match(/= call @glcaddr\(\d\)\n(?:.*\n){0,3}?.*= (?:gep i32, @glc, \d\n.*= )?icmp (?:eq|ne) ptr %t\d+, (?:@glc|%t\d+)\n/g) ?? []).length).toBeGreaterThan(4);
    texts.slice(0, 4).forEach((text, i) => {
      const m = parseModule(text, `lgp-${i + 1}.oir`);
      expect(verifyModule(m).filter((d) => d.severity === "error").map((d) => `${i + 1}: ${d.message}`)).toEqual([]);
      expect([i + 1, execute(m, { maxSteps: 20_000_000 }).fault]).toEqual([i + 1, null]);
    });
    const plain = Array.from({ length: 50 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true })).join("\n");
    expect(plain).not.toMatch(/@glc/);
  });

  test("the nowaitRevoffload shape only when asked for: nowait reverse offloads before an empty region, in @nws before a barrier, in @nw_reg or @nw_glob before an adjacent region; valid, fault-free as written", () => {
    const texts = Array.from({ length: 32 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true, ...onlyShapes(["nowaitRevoffload"]) as object }));
    const all = texts.join("\n");
    for (const [what, re] of [
      ["a request then the empty region", /omp\.reverse_offload @nwset\((?:%t\d+|@nwslot), .*\) map\(from: i32 (?:%t\d+|@nwslot)\[0:1\]\) nowait\n  omp\.parallel @nw_nop\(/],
      ["a request through the helper", /call @nwissue\(/],
      ["the SPMD kernel, nothing after its barrier", /omp\.barrier\n  br \^end\n\^end:\n  omp\.free_shared uniform %u, 4\n/],
      ["the SPMD kernel launched", /omp\.target @nws\(/],
      ["a region issuing into its alloca, then another", /omp\.parallel @nw_reg2?\(%t\d+\)\n  omp\.parallel @k\d+_r\d\(/],
      // Requests pending at the region's return, completed by its end barrier (merged: the barrier after its call).
      ["a region issuing into a device global, a read of it, then another", /omp\.parallel @nw_glob[23]?\(%t\d+\)\n  %t\d+ = mul i32 %\w+, 128\n  %t\d+ = gep i32, @nwbuf, %t\d+\n  %t\d+ = load i32, global %t\d+\n[^]*?omp\.parallel @k\d+_r\d\(/],
      ["@nw_glob2 defers through a noinline helper", /call @nwgsend\(%p, %w\)\n  ret\n/],
      ["@nw_glob3 defers only through a call_indirect's callee set, and is started", /call_indirect %f\(%p, %w\) : \(ptr, i32\) -> void callees\(@nwgsend, @nwgquiet\)\n[^]*omp\.parallel @nw_glob3\(%t\d+\)/],
      // The alloca ends at the body's return, before the region's end barrier (docs/LANGUAGE.md).
      ["@nw_reg waits at a barrier before its alloca ends", /omp\.reverse_offload @nwset\(%slot, %w\) map\(from: i32 %slot\[0:1\]\) nowait\n  br \^done\n\^done:\n  omp\.barrier\n  ret\n/],
      ["@nw_reg2 waits at a barrier before its alloca ends", /omp\.parallel @nw_nest\(%slot, %v\)\n  br \^done\n\^done:\n  omp\.barrier\n  ret\n/],
    ] as const) expect([what, re.test(all)]).toEqual([what, true]);
    texts.slice(0, 4).forEach((text, i) => {
      const m = parseModule(text, `nw-${i + 1}.oir`);
      expect(verifyModule(m).filter((d) => d.severity === "error").map((d) => `${i + 1}: ${d.message}`)).toEqual([]);
      expect([i + 1, execute(m, { maxSteps: 20_000_000 }).fault]).toEqual([i + 1, null]);
    });
    const plain = Array.from({ length: 50 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true })).join("\n");
    expect(plain).not.toMatch(/@nw/);
  });

  test("the sharedFrame shape only when asked for: thread 0's alloca read late by other threads before the return; valid, fault-free as written", () => {
    const texts = Array.from({ length: 8 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true, ...onlyShapes(["sharedFrame"]) as object }));
    const all = texts.join("\n");
    expect(all).toMatch(/omp\.target @shf\(/);
    expect(all).toMatch(/omp\.parallel @shf_add\((%t\d+)\)\n.*= call @shf_rd\(\1, \d+\)/);
    texts.slice(0, 3).forEach((text, i) => {
      const m = parseModule(text, `shf-${i + 1}.oir`);
      expect(verifyModule(m).filter((d) => d.severity === "error").map((d) => `${i + 1}: ${d.message}`)).toEqual([]);
      expect([i + 1, execute(m, { maxSteps: 20_000_000 }).fault]).toEqual([i + 1, null]);
    });
    const plain = Array.from({ length: 50 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true })).join("\n");
    expect(plain).not.toMatch(/@shf/);
  });

  test("the partialDoomed shape only when asked for: @pb0's doomed side ends in unreachable, valid, faulting only where planted", () => {
    const texts = Array.from({ length: 30 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true, ...onlyShapes(["partialBarrier", "partialDoomed"]) as object }));
    const all = texts.join("\n");
    expect((all.match(/\^s:\n.*\n(?:.*\n)?  unreachable\n\^d:\n  omp\.barrier\n/g) ?? []).length).toBeGreaterThan(5);
    expect(all).toMatch(/\^s:\n  omp\.barrier\n  unreachable\n/);
    expect(all).toMatch(/= call @pb0_slow\(\d+\)\n  %y = call @pb0_sync\(%w\)\n  unreachable\n/);
    texts.forEach((text, i) => {
      const m = parseModule(text, `pd-${i + 1}.oir`);
      expect(verifyModule(m).filter((d) => d.severity === "error").map((d) => `${i + 1}: ${d.message}`)).toEqual([]);
      if (i < 10) {
        const r = execute(m, { maxSteps: 20_000_000 });
        expect([i + 1, r.fault === null || plantedFault(r.fault)]).toEqual([i + 1, true]);
      }
    });
    const nested = Array.from({ length: 30 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true, ...onlyShapes(["partialBarrier", "partialNested"]) as object })).join("\n");
    expect(nested).not.toMatch(/unreachable\n\^d:|%mp = /);
  });

  test("the partialMemory shape only when asked for: @pb0's thread-id test read back from a per-thread block, valid, faulting only where planted", () => {
    const texts = Array.from({ length: 20 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true, ...onlyShapes(["partialBarrier", "partialMemory"]) as object }));
    const all = texts.join("\n");
    expect((all.match(/%mp = omp\.alloc_shared %msz\n  store i32 %h, shared %mp\n  omp\.barrier\n  %mv = load i32, shared %mp\n  %c = icmp ult i32 %mv, %lim\n/g) ?? []).length).toBeGreaterThan(5);
    expect(all).toMatch(/store i32 %h, local %mq\n  %mv = load i32, local %mq\n/);
    texts.forEach((text, i) => {
      const m = parseModule(text, `pm-${i + 1}.oir`);
      expect(verifyModule(m).filter((d) => d.severity === "error").map((d) => `${i + 1}: ${d.message}`)).toEqual([]);
      if (i < 8) {
        const r = execute(m, { maxSteps: 20_000_000 });
        expect([i + 1, r.fault === null || plantedFault(r.fault)]).toEqual([i + 1, true]);
      }
    });
  });

  test("the stackFault shape only when asked for: prints, a barrier, a recursion to a depth from the launch, faulting only where planted", () => {
    const texts = Array.from({ length: 16 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true, ...onlyShapes(["stackFault"]) as object }));
    const all = texts.join("\n");
    expect((all.match(/print "sf %d\\n", %h\n  omp\.barrier\n  %r = call @sf_(?:rec|wrap)\(%d, %h\)\n/g) ?? []).length).toBeGreaterThan(8);
    expect(all).toMatch(/omp\.target @sf0\(%t\d+, (?:1100|3000)\) teams\(1\)/);
    texts.forEach((text, i) => {
      const m = parseModule(text, `sf-${i + 1}.oir`);
      expect(verifyModule(m).filter((d) => d.severity === "error").map((d) => `${i + 1}: ${d.message}`)).toEqual([]);
      if (i < 8) {
        const r = execute(m, { maxSteps: 20_000_000 });
        expect([i + 1, r.fault === null || plantedFault(r.fault)]).toEqual([i + 1, true]);
      }
    });
    const plain = Array.from({ length: 30 }, (_, i) => generateGenericProgram(i + 1, { reverseOffload: true, ...onlyShapes(["partialBarrier", "recBoth"]) as object })).join("\n");
    expect(plain).not.toMatch(/@sf0|@sf_rec/);
  });

  test("onlyShapes turns on the named shapes and nothing else", () => {
    const o = onlyShapes(["trap", "headerEffects"]);
    expect(o).toEqual({ shapes: { ...NO_SHAPES, headerEffects: SHAPES.headerEffects, stmt: SHAPES.stmt, regionStmt: SHAPES.regionStmt }, stmtShapes: ["trap"] });
    expect(onlyShapes(["nope"])).toEqual({ error: expect.stringContaining("unknown shape 'nope'") });
    const text = Array.from({ length: 40 }, (_, i) => generateGenericProgram(i + 1, { ...o as object })).join("\n");
    expect(text).toMatch(/trap "gen: trap/);
    expect(text).not.toMatch(/call @pw0|call @amen0|omp\.parallel @k\d_esc/);
  });
});
