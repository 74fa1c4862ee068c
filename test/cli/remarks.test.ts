// Remarks LLVM's tools can read: printed as clang prints them, selected by
// kind and pass like -pass-remarks*, saved as LLVM remark YAML that the real opt-viewer
// (Debian's llvm-16; .ci/run installs it) renders, or as JSON by extension.

import { afterAll, describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../src/cli/main.js";
import { fakeIo } from "./fake-io.js";

const K = `device @inc(%x: i32) -> i32 {
^entry:
  %y = add i32 %x, 1
  ret %y
}

device @keep(%x: i32) -> i32 noinline {
^entry:
  ret %x
}

kernel @k(%p: ptr) generic {
^entry:
  %v = call @inc(41)
  %w = call @keep(%v)
  store i32 %w, global %p
  omp.parallel @body(%p)
  ret
}

device @body(%p: ptr) {
^entry:
  ret
}
`;
const MAIN = `${K}
host @main() -> i32 {
^entry:
  %a = alloca i32, 1
  omp.target @k(%a) teams(1) threads(32) map(from: i32 %a[0:1])
  %r = load i32, host %a
  ret %r
}
`;

async function run(argv: string[], files: Record<string, string> = { "k.oir": K }) {
  const io = fakeIo(files);
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err, files: io.files };
}

const OMP120 = "k.oir:12:1: remark: Transformed generic-mode kernel to SPMD-mode. [OMP120] [-Rpass=openmp-opt]\nkernel @k(%p: ptr) generic {\n^\n";
const SUMMARY = "k.oir:12:1: remark: SPMD-ized @k: 1 guarded region (one per side effect: 1), 1 barrier added, 0 values broadcast [spmdize.summary] [-Rpass-analysis=spmdize]\nkernel @k(%p: ptr) generic {\n^\n";
const INLINED = "k.oir:14:3: remark: inlined @inc into @k [inline.inlined] [-Rpass=inline]\n  %v = call @inc(41)\n  ^\n";
const NOT_INLINED = "k.oir:15:3: remark: @keep not inlined into @k: callee is noinline [inline.not-inlined] [-Rpass-missed=inline]\n  %w = call @keep(%v)\n  ^\n";
const GUARD = "k.oir:16:3: remark: Guarded region (straight-line code) runs on thread 0 only: 1 store (writes memory other threads can see) [spmdize.guard] [-Rpass-analysis=spmdize]\n  store i32 %w, global %p\n  ^\n";
const ALL = OMP120 + SUMMARY + INLINED + NOT_INLINED + GUARD;

describe("remarks on the terminal, as clang prints them", () => {
  test("--remarks: every remark with its -Rpass tag, the source line and a caret, sorted by location", async () => {
    const r = await run(["opt", "k.oir", "--passes=inline,spmdize", "--remarks"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe(ALL);
  });

  test("--remarks=PASS keeps that pass's remarks of every kind", async () => {
    expect((await run(["opt", "k.oir", "--passes=inline,spmdize", "--remarks=inline"])).err).toBe(INLINED + NOT_INLINED);
  });

  test.each([
    [["-pass-remarks=inline"], INLINED],
    [["-pass-remarks-missed=inline"], NOT_INLINED],
    [["-pass-remarks-analysis=.*"], SUMMARY + GUARD],
    // OMP remarks answer to their tag (openmp-opt) and to ompir's pass name (spmdize).
    [["-pass-remarks=openmp-opt"], OMP120],
    [["-pass-remarks=spmd"], OMP120],
    [["-pass-remarks=.*", "-pass-remarks-missed=.*"], OMP120 + INLINED + NOT_INLINED],
    [["--pass-remarks=^inl", "--remarks=spmdize"], OMP120 + SUMMARY + INLINED + GUARD],
    [["-pass-remarks=nothing-matches"], ""],
  ])("%j selects by kind and pass regex (the selections add up)", async (flags, expected) => {
    const r = await run(["opt", "k.oir", "--passes=inline,spmdize", ...flags]);
    expect(r.code).toBe(0);
    expect(r.err).toBe(expected);
  });

  test("run prints them too, before the program runs", async () => {
    const r = await run(["run", "k.oir", "--passes=inline,spmdize", "-pass-remarks=openmp-opt"], { "k.oir": MAIN });
    expect(r).toMatchObject({ code: 42, out: "", err: OMP120 }); // main returns the 41 + 1 the kernel stored
  });

  test("bad usage is one line, exit 2", async () => {
    expect(await run(["opt", "k.oir", "-O", "-pass-remarks=("])).toMatchObject({ code: 2, err: "ompir: opt: --pass-remarks: bad regular expression '(': Invalid regular expression: /(/: Unterminated group\n" });
    expect(await run(["opt", "k.oir", "-O", "--remarks-output", "r.txt"])).toMatchObject({ code: 2, err: "ompir: opt: --remarks-output: name the format by the extension: FILE.yaml (LLVM remark YAML) or FILE.json, got 'r.txt'\n" });
    expect(await run(["run", "k.oir", "-pass-remarks=x"], { "k.oir": MAIN })).toMatchObject({ code: 2, err: "ompir: run: remarks come from passes: give --passes or -O\n" });
  });
});

const YAML = `--- !Passed
Pass:            'openmp-opt'
Name:            'OMP120'
DebugLoc:        { File: 'k.oir', Line: 12, Column: 1 }
Function:        'k'
Args:
  - String:          'Transformed generic-mode kernel to SPMD-mode.'
...
--- !Analysis
Pass:            'spmdize'
Name:            'spmdize.summary'
DebugLoc:        { File: 'k.oir', Line: 12, Column: 1 }
Function:        'k'
Args:
  - String:          'SPMD-ized @k: 1 guarded region (one per side effect: 1), 1 barrier added, 0 values broadcast'
  - String:          '; barriers: '
  - barriers: '1'
  - String:          '; cloned: '
  - cloned: '0'
  - String:          '; naiveRegions: '
  - naiveRegions: '1'
  - String:          '; regions: '
  - regions: '1'
  - String:          '; singleThread: '
  - singleThread: 'false'
...
--- !Passed
Pass:            'inline'
Name:            'inline.inlined'
DebugLoc:        { File: 'k.oir', Line: 14, Column: 3 }
Function:        'k'
Args:
  - String:          'inlined @inc into @k'
  - String:          '; callee: '
  - callee: '@inc'
  - String:          '; caller: '
  - caller: '@k'
...
--- !Missed
Pass:            'inline'
Name:            'inline.not-inlined'
DebugLoc:        { File: 'k.oir', Line: 15, Column: 3 }
Function:        'k'
Args:
  - String:          '@keep not inlined into @k: callee is noinline'
  - String:          '; callee: '
  - callee: '@keep'
  - String:          '; caller: '
  - caller: '@k'
  - String:          '; reason: '
  - reason: 'callee is noinline'
...
--- !Analysis
Pass:            'spmdize'
Name:            'spmdize.guard'
DebugLoc:        { File: 'k.oir', Line: 16, Column: 3 }
Function:        'k'
Args:
  - String:          'Guarded region (straight-line code) runs on thread 0 only: 1 store (writes memory other threads can see)'
  - String:          '; blocks: '
  - blocks: '1'
  - String:          '; broadcasts: '
  - broadcasts: '0'
  - String:          '; instructions: '
  - instructions: '1'
  - String:          '; loop: '
  - loop: 'false'
...
`;

describe("--remarks-output: LLVM remark YAML or JSON, by extension", () => {
  test(".yaml (and .opt.yaml, .yml) is LLVM's remark YAML, every remark, nothing printed", async () => {
    for (const name of ["r.yaml", "k.opt.yaml", "r.yml"]) {
      const r = await run(["opt", "k.oir", "--passes=inline,spmdize", "--remarks-output", name]);
      expect(r.code).toBe(0);
      expect(r.err).toBe("");
      expect(r.files.get(name)).toBe(YAML);
    }
  });

  test(".json stays the JSON form", async () => {
    const r = await run(["opt", "k.oir", "--passes=inline,spmdize", "--remarks-output", "r.json"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.files.get("r.json")!) as { file: string; remarks: { id: string }[] };
    expect(json.file).toBe("k.oir");
    expect(json.remarks.map((x) => x.id)).toEqual(["OMP120", "spmdize.summary", "inline.inlined", "inline.not-inlined", "spmdize.guard"]);
  });

  test("run --remarks-output writes it too", async () => {
    const r = await run(["run", "k.oir", "-O", "--remarks-output", "r.yaml"], { "k.oir": MAIN });
    expect(r.code).toBe(42);
    expect(r.files.get("r.yaml")).toContain("--- !Passed\nPass:            'openmp-opt'\nName:            'OMP120'\n");
  });

  // The real opt-viewer (llvm-16's share/opt-viewer, Python with PyYAML and Pygments) reads
  // the file and renders the source with the remarks. Missing tools fail this test: .ci/run
  // installs llvm-16.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-optviewer-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  test("LLVM's opt-viewer renders the YAML as HTML", async () => {
    const candidates = ["/usr/lib/llvm-16/share/opt-viewer/opt-viewer.py", "/usr/share/llvm-16/opt-viewer/opt-viewer.py", "/usr/lib/llvm-16/bin/opt-viewer"];
    const viewer = candidates.find((p) => fs.existsSync(p));
    if (viewer === undefined) throw new Error(`opt-viewer not found (looked at ${candidates.join(", ")}): install Debian's llvm-16 (apt-get install -y llvm-16), as .ci/run does`);
    fs.writeFileSync(path.join(dir, "k.oir"), K);
    const io = Object.assign(fakeIo({ "k.oir": K }), {});
    expect(await main(["opt", "k.oir", "--passes=inline,spmdize", "--remarks-output", "k.opt.yaml"], io)).toBe(0);
    fs.writeFileSync(path.join(dir, "k.opt.yaml"), io.files.get("k.opt.yaml")!);
    // Debian's python3 is where apt's python3-yaml and python3-pygments go (PATH may name another).
    const python = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    const r = spawnSync(python, [viewer, "--source-dir", dir, "--output-dir", path.join(dir, "html"), "-j", "1", path.join(dir, "k.opt.yaml")], { cwd: dir, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const index = fs.readFileSync(path.join(dir, "html", "index.html"), "utf8");
    for (const pass of ["openmp-opt", "spmdize", "inline"]) expect(index).toContain(pass);
    const page = fs.readFileSync(path.join(dir, "html", "k.oir.html"), "utf8");
    expect(page).toContain("Transformed generic-mode kernel to SPMD-mode.");
    expect(page).toContain("@keep not inlined into @k: callee is noinline; callee: @keep; caller: @k; reason: callee is noinline");
  }, 60_000);

  test("LLVM's own remark parser reads it (llvm-remarkutil: YAML to bitstream and back)", () => {
    const tool = "/usr/lib/llvm-16/bin/llvm-remarkutil";
    if (!fs.existsSync(tool)) throw new Error(`${tool} not found: install Debian's llvm-16 (apt-get install -y llvm-16), as .ci/run does`);
    fs.writeFileSync(path.join(dir, "r.yaml"), YAML);
    const toBits = spawnSync(tool, ["yaml2bitstream", path.join(dir, "r.yaml"), "-o", path.join(dir, "r.bitstream")], { encoding: "utf8" });
    expect({ status: toBits.status, stderr: toBits.stderr }).toEqual({ status: 0, stderr: "" });
    const back = spawnSync(tool, ["bitstream2yaml", path.join(dir, "r.bitstream"), "-o", "-"], { encoding: "utf8" });
    expect(back.status).toBe(0);
    // LLVM's emitter quotes only where YAML needs it; the remarks are the same.
    const names = (y: string) => [...y.matchAll(/^--- (!\w+)\nPass: +'?([\w-]+)'?\nName: +'?([\w.-]+)'?$/gm)].map((m) => m.slice(1).join(" "));
    expect(names(back.stdout)).toEqual(names(YAML));
    expect(names(YAML)).toEqual(["!Passed openmp-opt OMP120", "!Analysis spmdize spmdize.summary", "!Passed inline inline.inlined", "!Missed inline inline.not-inlined", "!Analysis spmdize spmdize.guard"]);
    expect(back.stdout).toContain("DebugLoc:        { File: k.oir, Line: 15, Column: 3 }\nFunction:        k\nArgs:\n  - String:          '@keep not inlined into @k: callee is noinline'\n");
  });
});
