// The C front end against a real compiler. Every C program under examples/c/ and test/c/ is
// compiled with the system's `gcc -fopenmp` (its target regions fall back to the host), run,
// and its stdout and exit status compared with `ompir run prog.c` and `ompir run prog.c -O`.
// A program using what gcc 12 does not implement (declare mapper) says `// oracle: clang-16`
// and is compiled with clang-16 -fopenmp instead. A program whose output depends on the
// thread count says so on a line `// differential: no (reason)` and is only run by ompir (its
// own checks abort). A program that needs options of `ompir run` (`--devices 2`) names them on
// a line `// ompir-args: OPTIONS`. Every program must exit 0 unless a line
// `// expect-exit: N` says otherwise (a self-checking program that always aborts would
// agree with gcc and test nothing). A missing compiler is a failure, never a skip (.ci/run
// installs both).
//
// Every program under test/c/bad/ must fail to compile with the message its first line
// names: `// expect-error: LINE:COL: MESSAGE`.

import { describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { Io } from "../src/cli/io.js";
import { main } from "../src/cli/main.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function listC(dir: string): string[] {
  const d = path.join(root, dir);
  if (!fs.existsSync(d)) return [];
  return fs.readdirSync(d).filter((f) => f.endsWith(".c")).sort().map((f) => `${dir}/${f}`);
}

const programs = [...listC("examples/c"), ...listC("test/c")];
const bad = listC("test/c/bad");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-c-"));

function io(): Io & { out: string; err: string } {
  const o = {
    out: "",
    err: "",
    stdout(s: string) {
      o.out += s;
    },
    stderr(s: string) {
      o.err += s;
    },
    readFile: (p: string) => fs.readFileSync(path.resolve(root, p), "utf8"),
    readStdin: async () => "",
    writeFile: () => {
      throw new Error("no writes in this test");
    },
    sameFile: () => false,
    env: {},
  };
  return o;
}

async function ompir(args: string[]): Promise<{ out: string; err: string; code: number }> {
  const o = io();
  const code = await main(args, o);
  return { out: o.out, err: o.err, code };
}

function referenceRun(file: string, compiler: string): { out: string; code: number } {
  const exe = path.join(tmp, path.basename(file, ".c"));
  const cc = spawnSync(compiler, ["-fopenmp", "-O1", "-w", "-o", exe, path.join(root, file), "-lm"], { encoding: "utf8" });
  if (cc.error) throw new Error(`${compiler} is needed for the differential test of the C front end: ${cc.error.message}`);
  if (cc.status !== 0) throw new Error(`${compiler} rejects ${file}:\n${cc.stderr}`);
  const r = spawnSync(exe, [], { encoding: "utf8", timeout: 20000, env: { ...process.env, OMP_NUM_THREADS: "4" } });
  const code = r.signal === "SIGABRT" ? 134 : (r.status ?? -1);
  return { out: r.stdout, code };
}

test("there are C test programs", () => {
  expect(programs.length).toBeGreaterThan(0);
});

describe("C programs: ompir run (and -O) against gcc -fopenmp", () => {
  for (const file of programs) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    const differential = !/^\/\/ differential: no\b/m.test(text);
    // gcc is the oracle; a program using what gcc does not know names clang-16 instead.
    const compiler = /^\/\/ oracle: clang-16$/m.test(text) ? "clang-16" : "gcc";
    const extra = /^\/\/ ompir-args: (.+)$/m.exec(text)?.[1]!.trim().split(/\s+/) ?? [];
    // A self-checking program must pass its own checks: exit 0 unless it says otherwise.
    const exit = Number(/^\/\/ expect-exit: (\d+)$/m.exec(text)?.[1] ?? 0);
    test(file, async () => {
      const plain = await ompir(["run", file, ...extra]);
      const opt = await ompir(["run", file, "-O", ...extra]);
      expect(plain.err).not.toMatch(/internal error|: error: /);
      expect({ out: opt.out, code: opt.code }).toEqual({ out: plain.out, code: plain.code });
      expect(plain.code).toBe(exit);
      if (differential) {
        const ref = referenceRun(file, compiler);
        expect({ out: plain.out, code: plain.code }).toEqual(ref);
      }
    }, 60000);
  }
});

describe("bad C programs: one located error each", () => {
  for (const file of bad) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    const m = /^\/\/ expect-error: (\d+):(\d+): (.*)$/m.exec(text);
    test(file, async () => {
      if (m === null) throw new Error(`${file}: no '// expect-error: LINE:COL: MESSAGE' line`);
      const r = await ompir(["check", file]);
      expect(r.code).toBe(2);
      expect(r.err.split("\n")[0]).toBe(`${file}:${m[1]}:${m[2]}: error: ${m[3]}`);
    });
  }
});

test("ompir cc -o prog.oir keeps C locations: opt prog.oir -O --remarks points into the .c file", async () => {
  const written = new Map<string, string>();
  const o = io();
  o.writeFile = (p: string, t: string) => {
    written.set(p, t);
  };
  o.readFile = (p: string) => written.get(p) ?? fs.readFileSync(path.resolve(root, p), "utf8");
  expect(await main(["cc", "examples/c/generic_global_store.c", "-o", "gen.oir"], o)).toBe(0);
  expect(written.get("gen.oir")).toMatch(/loc\("examples\/c\/generic_global_store\.c":\d+:\d+\)/);
  const o2 = io();
  o2.readFile = o.readFile;
  expect(await main(["opt", "gen.oir", "-O", "--remarks=spmdize"], o2)).toBe(0);
  expect(o2.err).toMatch(/^examples\/c\/generic_global_store\.c:18:1: remark: Transformed generic-mode kernel to SPMD-mode\. \[OMP120\] \[-Rpass=openmp-opt\]$/m);
  expect(o2.err).not.toMatch(/^gen\.oir:/m);
});

test("-D and -I reach the preprocessor; code from a header is located in the header", async () => {
  const r = await ompir(["run", "-D", "EXTRA=100", "-I", "test/c/include", "test/c/user_header.c"]);
  expect(r.err).toBe("");
  expect(r.out).toBe("myvar=121 out=363 omp=1\n");
  const noOmp = await ompir(["run", "-U", "_OPENMP", "test/c/user_header.c"]);
  expect(noOmp.out).toBe("myvar=21 out=63 omp=0\n");
  expect((await ompir(["run", "-I", "test/c/include/deep", "test/c/include/needs_I.c"])).out).toBe("42\n");
  const missing = await ompir(["run", "test/c/include/needs_I.c"]);
  expect(missing.code).toBe(2);
  expect(missing.err.split("\n")[0]).toBe('test/c/include/needs_I.c:3:1: error: cannot find header "only_via_I.h"');
  const fault = await ompir(["run", "test/c/include/fault_in_header.c"]);
  expect(fault.code).toBe(1);
  expect(fault.err.split("\n")[0]).toBe("test/c/include/fault.h:2:10: runtime error: integer division by zero (host, in @checked_div)");
});

test("__attribute__((noinline)) reaches the IR in each position: the helpers stay calls after -O", async () => {
  const r = await ompir(["opt", "-O", "test/c/noinline_helpers.c"]);
  expect(r.err).toBe("");
  for (const f of ["twice", "thrice", "sum_to"]) {
    expect(r.out).toMatch(new RegExp(`^device @${f}\\.dev\\(.*\\) -> i32 noinline \\{$`, "m"));
    expect(r.out).toMatch(new RegExp(`= call @${f}\\.dev\\(`));
  }
  expect(r.out).not.toMatch(/call @plain\.dev|@plain\.dev\(.*noinline/); // inlined, as before
});

test("a negative length in target update faults at the directive, strided or not", async () => {
  for (const [f, msg] of [["strided_negative_length", "update of a negative length (-8 bytes)"], ["contiguous_negative_length", "update of a negative length (-8 bytes)"]]) {
    const r = await ompir(["run", `test/c/faults/${f}.c`]);
    expect(r.code).toBe(1);
    expect(r.err.split("\n")[0]).toBe(`test/c/faults/${f}.c:6:1: runtime error: ${msg} (host, in @main)`);
  }
});

test("a strided target update with a stride that is not positive is a runtime error at the directive", async () => {
  const r = await ompir(["run", "test/c/faults/strided_zero_stride.c"]);
  expect(r.code).toBe(1);
  expect(r.err.split("\n")[0]).toBe("test/c/faults/strided_zero_stride.c:6:1: runtime error: target update: the stride of an array section must be positive (host, in @main)");
});

test("device heap misuse in a target region is a runtime error naming the malloc (and free) in the C source, with -O too", async () => {
  for (const opt of [[], ["-O"]]) {
    const df = await ompir(["run", "test/c/faults/device_double_free.c", ...opt]);
    expect(df.code).toBe(1);
    expect(df.err.split("\n")[0]).toBe("test/c/faults/device_double_free.c:9:5: runtime error: double free of device heap memory allocated at test/c/faults/device_double_free.c:7:14, already freed at test/c/faults/device_double_free.c:8:5 (kernel @__omp_offloading_main_l5, team 0, thread 0)");
    const uaf = await ompir(["run", "test/c/faults/device_use_after_free.c", ...opt]);
    expect(uaf.code).toBe(1);
    expect(uaf.err.split("\n")[0]).toBe("test/c/faults/device_use_after_free.c:11:9: runtime error: use after free: the pointer is to device heap memory allocated at test/c/faults/device_use_after_free.c:8:14 and freed at test/c/faults/device_use_after_free.c:10:5 (kernel @__omp_offloading_main_l6, team 0, thread 0)");
  }
});

test("host heap misuse is a runtime error naming the malloc (in the helper that returned it) and the free, with -O too", async () => {
  for (const opt of [[], ["-O"]]) {
    const uaf = await ompir(["run", "test/c/faults/host_use_after_free.c", ...opt]);
    expect(uaf.code).toBe(1);
    expect(uaf.err.split("\n")[0]).toBe("test/c/faults/host_use_after_free.c:9:10: runtime error: use after free: the pointer is to host heap memory allocated at test/c/faults/host_use_after_free.c:4:27 and freed at test/c/faults/host_use_after_free.c:8:3 (host, in @main)");
    const df = await ompir(["run", "test/c/faults/host_double_free.c", ...opt]);
    expect(df.code).toBe(1);
    expect(df.err.split("\n")[0]).toBe("test/c/faults/host_double_free.c:7:3: runtime error: double free of host heap memory allocated at test/c/faults/host_double_free.c:5:13, already freed at test/c/faults/host_double_free.c:6:3 (host, in @main)");
    const inv = await ompir(["run", "test/c/faults/host_invalid_free.c", ...opt]);
    expect(inv.code).toBe(1);
    expect(inv.err.split("\n")[0]).toBe("test/c/faults/host_invalid_free.c:7:3: runtime error: free of a pointer into the middle of host heap memory (offset 4 of the block allocated at test/c/faults/host_invalid_free.c:6:12) (host, in @main)");
    const dev = await ompir(["run", "test/c/faults/host_free_on_device.c", ...opt]);
    expect(dev.code).toBe(1);
    expect(dev.err.split("\n")[0]).toBe("test/c/faults/host_free_on_device.c:7:3: runtime error: free of a pointer that malloc did not return (not device heap memory) (kernel @__omp_offloading_main_l6, team 0, thread 0)");
  }
});

test("pointers into different allocations subtracted are a runtime error at the subtraction, with -O too", async () => {
  for (const opt of [[], ["-O"]]) {
    const r = await ompir(["run", "test/c/faults/pointer_difference_allocations.c", ...opt]);
    expect(r.code).toBe(1);
    expect(r.out).toBe("same 3\n");
    expect(r.err.split("\n")[0]).toBe("test/c/faults/pointer_difference_allocations.c:10:14: runtime error: subtraction or ordering comparison of pointers into different allocations (undefined in C) (kernel @__omp_offloading_main_l8, team 0, thread 0)");
  }
});

test("the old pointer after a device realloc is a use after free naming the malloc and the realloc, with -O too", async () => {
  for (const opt of [[], ["-O"]]) {
    const r = await ompir(["run", "test/c/faults/device_realloc_stale.c", ...opt]);
    expect(r.code).toBe(1);
    expect(r.err.split("\n")[0]).toBe("test/c/faults/device_realloc_stale.c:10:5: runtime error: use after free: the pointer is to device heap memory allocated at test/c/faults/device_realloc_stale.c:7:14 and freed at test/c/faults/device_realloc_stale.c:8:14 (kernel @__omp_offloading_main_l5, team 0, thread 0)");
  }
});

test("a long line without macros is not a runaway macro expansion (250 000 tokens on one line)", async () => {
  const { preprocess } = await import("../src/frontend/c/preprocess.js");
  // Before the eleventh session every token counted against the expansion limit (200 000),
  // so this line was 'macro expansion does not terminate'.
  const line = `int main(void) { int x = 0; ${"x = x + 1; ".repeat(21000)}return x; }\n`;
  const r = preprocess(`#define ONE 1\n${line}`, "long.c");
  expect(r.text).toContain("x = x + 1; x = x + 1;");
});
