// The command line as LLVM users type it: one-dash long options,
// -O1..-O3, unknown options named with a suggestion, pass options from the registry,
// --print-pipeline-passes, --debug-pass-manager, --stats-json, --print-changed modes;
// outputs that would destroy an input; binary input, the error limit, run without @main.

import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import { main } from "../../src/cli/main.js";
import { parseModule } from "../../src/ir/parse.js";
import type { PassInfo } from "../../src/passes/manager.js";
import type { PassInstrumentation } from "../../src/passes/pipeline.js";
import { runPipeline } from "../../src/passes/pipeline.js";
import { PASSES, PipelineError, resolvePassOptions } from "../../src/passes/registry.js";
import { fakeIo } from "./fake-io.js";

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

const MAIN = "host @main() -> i32 {\n^entry:\n  ret 3\n}\n";

/** A generic kernel spmdize converts (the guard scheme changes its output). */
const GENERIC = `kernel @k(%p: ptr) generic {
^entry:
  store i32 1, global %p
  omp.parallel @body(%p)
  ret
}

device @body(%p: ptr) {
^entry:
  ret
}
`;

async function run(argv: string[], files: Record<string, string> = { "a.oir": SRC }) {
  const io = fakeIo(files);
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err, files: io.files };
}

describe("one-dash long options, -O levels", () => {
  test("-passes=, -stats, -print-after-all mean their two-dash forms", async () => {
    const one = await run(["opt", "a.oir", "-passes=inline,simplify", "-stats", "-print-after-all", "-filter-fn=@k"]);
    const two = await run(["opt", "a.oir", "--passes=inline,simplify", "--stats", "--print-after-all", "--filter-fn=@k"]);
    expect(one.code).toBe(0);
    expect(one).toEqual(two);
    expect(one.err).toContain("1 inline - calls inlined");
  });

  test("-passes VALUE and -o OUT with a separate value", async () => {
    const r = await run(["opt", "-passes", "inline", "a.oir", "-o", "b.oir"]);
    expect(r.code).toBe(0);
    expect(r.files.get("b.oir")).toContain("%y = add i32 41, 1");
  });

  test("-O1, -O2 and -O3 are -O; -O0 is explained", async () => {
    const o = await run(["opt", "a.oir", "-O"]);
    for (const level of ["-O1", "-O2", "-O3"]) expect(await run(["opt", "a.oir", level])).toEqual(o);
    expect(await run(["run", "m.oir", "-O2"], { "m.oir": MAIN })).toMatchObject({ code: 3, err: "" });
    expect(await run(["opt", "a.oir", "-O0"])).toMatchObject({ code: 2, err: "ompir: opt: -O0 is not a level: leave out -O for no optimisation (-O1, -O2 and -O3 all mean -O)\n" });
  });

  test("-help and -version", async () => {
    expect((await run(["opt", "-help"])).out).toMatch(/^usage: ompir opt FILE/);
    expect((await run(["-version"])).out).toMatch(/^ompir \d/);
  });
});

describe("unknown options and bad values are named exactly", () => {
  test.each([
    [["opt", "a.oir", "-pases=inline"], "ompir: unknown option '-pases' for 'opt' (did you mean '-passes'?)\n"],
    [["opt", "a.oir", "-O", "--print-after-al"], "ompir: unknown option '--print-after-al' for 'opt' (did you mean '--print-after-all'?)\n"],
    [["opt", "a.oir", "-O", "-stat"], "ompir: unknown option '-stat' for 'opt' (did you mean '-stats'?)\n"],
    [["opt", "a.oir", "-O", "--frobnicate"], "ompir: unknown option '--frobnicate' for 'opt'\n"],
    [["opt", "a.oir", "-Ofast"], "ompir: unknown option '-Ofast' for 'opt'\n"],
    [["run", "a.oir", "--team", "4"], "ompir: unknown option '--team' for 'run' (did you mean '--teams'?)\n"],
    [["run", "a.oir", "--teams", "-1"], "ompir: run: --teams expects an integer from 1 to 65536, got '-1'\n"],
    [["run", "a.oir", "-teams", "-1"], "ompir: run: --teams expects an integer from 1 to 65536, got '-1'\n"],
    [["run", "a.oir", "--teams", "0"], "ompir: run: --teams expects an integer from 1 to 65536, got '0'\n"],
    [["run", "a.oir", "--teams"], "ompir: option '--teams' needs a value (for 'run')\n"],
    [["run", "a.oir", "--teams", "--stats"], "ompir: option '--teams' needs a value (for 'run')\n"],
    [["cc", "p.c", "-D"], "ompir: option '-D' needs a value (for 'cc')\n"],
    [["fmt", "p.c"], "ompir: fmt: formats ompir IR; 'p.c' is C (its IR: 'ompir cc p.c')\n"],
    [["run", "a.oir", "--stats=yes"], "ompir: option '--stats' takes no value (for 'run')\n"],
    [["run", "a.oir", "--rev-offload=fast"], "ompir: run: --rev-offload expects async or serial, got 'fast'\n"],
    [["run", "a.oir", "--machine=v100"], "ompir: run: --machine expects ideal or a100 or h100 or mi250x, got 'v100'\n"],
    [["run", "a.oir", "--devices", "0"], "ompir: run: --devices expects an integer from 1 to 64, got '0'\n"],
    [["run", "a.oir", "--devices", "65"], "ompir: run: --devices expects an integer from 1 to 64, got '65'\n"],
    [["opt", "a.oir", "-O", "--print-changed=fancy"], "ompir: opt: --print-changed: expected nothing, diff, quiet or diff-quiet, got 'fancy'\n"],
    [["opt", "a.oir", "-O", "--verify-each", "--no-verify-each"], "ompir: opt: give either --verify-each or --no-verify-each, not both\n"],
    [["opt", "a.oir", "--passes=inlin"], "ompir: opt: --passes: unknown pass 'inlin' (did you mean 'inline'?)\n"],
  ])("%j", async (argv, err) => {
    expect(await run(argv)).toMatchObject({ code: 2, err, out: "" });
  });
});

describe("pass options come from the registry", () => {
  test.each([
    [["--pass-opt", "guard-scheme=bogus"], "ompir: opt: --pass-opt: spmdize option 'guard-scheme': expected auto, branch, mask or naive, got 'bogus'\n"],
    [["--pass-opt", "foo=bar"], "ompir: opt: --pass-opt: unknown pass option 'foo' (known: specialize-indirect.max-callees, deglobalize.shared-limit, spmdize.guard-scheme)\n"],
    [["--pass-opt", "guardScheme=mask"], "ompir: opt: --pass-opt: unknown pass option 'guardScheme' (did you mean 'guard-scheme'?)\n"],
    [["--pass-opt", "inline.guard-scheme=mask"], "ompir: opt: --pass-opt: unknown pass option 'inline.guard-scheme' (did you mean 'spmdize.guard-scheme'?)\n"],
    [["--pass-opt", "spmdise.guard-scheme=mask"], "ompir: opt: --pass-opt: unknown pass 'spmdise' in pass option 'spmdise.guard-scheme' (did you mean 'spmdize'?)\n"],
    [["--pass-opt", "mask"], "ompir: opt: --pass-opt: expected PASS.NAME=VALUE, got 'mask'\n"],
    [["--guard-scheme=bogus"], "ompir: opt: --guard-scheme: spmdize option 'guard-scheme': expected auto, branch, mask or naive, got 'bogus'\n"],
  ])("%j is a usage error", async (flags, err) => {
    expect(await run(["opt", "a.oir", "-O", ...flags])).toMatchObject({ code: 2, err, out: "" });
  });

  test("a flag, a scoped --pass-opt and a bare --pass-opt are one option", async () => {
    const files = { "g.oir": fs.readFileSync(new URL("../../examples/generic_global_store.oir", import.meta.url), "utf8") };
    const flag = await run(["opt", "g.oir", "-O", "--guard-scheme=naive"], files);
    expect(flag.code).toBe(0);
    expect(flag.out).not.toEqual((await run(["opt", "g.oir", "-O"], files)).out);
    expect(await run(["opt", "g.oir", "-O", "--pass-opt", "spmdize.guard-scheme=naive"], files)).toEqual(flag);
    expect(await run(["opt", "g.oir", "-O", "--pass-opt", "guard-scheme=naive"], files)).toEqual(flag);
    expect(await run(["opt", "g.oir", "-O", "-guard-scheme", "naive"], files)).toEqual(flag);
  });

  test("--help of opt, run and dot lists every registered pass option", async () => {
    for (const cmd of ["opt", "run", "dot"]) {
      const help = (await run([cmd, "--help"])).out;
      expect(help).toContain("pass options, from the pass registry (also --pass-opt PASS.NAME=VALUE, repeatable):\n");
      expect(help).toContain(
        "\n  --guard-scheme=auto|branch|mask|naive\n                          spmdize: guard side effects with branch regions, masked stores, the cheaper of the two (auto) or one region each (naive) (default auto)\n",
      );
      for (const p of PASSES) {
        for (const o of p.options ?? []) expect(help).toMatch(new RegExp(`\\n  --${o.name}=\\S+\\s+${p.name}: ${o.help.replace(/[()]/g, "\\$&")} \\(default ${String(o.default)}\\)\\n`));
      }
    }
  });

  test("the library checks options too, and each pass sees only its own, with defaults", () => {
    expect(() => runPipeline(parseModule(SRC, "a.oir"), "inline", { passOptions: { foo: 1 } })).toThrow(PipelineError);
    expect(() => runPipeline(parseModule(SRC, "a.oir"), "inline", { passOptions: { "guard-scheme": "bogus" } })).toThrow(
      "spmdize option 'guard-scheme': expected auto, branch, mask or naive, got 'bogus'",
    );
    expect(Object.fromEntries(resolvePassOptions({ "guard-scheme": "mask" }))).toEqual({ "specialize-indirect": { "max-callees": 3 }, deglobalize: { "shared-limit": 49152 }, spmdize: { "guard-scheme": "mask" } });
    const seen: unknown[] = [];
    const spy: PassInfo = { name: "spy", description: "records its options", run: (ctx) => (seen.push(ctx.options), { changed: false }) };
    runPipeline(parseModule(SRC, "a.oir"), [spy], { passOptions: { "spmdize.guard-scheme": "naive" } });
    expect(seen).toEqual([{}]);
  });
});

describe("pass manager introspection", () => {
  test("--print-pipeline-passes prints -O expanded and exits without reading input", async () => {
    expect(await run(["opt", "-O3", "-print-pipeline-passes"], {})).toEqual({
      code: 0,
      out: "inline,simplify,mem2reg,specialize-indirect,fold-queries,deglobalize,dead-parallel,spmdize,merge-parallel,dedup-queries,barrier-elim,custom-state-machine,simplify\n",
      err: "",
      files: new Map(),
    });
    expect((await run(["opt", "--passes=inline,-O", "--print-pipeline-passes"], {})).out).toBe("inline,inline,simplify,mem2reg,specialize-indirect,fold-queries,deglobalize,dead-parallel,spmdize,merge-parallel,dedup-queries,barrier-elim,custom-state-machine,simplify\n");
  });

  test("--debug-pass-manager logs passes and analyses run, reused and invalidated", async () => {
    const r = await run(["opt", "a.oir", "--passes=inline,simplify", "--debug-pass-manager"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe(
      [
        "Running pass: inline on [module]",
        "Running analysis: callgraph on [module]",
        "Invalidating analysis: callgraph on [module]",
        "Running verifier after inline",
        "Finished pass: inline (changed, preserves none)",
        "Running pass: simplify on [module]",
        "Running verifier after simplify",
        "Finished pass: simplify (changed, preserves none)",
        "",
      ].join("\n"),
    );
    const g = await run(["opt", "g.oir", "--passes=spmdize", "--debug-pass-manager"], { "g.oir": GENERIC });
    expect(g.err).toContain("Running analysis: effects on [module]\n");
    expect(g.err).toContain("Using cached analysis: callgraph on [module]\n");
    expect(g.err.match(/Using cached analysis: callgraph on \[module\]/g)).toHaveLength(1); // once per pass
  });

  test("opt --stats-json writes the counters with a version", async () => {
    const r = await run(["opt", "a.oir", "--passes=inline,simplify", "--stats-json", "s.json"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.files.get("s.json")!) as { version: number; stats: { pass: string; counter: string; value: number }[] };
    expect(json.version).toBe(1);
    expect(json.stats).toContainEqual({ pass: "inline", counter: "calls inlined", value: 1 });
    expect(json.stats.map((s) => s.pass)).toEqual([...json.stats.map((s) => s.pass)].sort());
  });

  test("--print-changed=quiet and diff-quiet print only the changes", async () => {
    const full = await run(["opt", "a.oir", "--passes=inline,mem2reg", "--print-changed", "--filter-fn=@k"]);
    expect(full.err).toMatch(/^; \*\*\* IR Dump At Start \*\*\*\n/);
    expect(full.err).toContain("; *** IR Dump After mem2reg on @k omitted because no change ***\n");
    const quiet = await run(["opt", "a.oir", "--passes=inline,mem2reg", "--print-changed=quiet", "--filter-fn=@k"]);
    expect(quiet.err).toBe(full.err.slice(full.err.indexOf("; *** IR Dump After inline")).replace("; *** IR Dump After mem2reg on @k omitted because no change ***\n", ""));
    const dq = await run(["opt", "a.oir", "--passes=inline,mem2reg", "-print-changed=diff-quiet", "--filter-fn=@k"]);
    expect(dq.err).toBe(
      [
        "; *** IR Dump After inline on @k ***",
        "--- @k before inline",
        "+++ @k after inline",
        "@@ -1,6 +1,10 @@",
        " kernel @k(%p: ptr) spmd {",
        " ^entry:",
        "-  %v = call @inc(41)",
        "+  br ^inc.entry",
        "+^inc.entry:",
        "+  %y = add i32 41, 1",
        "+  br ^inc.cont(%y)",
        "+^inc.cont(%v: i32):",
        "   store i32 %v, global %p",
        "   ret",
        " }",
        "",
      ].join("\n"),
    );
  });

  test("--verify-each is accepted (it is the default)", async () => {
    expect(await run(["opt", "a.oir", "-O", "--verify-each"])).toEqual(await run(["opt", "a.oir", "-O"]));
  });

  test("instrumentation hooks see every pass, in order, after the verifier", () => {
    const log: string[] = [];
    const hook: PassInstrumentation = {
      beforePass: (p) => log.push(`before ${p.name}`),
      beforeVerifier: (p) => log.push(`verify ${p.name}`),
      afterPass: (p, _m, r) => log.push(`after ${p.name} ${r.changed}`),
    };
    runPipeline(parseModule(SRC, "a.oir"), "inline,mem2reg", { instrumentations: [hook] });
    expect(log).toEqual(["before inline", "verify inline", "after inline true", "before mem2reg", "verify mem2reg", "after mem2reg false"]);
  });
});

describe("outputs never destroy an input", () => {
  test.each([
    [["opt", "a.oir", "-O", "-o", "a.oir"], "ompir: opt: -o 'a.oir' is the input file; refusing to overwrite it (write to another file)\n"],
    [["opt", "a.oir", "-O", "-o", "./a.oir"], "ompir: opt: -o './a.oir' is the input file; refusing to overwrite it (write to another file)\n"],
    [["opt", "a.oir", "-O", "--remarks-output", "a.oir"], "ompir: opt: --remarks-output 'a.oir' is the input file; refusing to overwrite it (write to another file)\n"],
    [["opt", "a.oir", "-O", "--dump-pipeline-json", "a.oir"], "ompir: opt: --dump-pipeline-json 'a.oir' is the input file; refusing to overwrite it (write to another file)\n"],
    [["opt", "a.oir", "-O", "--stats-json", "a.oir"], "ompir: opt: --stats-json 'a.oir' is the input file; refusing to overwrite it (write to another file)\n"],
    [["run", "a.oir", "--stats-json", "a.oir"], "ompir: run: --stats-json 'a.oir' is the input file; refusing to overwrite it (write to another file)\n"],
    [["run", "a.oir", "--trace", "a.oir"], "ompir: run: --trace 'a.oir' is the input file; refusing to overwrite it (write to another file)\n"],
    [["run", "a.oir", "--cost-model", "c.json", "--trace", "c.json"], "ompir: run: --trace 'c.json' is the input file; refusing to overwrite it (write to another file)\n"],
    [["run", "a.oir", "--stats-json", "x.json", "--trace", "x.json"], "ompir: run: --stats-json and --trace both write 'x.json'\n"],
    [["opt", "a.oir", "-O", "--print-after-all", "-o", "missing/b.oir"], "ompir: opt: cannot write -o 'missing/b.oir': no such directory\n"],
    [["fmt", "a.oir", "-o", "missing/b.oir"], "ompir: fmt: cannot write -o 'missing/b.oir': no such directory\n"],
    // Before the eleventh session `cc` wrote its IR over the C source.
    [["cc", "p.c", "-o", "p.c"], "ompir: cc: -o 'p.c' is the input file; refusing to overwrite it (write to another file)\n"],
    [["cc", "p.c", "-o", "missing/p.oir"], "ompir: cc: cannot write -o 'missing/p.oir': no such directory\n"],
  ])("%j is refused before any work", async (argv, err) => {
    const files = { "a.oir": MAIN, "c.json": "{}", "p.c": "int main(void) { return 0; }\n" };
    const r = await run(argv, files);
    expect(r).toMatchObject({ code: 2, err, out: "" });
    expect(Object.fromEntries(r.files)).toEqual(files);
  });
});

describe("bad input is reported, not dumped", () => {
  const thirty = ["host @main() -> i32 {", "^entry:", ...Array.from({ length: 30 }, (_, i) => `  %t${i} = omp.thread_num`), "  ret 0", "}", ""].join("\n");
  const errors = (err: string) => err.split("\n").filter((l) => / error: /.test(l)).length;

  test("a byte-order mark at the start of a file is read as a space (both readers), not an unexpected character", async () => {
    // Before the eleventh session: `bom.oir:1:1: error: unexpected character`.
    expect(await run(["run", "bom.oir"], { "bom.oir": "\ufeff" + MAIN })).toMatchObject({ code: 3, err: "" });
    const bad = await run(["check", "bom.oir"], { "bom.oir": "\ufeffhost @main() -> i32 {\n^entry:\n  ret %nope\n}\n" });
    expect(bad.err).toContain("bom.oir:3:7: error:");
    const { parseModuleWith } = await import("../../src/ir/parse.js");
    const { printModule } = await import("../../src/ir/printer.js");
    for (const reader of ["fast", "chevrotain"] as const) expect(printModule(parseModuleWith("\ufeff" + SRC, "s.oir", reader))).toBe(printModule(parseModule(SRC, "s.oir")));
  });

  test("a binary file is one line", async () => {
    const bin = "\u007fELF\u0002\u0001\u0001\u0000\u0000\u0000" + "\u0000\u0003\u0000>\u0000\u0001".repeat(100);
    expect(await run(["check", "ls", "a.oir"], { ls: bin, "a.oir": MAIN })).toMatchObject({ code: 2, out: "", err: "ompir: 'ls' is a binary file, not ompir IR text\n" });
    expect(await run(["run", "ls"], { ls: bin })).toMatchObject({ code: 2, err: "ompir: 'ls' is a binary file, not ompir IR text\n" });
    // Mostly undecodable bytes count as binary too.
    expect((await run(["check", "x"], { x: "\ufffd\ufffd\u0001ab\ufffd".repeat(50) })).err).toBe("ompir: 'x' is a binary file, not ompir IR text\n");
  });

  test("at most 20 errors by default; -ferror-limit=N as in clang, 0 = no limit", async () => {
    const limit = "ompir: too many errors emitted, stopping now [-ferror-limit=]\n";
    const def = await run(["check", "t.oir"], { "t.oir": thirty });
    expect(def.code).toBe(2);
    expect(errors(def.err)).toBe(20);
    expect(def.err.endsWith(limit)).toBe(true);
    const five = await run(["check", "-ferror-limit=5", "t.oir", "t.oir"], { "t.oir": thirty });
    expect(errors(five.err)).toBe(5);
    expect(five.err.endsWith(limit)).toBe(true);
    expect(five.err.indexOf(limit)).toBe(five.err.length - limit.length); // the second file is not read
    const all = await run(["check", "--ferror-limit", "0", "t.oir"], { "t.oir": thirty });
    expect(errors(all.err)).toBe(30);
    expect(all.err).not.toContain("too many errors");
    const opt = await run(["opt", "t.oir", "-O", "-ferror-limit=3"], { "t.oir": thirty });
    expect(errors(opt.err)).toBe(3);
    expect(await run(["check", "-ferror-limit=-1", "t.oir"], { "t.oir": thirty })).toMatchObject({ code: 2, err: "ompir: check: -ferror-limit expects an integer >= 0 (0: no limit), got '-1'\n" });
  });

  test("non-printable bytes are never echoed", async () => {
    const r = await run(["check", "c.oir"], { "c.oir": "host @main() -> i32 {\n^entry:\n  ret \u0001 0\u001b[2J\n}\n" });
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      "c.oir:3:7: error: unexpected character U+0001\n  ret \ufffd 0\ufffd[2J\n      ^\n" + "c.oir:3:10: error: unexpected character U+001B\n  ret \ufffd 0\ufffd[2J\n         ^\n",
    );
    expect(r.err).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  test("run: an empty file or a module without @main is bad input (exit 2)", async () => {
    expect(await run(["run", "e.oir"], { "e.oir": "" })).toMatchObject({ code: 2, out: "", err: "e.oir: error: empty file: no host function @main to run\n" });
    expect(await run(["run", "e.oir"], { "e.oir": "; only a comment\n\n" })).toMatchObject({ code: 2, err: "e.oir: error: no host function @main with a body to run\n" });
    expect(await run(["run", "a.oir", "-O"])).toMatchObject({ code: 2, err: "a.oir: error: no host function @main with a body to run\n" });
    expect(await run(["run", "d.oir"], { "d.oir": "declare host @main() -> i32\n" })).toMatchObject({ code: 2, err: "d.oir: error: no host function @main with a body to run\n" });
  });
});
