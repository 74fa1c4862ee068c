// Program output: streamed to the sink while the program runs, in
// bounded memory; labelled, on request, for the order check of the differential test
// (docs/LANGUAGE.md, "Order of output"); and the check itself catches a pass that drops a
// barrier which orders output.

import { describe, expect, test } from "@jest/globals";
import { parseModule } from "../../src/ir/parse.js";
import { execute } from "../../src/runtime/execute.js";
import type { PassInfo } from "../../src/passes/manager.js";
import { checkOutputOrder, differential } from "../../src/tools/differential.js";
import type { RuntimeFault } from "../../src/runtime/faults.js";

const LABELS = `
device @r() {
^entry:
  %t = omp.thread_num
  %lane = urem i32 %t, 32
  %lead = icmp eq i32 %lane, 0
  cond_br %lead, ^say, ^done
^say:
  print "region %d\\n", %t
  br ^done
^done:
  ret
}

kernel @k() generic {
^entry:
  print "before\\n"
  omp.parallel @r()
  print "after\\n"
  ret
}

host @main() -> i32 {
^entry:
  print "host 0\\n"
  omp.target @k() teams(2) threads(64) nowait
  print "host 1\\n"
  omp.taskwait
  print "host 2\\n"
  omp.target @k() teams(1) threads(64)
  print "host 3\\n"
  ret 0
}
`;

describe("order labels (RunOptions.recordOutputOrder)", () => {
  test("device lines carry their team's sync epoch; launches know the host lines around them", () => {
    const r = execute(parseModule(LABELS, "labels.oir"), { recordOutputOrder: true });
    expect(r.fault).toBeNull();
    const o = r.outputOrder!;
    expect(o.lines.map((l) => l.text).join("")).toBe(r.stdout);
    const of = (launch: number, team: number) =>
      o.lines.filter((l) => l.launch === launch && l.team === team).map((l) => `${l.epoch}:${l.text.trim()}`);
    // Generic: the region's start (the state machine's wake-up) and its end are syncs.
    expect(of(0, 0)).toEqual(["0:before", "1:region 0", "1:region 32", "2:after"]);
    expect(of(0, 1)).toEqual(["0:before", "1:region 0", "1:region 32", "2:after"]);
    expect(o.lines.filter((l) => l.launch < 0).map((l) => l.epoch)).toEqual([-1, -1, -1, -1]);
    // #0 (nowait) was issued after 1 host line and waited for (taskwait) after 2; #1 is synchronous.
    expect(o.launches).toEqual([{ issued: 1, waited: 2 }, { issued: 3, waited: 3 }]);
    expect(checkOutputOrder(o, o)).toBeNull();
  });

  test("without the option nothing is recorded", () => {
    expect(execute(parseModule(LABELS, "labels.oir")).outputOrder).toBeNull();
  });

  test("the check: a line moved across a synchronisation or a launch is reported", () => {
    const r = execute(parseModule(LABELS, "labels.oir"), { recordOutputOrder: true });
    const a = r.outputOrder!;
    const swap = (i: number, j: number) => {
      const lines = [...a.lines];
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return { lines, launches: a.launches };
    };
    /** Line `from` moved to position `to`. */
    const move = (from: number, to: number) => {
      const lines = [...a.lines];
      const [l] = lines.splice(from, 1);
      lines.splice(to, 0, l!);
      return { lines, launches: a.launches };
    };
    const at = (text: string, launch: number, team = 0) => a.lines.findIndex((l) => l.text === text && l.launch === launch && l.team === team);
    // "region 32" (epoch 1) before "before" (epoch 0) of the same team.
    expect(checkOutputOrder(a, move(at("region 32\n", 1), at("before\n", 1)))?.kind).toBe("order");
    // A thread's own lines out of program order.
    expect(checkOutputOrder(a, swap(at("before\n", 1), at("region 0\n", 1)))?.kind).toBe("stdout");
    // Lines of different threads between the same syncs may swap.
    expect(checkOutputOrder(a, swap(at("region 0\n", 1), at("region 32\n", 1)))).toBeNull();
    // A synchronous launch's line after the host line printed after it; a line of a launch
    // before the host line printed before the launch.
    expect(checkOutputOrder(a, swap(at("after\n", 1), at("host 3\n", -1, -1)))?.kind).toBe("order");
    expect(checkOutputOrder(a, move(at("before\n", 0, 1), at("host 0\n", -1, -1)))?.kind).toBe("order");
  });

  test("after a fault: a line the team printed before a synchronisation the fault came after, or one of the faulting thread, is never missing", () => {
    const r = execute(parseModule(LABELS, "labels.oir"), { recordOutputOrder: true });
    const a = r.outputOrder!;
    const without = (text: string, launch: number, team: number) =>
      ({ lines: a.lines.filter((l) => !(l.text === text && l.launch === launch && l.team === team)), launches: a.launches });
    const fault = (epoch: number, thread: number, team = 0, launch = 1): RuntimeFault =>
      ({ kind: "div-by-zero", message: "m", file: "f", loc: { line: 1, col: 1 }, func: "k", kernel: "k", team, thread, cycle: 0, sync: { launch, epoch } });
    // Team 0 of #1 faulted after its region ended (epoch 2): "before" (epoch 0) and "region 32" (epoch 1) came first.
    expect(checkOutputOrder(a, without("before\n", 1, 0), false, fault(2, 5))?.kind).toBe("stdout");
    expect(checkOutputOrder(a, without("region 32\n", 1, 0), false, fault(2, 5))?.kind).toBe("stdout");
    // "after" (epoch 2) is concurrent with a fault of another thread at epoch 2, unless the faulting thread printed it.
    expect(checkOutputOrder(a, without("after\n", 1, 0), false, fault(2, 5))).toBeNull();
    expect(checkOutputOrder(a, without("after\n", 1, 0), false, fault(2, 0))?.kind).toBe("stdout");
    expect(checkOutputOrder(a, without("after\n", 1, 0), false, fault(2, 0), fault(2, 0), false)).toBeNull();
    // Another team, or another team faulting in the transformed run: nothing required.
    expect(checkOutputOrder(a, without("before\n", 1, 1), false, fault(2, 5))).toBeNull();
    expect(checkOutputOrder(a, without("before\n", 1, 0), false, fault(2, 5), fault(2, 5, 1))).toBeNull();
  });
});

describe("the differential order check", () => {
  // A hand-written SPMD kernel: thread 0 prints a header before the barrier.
  const SPMD = `
kernel @k() spmd {
^entry:
  %t = omp.hw_thread_id
  %is0 = icmp eq i32 %t, 0
  cond_br %is0, ^work(0), ^join
^work(%i: i32):
  %i2 = add i32 %i, 1
  %more = icmp slt i32 %i2, 20
  cond_br %more, ^work(%i2), ^head
^head:
  print "header\\n"
  br ^join
^join:
  omp.barrier
  %lane = urem i32 %t, 32
  %lead = icmp eq i32 %lane, 0
  cond_br %lead, ^line, ^done
^line:
  print "line %d\\n", %t
  br ^done
^done:
  ret
}

host @main() -> i32 {
^entry:
  omp.target @k() teams(1) threads(64)
  ret 0
}
`;
  // What barrier-elim did before it counted print as an effect: drop a barrier that orders
  // only output.
  const dropBarriers: PassInfo = {
    name: "drop-barriers",
    description: "test only: removes every omp.barrier",
    run: (ctx) => {
      let changed = false;
      for (const f of ctx.module.functions) {
        for (const b of f.layout) {
          const insts = f.blocks[b]!.insts;
          const keep = insts.filter((id) => f.insts[id]!.kind !== "omp.barrier");
          if (keep.length !== insts.length) changed = true;
          insts.splice(0, insts.length, ...keep);
        }
      }
      return { changed, preserves: "cfg" };
    },
  };

  test("catches a pass that drops a barrier ordering output", () => {
    const r = differential(SPMD, "spmd.oir", { pipeline: [dropBarriers] });
    expect(r.mismatch?.kind).toBe("order");
    expect(r.mismatch?.message).toContain('"header\\n" (thread 0, after 0 team synchronisations) came out after "line 32\\n"');
  });

  test("-O keeps that barrier", () => {
    expect(differential(SPMD, "spmd.oir").mismatch).toBeNull();
  });
});

describe("streaming", () => {
  test("a program that prints forever reaches the sink while it runs", () => {
    const m = parseModule(`
host @main() -> i32 {
^entry:
  br ^loop(0)
^loop(%i: i32):
  print "line %d\\n", %i
  %n = add i32 %i, 1
  br ^loop(%n)
}
`, "forever.oir");
    let got = 0;
    // Collected until the end (the old way), 1e9 steps would not fit in the heap.
    expect(() => execute(m, {
      maxSteps: 1e9,
      stdout: (s) => {
        got += s.length;
        if (got > 200_000) throw new Error("streamed");
      },
    })).toThrow("streamed");
  });

  test("device prints faster than the host drains them: bounded, and the run ends at the step limit", () => {
    const m = parseModule(`
device @r() {
^entry:
  %t = omp.thread_num
  br ^loop(0)
^loop(%i: i32):
  print "t%d %d\\n", %t, %i
  %n = add i32 %i, 1
  br ^loop(%n)
}
kernel @k() generic {
^entry:
  omp.parallel @r()
  ret
}
host @main() -> i32 {
^entry:
  omp.target @k() teams(2) threads(64)
  ret 0
}
`, "flood.oir");
    let lines = 0;
    const r = execute(m, { maxSteps: 20_000, stdout: (s) => { lines += s.split("\n").length - 1; } });
    expect(r.fault?.kind).toBe("max-steps");
    expect(r.stdout).toBe("");
    expect(lines).toBeGreaterThan(10_000);
  });
});
