import { describe, expect, test } from "@jest/globals";
import { main } from "../../src/cli/main.js";
import type { Io } from "../../src/cli/io.js";
import { parseModule } from "../../src/ir/parse.js";
import { CFG, DOMINATORS } from "../../src/passes/analyses.js";
import { CALL_GRAPH } from "../../src/passes/callgraph.js";
import { foldBinary, foldCast } from "../../src/passes/fold.js";
import { LOOPS } from "../../src/passes/loops.js";
import { AnalysisManager, PassStats } from "../../src/passes/manager.js";
import type { PassInfo } from "../../src/passes/manager.js";
import { PassVerifyError, pipelineToJson, runPipeline } from "../../src/passes/pipeline.js";
import { DEFAULT_PIPELINE, PASSES, PipelineError, parsePipeline } from "../../src/passes/registry.js";
import { unifiedDiff } from "../../src/passes/textdiff.js";

const SRC = `device @inc(%x: i32) -> i32 {
^entry:
  %y = add i32 %x, 1
  ret %y
}

kernel @k(%p: ptr) spmd {
^entry:
  %v = call @inc(41)
  store i32 %v, global %p
  ret
}
`;

describe("registry and pipelines", () => {
  test("every pass has a unique name and a one-line description", () => {
    const names = PASSES.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of PASSES) expect(p.description).toMatch(/^[^\n]{10,120}$/);
    for (const n of DEFAULT_PIPELINE) expect(names).toContain(n);
  });
  test("-O expands, unknown and empty names are errors", () => {
    expect(parsePipeline("-O").map((p) => p.name)).toEqual([...DEFAULT_PIPELINE]);
    expect(parsePipeline(" inline , simplify ").map((p) => p.name)).toEqual(["inline", "simplify"]);
    expect(() => parsePipeline("inline,bogus")).toThrow(PipelineError);
    expect(() => parsePipeline("inline,,simplify")).toThrow(/empty pass name/);
    expect(() => parsePipeline("")).toThrow(/empty pass pipeline/);
  });
});

describe("analysis manager", () => {
  test("caches per function and drops what a pass does not preserve", () => {
    const m = parseModule(SRC, "a.oir");
    const am = new AnalysisManager(m);
    const f = m.functions[1]!;
    const loops = am.get(LOOPS, f);
    expect(am.get(LOOPS, f)).toBe(loops);
    am.getModule(CALL_GRAPH);
    expect(am.computed.get("loops")).toBe(1);
    am.invalidate("cfg", f);
    expect(am.has(CFG, f) && am.has(DOMINATORS, f) && am.has(LOOPS, f)).toBe(true);
    expect(am.has(CALL_GRAPH)).toBe(false);
    am.invalidate("none");
    expect(am.has(CFG, f)).toBe(false);
  });
  test("stats are summed and printed sorted", () => {
    const s = new PassStats();
    s.bump("simplify", "b", 2);
    s.bump("inline", "calls inlined");
    s.bump("simplify", "b", 1);
    s.bump("simplify", "a", 0);
    expect(s.format()).toBe("; statistics\n1 inline - calls inlined\n3 simplify - b\n");
  });
});

describe("runPipeline", () => {
  test("runs passes, collects remarks and stats", () => {
    const m = parseModule(SRC, "a.oir");
    const r = runPipeline(m, "inline,simplify");
    expect(r.passes).toEqual(["inline", "simplify"]);
    expect(r.changed).toBe(true);
    expect(r.remarks.map((x) => x.id)).toEqual(["inline.inlined"]);
    expect(r.stats.get("inline", "calls inlined")).toBe(1);
    expect(r.dumps).toBe("");
    expect(r.timings).toBeNull();
  });

  test("a pass that breaks the IR is named, with the function printed", () => {
    const breaker: PassInfo = {
      name: "breaker",
      description: "drops every terminator",
      run(ctx) {
        const f = ctx.module.functions[1]!;
        for (const b of f.layout) f.blocks[b]!.insts.pop();
        return { changed: true };
      },
    };
    const m = parseModule(SRC, "a.oir");
    let err: unknown;
    try {
      runPipeline(m, [breaker]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PassVerifyError);
    const e = err as PassVerifyError;
    expect(e.pass).toBe("breaker");
    expect(e.functions).toEqual(["@k"]);
    expect(e.message).toMatch(/^verifier failed after pass 'breaker' on @k:/);
    expect(e.printed).toContain("kernel @k(%p: ptr) spmd {");
    expect(() => runPipeline(parseModule(SRC, "a.oir"), [breaker], { verifyEach: false })).not.toThrow();
  });

  test("a pass naming the functions it changed has those verified, and the last pass the whole module", () => {
    /** Drops @k's terminators and says it changed `named` only. */
    const breaker = (named: string): PassInfo => ({
      name: "breaker",
      description: "drops @k's terminators",
      run(ctx) {
        const f = ctx.module.functions[1]!;
        for (const b of f.layout) f.blocks[b]!.insts.pop();
        return { changed: true, changedFunctions: ctx.module.functions.filter((g) => g.name === named) };
      },
    });
    const nop: PassInfo = { name: "nop", description: "changes nothing", run: () => ({ changed: false }) };
    const failure = (passes: PassInfo[], verifiedInput: boolean): PassVerifyError => {
      try {
        runPipeline(parseModule(SRC, "a.oir"), passes, { verifiedInput });
      } catch (e) {
        if (e instanceof PassVerifyError) return e;
        throw e;
      }
      throw new Error("no verifier failure");
    };
    const whole = failure([breaker("k"), nop], false);
    expect(whole.pass).toBe("breaker");
    // Named honestly: caught after the pass, with the whole module's report.
    const honest = failure([breaker("k"), nop], true);
    expect(honest.pass).toBe("breaker");
    expect(honest.message).toBe(whole.message);
    // Named wrongly: only the whole-module check after the last pass sees it.
    expect(failure([breaker("inc"), nop], true).pass).toBe("nop");
    // Without verifiedInput the first check covers the whole module.
    expect(failure([breaker("inc"), nop], false).pass).toBe("breaker");
    expect(failure([breaker("inc")], true).pass).toBe("breaker");
  });

  test("print-changed decides by printed text and filters functions", () => {
    const r = runPipeline(parseModule(SRC, "a.oir"), "inline,mem2reg", { printChanged: "full", filterFns: ["@k"] });
    expect(r.dumps).toMatch(/^; \*\*\* IR Dump At Start \*\*\*\nkernel @k/);
    expect(r.dumps).toContain("; *** IR Dump After inline on @k ***\n");
    expect(r.dumps).toContain("; *** IR Dump After mem2reg on @k omitted because no change ***\n");
    expect(r.dumps).not.toContain("@inc ***");
  });

  test("print-changed=diff shows a unified diff", () => {
    const r = runPipeline(parseModule(SRC, "a.oir"), "inline", { printChanged: "diff", filterFns: ["k"] });
    expect(r.dumps).toContain("--- @k before inline\n+++ @k after inline\n@@ ");
    expect(r.dumps).toContain("-  %v = call @inc(41)\n");
  });

  test("the pipeline record has the Compiler Explorer shape, in module order", () => {
    const r = runPipeline(parseModule(SRC, "a.oir"), "inline,simplify", { recordPipeline: true });
    type Line = { text: string };
    const doc = JSON.parse(pipelineToJson(r.pipeline!)) as { version: number; results: Record<string, { name: string; machine: boolean; irChanged: boolean; before: Line[]; after: Line[] }[]> };
    const json = doc.results;
    expect(doc.version).toBe(1);
    expect(Object.keys(json)).toEqual(["@inc", "@k"]);
    expect(json["@k"]!.map((p) => [p.name, p.irChanged])).toEqual([["inline", true], ["simplify", true]]);
    expect(json["@inc"]!.map((p) => p.irChanged)).toEqual([false, false]);
    expect(json["@k"]![1]!.before).toEqual(json["@k"]![0]!.after);
    expect(Object.keys(json["@k"]![0]!)).toEqual(["name", "machine", "irChanged", "before", "after"]);
    expect(json["@k"]![0]!.before.map((l) => l.text).join("\n") + "\n").toBe(r.pipeline!["@k"]![0]!.before);
  });

  test("timings only when asked; stopAfter ends the pipeline", () => {
    const r = runPipeline(parseModule(SRC, "a.oir"), "inline,simplify,mem2reg", { timePasses: true, stopAfter: "simplify" });
    expect(r.passes).toEqual(["inline", "simplify"]);
    expect(r.timings!.map((t) => t.pass)).toEqual(["inline", "(verifier)", "simplify", "(verifier)"]);
  });
});

describe("fold", () => {
  test("exact integer and float semantics", () => {
    expect(foldBinary("add", "i32", 2147483647n, 1n)).toBe(-2147483648n);
    expect(foldBinary("urem", "i8", -1n, 10n)).toBe(5n);
    expect(foldBinary("sdiv", "i8", -128n, -1n)).toBeUndefined();
    expect(foldBinary("lshr", "i64", -1n, 63n)).toBe(1n);
    expect(foldBinary("fmul", "f32", 0.1, 3)).toBe(Math.fround(0.1 * 3));
    // Casts fold as LANGUAGE.md defines them, as the runtime computes (test/runtime/conversions.test.ts):
    expect(foldCast("fptoui", "f64", "i8", -1)).toBe(-1n); // truncated and wrapped: 0xff
    expect(foldCast("uitofp", "i64", "f32", -1n)).toBe(2 ** 64); // 2^64-1 rounded once
    expect(foldCast("uitofp", "i64", "f32", BigInt.asIntN(64, (1n << 63n) + (1n << 39n) + 1n))).toBe(2 ** 63 + 2 ** 40); // not twice
    expect(foldCast("fptosi", "f64", "i32", NaN)).toBe(0n);
    expect(foldCast("uitofp", "i64", "f64", -1n)).toBe(18446744073709551616);
  });
  test("unified diff trims common lines", () => {
    expect(unifiedDiff("a\nb\nc\n", "a\nx\nc\n")).toBe("--- before\n+++ after\n@@ -1,3 +1,3 @@\n a\n-b\n+x\n c\n");
    expect(unifiedDiff("same\n", "same\n")).toBe("");
  });
});

function fakeIo(files: Record<string, string>) {
  const io = {
    out: "",
    err: "",
    written: new Map<string, string>(),
    stdout(s: string) {
      io.out += s;
    },
    stderr(s: string) {
      io.err += s;
    },
    readFile(p: string) {
      const t = files[p];
      if (t === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: "ENOENT" });
      return t;
    },
    readStdin: async () => "",
    writeFile(p: string, text: string) {
      io.written.set(p, text);
    },
    sameFile: () => false,
    env: {},
  } satisfies Io & Record<string, unknown>;
  return io;
}

async function cli(argv: string[]) {
  const io = fakeIo({ "a.oir": SRC });
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err, written: io.written };
}

describe("ompir opt / dot", () => {
  test("-O prints the optimized module; remarks and stats go to stderr", async () => {
    const r = await cli(["opt", "a.oir", "--passes=inline,simplify", "--remarks", "--stats"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("kernel @k(%p: ptr) spmd {\n^entry:\n  store i32 42, global %p\n  ret\n}\n");
    expect(r.err).toContain("a.oir:9:3: remark: inlined @inc into @k [inline.inlined] [-Rpass=inline]\n  %v = call @inc(41)\n  ^\n");
    expect(r.err).toContain("1 inline - calls inlined");
  });
  test("--remarks=PASS filters; --remarks-output and --dump-pipeline-json write files", async () => {
    const r = await cli(["opt", "a.oir", "-O", "--remarks=mem2reg", "--remarks-output", "r.json", "--dump-pipeline-json", "p.json"]);
    expect(r.code).toBe(0);
    expect(r.err).not.toContain("inline.inlined");
    expect(JSON.parse(r.written.get("r.json")!).remarks[0].id).toBe("inline.inlined");
    expect(Object.keys(JSON.parse(r.written.get("p.json")!).results)).toEqual(["@inc", "@k"]);
  });
  test("--print-after-all uses the fixed header", async () => {
    const r = await cli(["opt", "a.oir", "--passes=simplify", "--print-after-all", "--filter-fn=@k"]);
    expect(r.err).toMatch(/^; \*\*\* IR Dump After simplify on @k \*\*\*\nkernel @k/);
  });
  test.each([
    [["opt", "a.oir"], "no passes given"],
    [["opt", "a.oir", "--passes=nope"], "--passes: unknown pass 'nope'"],
    [["opt", "a.oir", "-O", "--passes=inline"], "either --passes or -O"],
    [["opt", "a.oir", "-O", "--print-changed=fancy"], "--print-changed"],
    [["opt", "a.oir", "-O", "--print-after=nope"], "--print-after: unknown pass 'nope'"],
    [["opt", "a.oir", "-O", "--filter-fn=@nope"], "--filter-fn: no function '@nope'"],
    [["opt", "a.oir", "-O", "--bogus"], "unknown option '--bogus'"],
    [["dot", "a.oir", "--after", "nope"], "--after: pass 'nope' is not in the pipeline"],
  ])("bad usage %j is one line and exit 2", async (argv, msg) => {
    const r = await cli(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(msg);
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });
  test("opt --help lists every pass", async () => {
    const r = await cli(["opt", "--help"]);
    for (const p of PASSES) expect(r.out).toContain(`  ${p.name}`);
  });
  test("dot prints one digraph per function with T/F edges", async () => {
    const src = `device @f(%c: i1) {\n^entry:\n  cond_br %c, ^a, ^b\n^a:\n  br ^b\n^b:\n  ret\n}\n`;
    const io = fakeIo({ "f.oir": src });
    expect(await main(["dot", "f.oir", "--fn", "@f"], io)).toBe(0);
    expect(io.out).toBe(
      [
        'digraph "@f" {',
        '  node [shape=box, fontname="monospace", fontsize=10];',
        '  edge [fontname="monospace", fontsize=10];',
        '  "^entry" [label="^entry:\\l  cond_br %c, ^a, ^b\\l"];',
        '  "^a" [label="^a:\\l  br ^b\\l"];',
        '  "^b" [label="^b:\\l  ret\\l"];',
        '  "^entry" -> "^a" [label="T"];',
        '  "^entry" -> "^b" [label="F"];',
        '  "^a" -> "^b";',
        "}",
        "",
      ].join("\n"),
    );
    const after = fakeIo({ "f.oir": src });
    expect(await main(["dot", "f.oir", "--passes=simplify", "--after", "simplify"], after)).toBe(0);
    expect(after.out).toContain('subgraph "cluster_@f"');
  });
});
