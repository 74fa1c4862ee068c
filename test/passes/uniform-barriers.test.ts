// verify-uniform-barriers (src/passes/uniform-barriers.ts), the consumer of the uniformity
// analysis: it rejects SPMD kernels whose barriers or parallel regions only some threads
// reach, and accepts what spmdize produces — every filetest and example kernel and a set of
// generated generic kernels, under every guard scheme, after `-O`.

import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { DiagnosticError } from "../../src/ir/diagnostics.js";
import { parseModule } from "../../src/ir/parse.js";
import type { PassInfo } from "../../src/passes/manager.js";
import { runPipeline } from "../../src/passes/pipeline.js";
import { differential } from "../../src/tools/differential.js";
import { onlyShapes } from "../../src/tools/genkernels.js";
import { generateGenericProgram } from "../gen/kernels.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function check(text: string, pipeline = "verify-uniform-barriers"): string[] {
  try {
    runPipeline(parseModule(text), pipeline);
    return [];
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics.map((d) => `${d.loc.line}: ${d.message}`);
    throw e;
  }
}

const PARALLEL = `
device @body(%a: ptr) {
^entry:
  ret
}

declare device @opaque_sync() -> i32
`;

describe("verify-uniform-barriers on hand-written SPMD kernels", () => {
  test("a barrier, a parallel region and a synchronising call behind a divergent branch are errors", () => {
    const text = `
device @sync() {
^entry:
  omp.barrier
  ret
}
${PARALLEL}
kernel @k(%a: ptr) spmd {
^entry:
  %t = omp.hw_thread_id
  %low = icmp slt i32 %t, 4
  cond_br %low, ^some, ^join
^some:
  omp.barrier
  omp.parallel @body(%a)
  call @sync()
  br ^join
^join:
  omp.barrier
  ret
}
`;
    expect(check(text)).toEqual([
      "21: omp.barrier in SPMD kernel @k is in divergent control flow: threads that do not reach it leave the team waiting",
      "22: omp.parallel @body in SPMD kernel @k is in divergent control flow: threads that do not reach it leave the team waiting",
      "23: call @sync, which may reach a barrier or parallel region, in SPMD kernel @k is in divergent control flow: threads that do not reach it leave the team waiting",
    ]);
  });

  test("uniform branches (on a kernel parameter, on a team query) are fine; so are generic kernels and declarations", () => {
    const text = `
${PARALLEL}
declare device @peek(ptr) -> i32 readonly

kernel @k(%a: ptr, %n: i32) spmd {
^entry:
  %big = icmp sgt i32 %n, 4
  cond_br %big, ^par, ^join
^par:
  omp.parallel @body(%a)
  br ^join
^join:
  %team = omp.team_num
  %first = icmp eq i32 %team, 0
  cond_br %first, ^sync, ^done
^sync:
  omp.barrier
  %t = omp.hw_thread_id
  %low = icmp slt i32 %t, 4
  cond_br %low, ^peek, ^done
^peek:
  %v = call @peek(%a)
  br ^done
^done:
  ret
}

kernel @g(%a: ptr) generic {
^entry:
  %t = omp.hw_thread_id
  %low = icmp slt i32 %t, 4
  cond_br %low, ^some, ^join
^some:
  omp.barrier
  br ^join
^join:
  ret
}
`;
    expect(check(text)).toEqual([]);
  });
});

/** One SPMD kernel: `body` computes `%c`, and a barrier sits behind `cond_br %c`. */
function behind(body: string, extra = ""): string {
  return `${extra}
kernel @k(%a: ptr, %n: i32) spmd {
^entry:
  %t = omp.hw_thread_id
${body}
  cond_br %c, ^sync, ^done
^sync:
  omp.barrier
  br ^done
^done:
  ret
}
`;
}
/** The error for behind()'s barrier in `text`, located at its line. */
function barrierError(text: string): string[] {
  const line = text.split("\n").findIndex((l) => l === "  omp.barrier") + 1;
  return [`${line}: omp.barrier in SPMD kernel @k is in divergent control flow: threads that do not reach it leave the team waiting`];
}
const DIVERGENT = true;
const UNIFORM = false;

describe("uniformity of a thread's own storage (allocas every thread writes alike)", () => {
  // spmdize leaves private arrays that every thread fills alike (its sequential code runs on
  // all threads); their loads decide branches around barriers.
  const cases: [string, string, boolean][] = [
    ["a uniform store, then a load at a uniform offset", `  %p = alloca i32, 4
  %q = gep i32, %p, 2
  store i32 %n, local %q
  %r = gep i32, %p, 2
  %v = load i32, local %r
  %c = icmp sgt i32 %v, 0`, UNIFORM],
    ["an untouched (zero-initialised) alloca and an atomic on it", `  %p = alloca i32, 4
  %v = atomic add i32, local %p, %n
  %w = load i32, local %p
  %c = icmp sgt i32 %w, %v`, UNIFORM],
    ["a store of the thread id", `  %p = alloca i32, 4
  store i32 %t, local %p
  %v = load i32, local %p
  %c = icmp sgt i32 %v, 0`, DIVERGENT],
    ["a uniform store at a divergent offset", `  %p = alloca i32, 4
  %i = and i32 %t, 3
  %q = gep i32, %p, %i
  store i32 %n, local %q
  %v = load i32, local %p
  %c = icmp sgt i32 %v, 0`, DIVERGENT],
    ["a load at a divergent offset", `  %p = alloca i32, 4
  store i32 %n, local %p
  %i = and i32 %t, 3
  %q = gep i32, %p, %i
  %v = load i32, local %q
  %c = icmp sgt i32 %v, 0`, DIVERGENT],
    ["a uniform store only some threads make", `  %p = alloca i32, 4
  %low = icmp slt i32 %t, 4
  cond_br %low, ^w, ^j
^w:
  store i32 %n, local %p
  br ^j
^j:
  %v = load i32, local %p
  %c = icmp sgt i32 %v, 0`, DIVERGENT],
    ["an alloca whose address a call sees", `  %p = alloca i32, 4
  call @touch(%p)
  %v = load i32, local %p
  %c = icmp sgt i32 %v, 0`, DIVERGENT],
    ["an alloca whose address is stored to memory", `  %p = alloca i32, 4
  %g = gep ptr, %a, 0
  store ptr %p, global %g
  %v = load i32, local %p
  %c = icmp sgt i32 %v, 0`, DIVERGENT],
    ["an atomic of the thread id, then a load", `  %p = alloca i32, 4
  %x = atomic add i32, local %p, %t
  %v = load i32, local %p
  %c = icmp sgt i32 %v, 0`, DIVERGENT],
    ["an alloca of a divergent count", `  %p = alloca i32, %t
  %v = load i32, local %p
  %c = icmp sgt i32 %v, 0`, DIVERGENT],
  ];
  const touch = `device @touch(%p: ptr) {
^entry:
  ret
}`;
  for (const [name, body, divergent] of cases) {
    const text = behind(body, touch);
    test(name, () => expect(check(text)).toEqual(divergent ? barrierError(text) : []));
  }
});

describe("team-shared allocations", () => {
  // A plain omp.alloc_shared gives every thread that runs it a block of its own; only a
  // `uniform` one gives them the same block (the n-th of each thread's replica stack).
  const body = (uniform: string) => `  %s = omp.alloc_shared ${uniform}%n
  store i32 %t, shared %s
  %v = load i32, shared %s
  %c = icmp slt i32 %v, 4`;
  test("a load from a plain one each thread wrote its id to is divergent (before the tenth session: uniform)", () => {
    const text = behind(body(""));
    expect(check(text)).toEqual(barrierError(text));
  });
  test("a uniform one of a uniform size is one block: the load is uniform (the race is the program's)", () => {
    expect(check(behind(body("uniform ")))).toEqual([]);
  });
});

describe("addresses of globals", () => {
  const compare = (space: string) => behind(`  %p = gep ptr, %a, 0
  %q = load ptr, global %p
  %c = icmp eq ptr %q, @g`, `global @g : ${space} i32 x 1`);
  test("a local global's address is each thread's own copy's: divergent (before the tenth session: uniform)", () => {
    const text = compare("local");
    expect(check(text)).toEqual(barrierError(text));
  });
  test("a shared or global one's is the team's", () => {
    expect(check(compare("shared"))).toEqual([]);
    expect(check(compare("global"))).toEqual([]);
  });
});

describe("regions of a divergent branch", () => {
  test("a join parameter every path from the branch passes the same value is uniform", () => {
    const text = behind(`  %low = icmp slt i32 %t, 4
  %m = add i32 %n, 1
  cond_br %low, ^x, ^j(%m)
^x:
  br ^j(%m)
^j(%v: i32):
  %c = icmp sgt i32 %v, 0`);
    expect(check(text)).toEqual([]);
  });
  test("one the paths pass different values for is not", () => {
    const text = behind(`  %low = icmp slt i32 %t, 4
  %m = add i32 %n, 1
  cond_br %low, ^x, ^j(%m)
^x:
  br ^j(%n)
^j(%v: i32):
  %c = icmp sgt i32 %v, 0`);
    expect(check(text)).toEqual(barrierError(text));
  });
  test("a block behind a uniform branch inside a divergent region is reached by part of the team", () => {
    const text = behind(`  %low = icmp slt i32 %t, 4
  %big = icmp sgt i32 %n, 4
  cond_br %low, ^x, ^j
^x:
  br ^j
^j:
  %c = and i1 %low, %big`);
    expect(check(text)).toEqual(barrierError(text));
    const nested = `kernel @k(%a: ptr, %n: i32) spmd {
^entry:
  %t = omp.hw_thread_id
  %low = icmp slt i32 %t, 4
  %big = icmp sgt i32 %n, 4
  cond_br %low, ^some, ^join
^some:
  cond_br %big, ^sync, ^join
^sync:
  omp.barrier
  br ^join
^join:
  ret
}
`;
    expect(check(nested)).toEqual(["10: omp.barrier in SPMD kernel @k is in divergent control flow: threads that do not reach it leave the team waiting"]);
  });
});

describe("uniformity through recursion", () => {
  test("a recursive function built from its uniform arguments returns a uniform value", () => {
    const rec = `device @sum(%k: i32) -> i32 {
^entry:
  %z = icmp sle i32 %k, 0
  cond_br %z, ^base, ^step
^base:
  ret 0
^step:
  %k1 = sub i32 %k, 1
  %r = call @sum(%k1)
  %s = add i32 %r, %k
  ret %s
}`;
    expect(check(behind(`  %v = call @sum(%n)
  %c = icmp sgt i32 %v, 0`, rec))).toEqual([]);
  });
  test("one whose base case returns the thread id does not (the assumption is dropped)", () => {
    const rec = `device @deep(%k: i32) -> i32 {
^entry:
  %z = icmp sle i32 %k, 0
  cond_br %z, ^base, ^step
^base:
  %t = omp.hw_thread_id
  ret %t
^step:
  %k1 = sub i32 %k, 1
  %r = call @deep(%k1)
  %s = add i32 %r, 1
  ret %s
}`;
    const text = behind(`  %v = call @deep(%n)
  %c = icmp sgt i32 %v, 0`, rec);
    expect(check(text)).toEqual(barrierError(text));
  });
  test("what a refuted assumption decided is decided again", () => {
    // @g is analysed while @f is assumed uniform, and looks uniform; @f then is not.
    const rec = `device @f(%k: i32) -> i32 {
^entry:
  %z = icmp sle i32 %k, 0
  cond_br %z, ^base, ^step
^base:
  %t = omp.hw_thread_id
  ret %t
^step:
  %k1 = sub i32 %k, 1
  %r = call @g(%k1)
  ret %r
}
device @g(%k: i32) -> i32 {
^entry:
  %r = call @f(%k)
  ret %r
}`;
    const text = behind(`  %u = call @f(%n)
  %v = call @g(%n)
  %c = icmp sgt i32 %v, 0`, rec);
    expect(check(text)).toEqual(barrierError(text));
  });
  test("mutual recursion where only the partner's path reads the thread id", () => {
    const rec = `device @even(%k: i32) -> i32 {
^entry:
  %z = icmp sle i32 %k, 0
  cond_br %z, ^base, ^step
^base:
  ret 1
^step:
  %k1 = sub i32 %k, 1
  %r = call @odd(%k1)
  ret %r
}
device @odd(%k: i32) -> i32 {
^entry:
  %z = icmp sle i32 %k, 0
  cond_br %z, ^base, ^step
^base:
  %t = omp.hw_thread_id
  ret %t
^step:
  %k1 = sub i32 %k, 1
  %r = call @even(%k1)
  ret %r
}`;
    const text = behind(`  %v = call @even(%n)
  %c = icmp sgt i32 %v, 0`, rec);
    expect(check(text)).toEqual(barrierError(text));
  });
});

function kernelFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return kernelFiles(p);
    return p.endsWith(".oir") && fs.readFileSync(p, "utf8").includes("kernel @") ? [p] : [];
  });
}

describe("spmdize leaves barriers in uniform control flow", () => {
  const files = [...kernelFiles(path.join(root, "examples")), ...kernelFiles(path.join(root, "test", "filetests"))]
    // Not the verifier's and parser's filetests: their inputs are invalid on purpose; nor the
    // hand-written SPMD kernels that reach a barrier from part of the team on purpose (a fault
    // -O must keep), which say so on a line `;; partial barrier on purpose`.
    .filter((p) => !p.includes(`${path.sep}verifier${path.sep}`) && !p.includes(`${path.sep}syntax${path.sep}`))
    .filter((p) => !/^;; partial barrier on purpose/m.test(fs.readFileSync(p, "utf8")));
  test("there are kernels to check", () => expect(files.length).toBeGreaterThan(20));
  for (const scheme of ["branch", "mask", "naive", "auto"]) {
    test(`every example and filetest kernel after -O, guard scheme ${scheme}`, () => {
      const bad: string[] = [];
      let spmd = 0;
      for (const file of files) {
        const m = parseModule(fs.readFileSync(file, "utf8"), file);
        try {
          runPipeline(m, "-O,verify-uniform-barriers", { passOptions: { "guard-scheme": scheme } });
        } catch (e) {
          bad.push(`${path.relative(root, file)}: ${String(e)}`);
        }
        spmd += m.functions.filter((f) => f.kind === "kernel" && f.mode === "spmd").length;
      }
      expect(bad).toEqual([]);
      expect(spmd).toBeGreaterThan(20);
    });
  }


  // Generated programs: the default mix, and every opt-in shape but partialBarrier (whose
  // kernel reaches a barrier from part of the team on purpose). Before the ninth session
  // the analysis flagged 13 of 1 000 default programs (recursive helpers' results, private
  // arrays every thread fills alike, join parameters every path passes the same value).
  const optIn = onlyShapes(["names", "localGlobal", "longLoop", "spmdKernel", "exitless", "escape", "largeAlloca", "headerEffects", "printIf", "stmt",
    "sitofp", "regionStmt", "shuffle", "merge", "teamRead", "teamViaLocal", "faultAfter", "allocaSlots", "allocaPun", "escapeVia", "fnptrMem", "faultLoop",
    "names8", "recBoth", "capped", "trap", "poll", "privptr", "parloop", "privcall", "indirect", "rec", "amen", "rocall", "allocnear", "recpar",
    "calleeset", "allocuni", "heap"]);
  if ("error" in optIn) throw new Error(optIn.error);
  for (const scheme of ["branch", "mask", "naive", "auto"]) {
    test(`generated programs after -O, guard scheme ${scheme}`, () => {
      const bad: string[] = [];
      const programs = [
        ...Array.from({ length: 20 }, (_, i) => [`gen-${1000 + i}.oir`, generateGenericProgram(1000 + i)] as const),
        ...Array.from({ length: 10 }, (_, i) => [`gen-shapes-${i}.oir`, generateGenericProgram(i, optIn)] as const),
      ];
      for (const [name, text] of programs) {
        const m = parseModule(text, name);
        try {
          runPipeline(m, "-O,verify-uniform-barriers", { passOptions: { "guard-scheme": scheme } });
        } catch (e) {
          bad.push(`${name}: ${String(e)}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }
});

describe("the differential check holds converted kernels to the rule", () => {
  // A stand-in for a broken spmdize: it flips generic kernels to SPMD without guarding
  // anything, so the barrier the main thread reached alone is now behind a thread-id branch.
  const flip: PassInfo = {
    name: "flip-to-spmd",
    description: "test only: marks every generic kernel spmd",
    scope: "module",
    run: (ctx) => {
      for (const f of ctx.module.functions) if (f.kind === "kernel" && f.mode === "generic") f.mode = "spmd";
      return { changed: true, preserves: "cfg" };
    },
  };
  const text = `kernel @k(%a: ptr) generic {
^entry:
  %t = omp.hw_thread_id
  %low = icmp slt i32 %t, 4
  cond_br %low, ^some, ^join
^some:
  omp.barrier
  br ^join
^join:
  ret
}

host @main() -> i32 {
^entry:
  %a = alloca i32, 4
  omp.target @k(%a) teams(1) threads(64) map(tofrom: i32 %a[0:4])
  ret 0
}
`;
  test("a converted kernel with a barrier in divergent flow is a pipeline mismatch", () => {
    const r = differential(text, "flip.oir", { pipeline: [flip] });
    expect(r.mismatch?.kind).toBe("pipeline");
    expect(r.mismatch?.message).toBe("spmdize left a synchronisation in divergent control flow: flip.oir:7:3: error: omp.barrier in SPMD kernel @k is in divergent control flow: threads that do not reach it leave the team waiting");
  });
  test("-O converts it soundly", () => {
    expect(differential(text, "flip.oir").mismatch).toBeNull();
  });
});
