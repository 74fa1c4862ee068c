// The ompir command, run in-process with a fake Io (and twice for real through bin/ompir.js).

import { afterEach, beforeAll, beforeEach, describe, expect, test } from "@jest/globals";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../src/cli/main.js";
import { fakeIo } from "./cli/fake-io.js";
import { ensureDist } from "./dist.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const GOOD = `host @main() -> i32 {
^entry:
  ret 0
}
`;

async function run(argv: string[], files?: Record<string, string>, stdin?: string) {
  const io = fakeIo(files, stdin);
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err, files: io.files };
}

describe("usage", () => {
  test("--help lists the commands", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: ompir <command>/);
    expect(r.out).toMatch(/\n {2}check +parse and verify/);
    expect(r.out).toMatch(/\n {2}fmt +print the canonical form/);
    expect(r.err).toBe("");
  });

  test("no arguments prints help to stderr and fails", async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^usage: ompir/);
  });

  test("<cmd> --help and help <cmd>", async () => {
    for (const argv of [["check", "--help"], ["check", "x.oir", "-h"], ["help", "check"]]) {
      const r = await run(argv);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^usage: ompir check FILE\.\.\./);
    }
    expect((await run(["fmt", "--help"])).out).toMatch(/-o, --out OUT/);
  });

  test("--version prints the package version", async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
    const r = await run(["--version"]);
    expect(r).toMatchObject({ code: 0, out: `ompir ${pkg.version}\n` });
  });

  test("unknown command, unknown flag, missing value: one line, exit 2", async () => {
    expect(await run(["frobnicate"])).toMatchObject({ code: 2, err: "ompir: unknown command 'frobnicate' (try 'ompir --help')\n" });
    expect(await run(["check", "--foo", "a.oir"], { "a.oir": GOOD })).toMatchObject({ code: 2, err: "ompir: unknown option '--foo' for 'check'\n" });
    expect(await run(["fmt", "-x", "a.oir"], { "a.oir": GOOD })).toMatchObject({ code: 2, err: "ompir: unknown option '-x' for 'fmt'\n" });
    expect(await run(["fmt", "a.oir", "-o"], { "a.oir": GOOD })).toMatchObject({ code: 2, err: "ompir: option '--out' needs a value (for 'fmt')\n" });
    expect(await run(["--bogus"])).toMatchObject({ code: 2, err: "ompir: unknown option '--bogus' (try 'ompir --help')\n" });
    expect(await run(["help", "nope"])).toMatchObject({ code: 2, err: "ompir: unknown command 'nope' (try 'ompir --help')\n" });
  });

  test("missing inputs", async () => {
    expect(await run(["check"])).toMatchObject({ code: 2, err: "ompir: check: no input files (try 'ompir check --help')\n" });
    expect(await run(["fmt"])).toMatchObject({ code: 2 });
    expect(await run(["fmt", "a.oir", "b.oir"], { "a.oir": GOOD, "b.oir": GOOD })).toMatchObject({ code: 2 });
  });
});

describe("check", () => {
  test("a good file: silent, exit 0", async () => {
    expect(await run(["check", "a.oir"], { "a.oir": GOOD })).toMatchObject({ code: 0, out: "", err: "" });
  });

  test("a missing file: one line, exit 2, other files still checked", async () => {
    const r = await run(["check", "x.oir", "bad.oir"], { "bad.oir": "host @f() {\n^entry:\n  ret 1\n}\n" });
    expect(r.code).toBe(2);
    const lines = r.err.split("\n");
    expect(lines[0]).toBe("ompir: cannot read 'x.oir': no such file");
    expect(lines[1]).toMatch(/^bad\.oir:3:3: error: /);
    expect(lines[2]).toBe("  ret 1");
    expect(lines[3]).toMatch(/^ {2}\^/);
  });

  test("a directory", async () => {
    expect(await run(["check", "dir/"])).toMatchObject({ code: 2, err: "ompir: cannot read 'dir/': is a directory\n" });
  });

  test("a parse error shows file:line:col, the source line and a caret", async () => {
    const r = await run(["check", "p.oir"], { "p.oir": "host @main() -> i32 {\n^entry:\n  %x = add i32 1 2\n  ret 0\n}\n" });
    expect(r.code).toBe(2);
    expect(r.err).toBe("p.oir:3:18: error: expected ',' but found '2'\n  %x = add i32 1 2\n                 ^\n");
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  test("every verifier error is reported, in position order", async () => {
    const text = "host @main() -> i32 {\n^entry:\n  %t = omp.thread_num\n  omp.barrier\n  ret 0\n}\n";
    const r = await run(["check", "v.oir"], { "v.oir": text });
    expect(r.code).toBe(2);
    const heads = r.err.split("\n").filter((l) => l.startsWith("v.oir:"));
    expect(heads.map((l) => l.split(": error")[0])).toEqual(["v.oir:3:3", "v.oir:4:3"]);
  });

  test("- reads standard input", async () => {
    expect(await run(["check", "-"], {}, GOOD)).toMatchObject({ code: 0, err: "" });
    const r = await run(["check", "-"], {}, "host @main( {");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^<stdin>:1:\d+: error: /);
  });
});

describe("fmt", () => {
  const messy = "; a comment\nhost   @main()->i32{\n^entry:\n    ret   0\n}\n";

  test("prints the canonical form to stdout", async () => {
    const r = await run(["fmt", "a.oir"], { "a.oir": messy });
    expect(r).toMatchObject({ code: 0, out: GOOD, err: "" });
  });

  test("-o writes OUT; -o - is stdout", async () => {
    const r = await run(["fmt", "a.oir", "-o", "b.oir"], { "a.oir": messy });
    expect(r.code).toBe(0);
    expect(r.out).toBe("");
    expect(r.files.get("b.oir")).toBe(GOOD);
    expect((await run(["fmt", "a.oir", "--out", "-"], { "a.oir": messy })).out).toBe(GOOD);
  });

  test("stdin in, file out", async () => {
    const r = await run(["fmt", "-", "-o", "b.oir"], {}, messy);
    expect(r.files.get("b.oir")).toBe(GOOD);
  });

  test("-o never names the input, comments or not", async () => {
    for (const text of [messy, messy.replace("; a comment\n", "")]) {
      const r = await run(["fmt", "a.oir", "-o", "a.oir"], { "a.oir": text });
      expect(r.code).toBe(2);
      expect(r.err).toBe("ompir: fmt: -o 'a.oir' is the input file; refusing to overwrite it (write to another file)\n");
      expect(r.files.get("a.oir")).toBe(text);
    }
  });

  test("-i refuses to overwrite its input when comments would be lost", async () => {
    const r = await run(["fmt", "a.oir", "-i"], { "a.oir": messy });
    expect(r.code).toBe(2);
    expect(r.err).toBe("ompir: fmt: refusing to overwrite 'a.oir': its comments would be lost (write to another file)\n");
    expect(r.files.get("a.oir")).toBe(messy);
  });

  test("-i formats in place when nothing is lost", async () => {
    const plain = messy.replace("; a comment\n", "");
    const r = await run(["fmt", "a.oir", "-i"], { "a.oir": plain });
    expect(r.code).toBe(0);
    expect(r.files.get("a.oir")).toBe(GOOD);
  });

  test("writes nothing when the input does not parse", async () => {
    const r = await run(["fmt", "a.oir", "-o", "b.oir"], { "a.oir": "host @main() -> i32 {\n" });
    expect(r.code).toBe(2);
    expect(r.files.has("b.oir")).toBe(false);
    expect(r.err).toMatch(/^a\.oir:\d+:\d+: error: /);
  });

  test("fmt does not require the module to verify", async () => {
    const r = await run(["fmt", "a.oir"], { "a.oir": "host @main() -> i32 {\n^entry:\n  omp.barrier\n  ret 0\n}\n" });
    expect(r.code).toBe(0);
    expect(r.out).toContain("omp.barrier");
  });
});

describe("failures never leak a stack trace", () => {
  test("an internal error is one line, exit 70", async () => {
    const io = fakeIo({ "a.oir": GOOD });
    io.readFile = () => {
      throw new TypeError("boom\n    at somewhere");
    };
    // A TypeError without a code is reported as unreadable input, not a crash:
    expect(await main(["check", "a.oir"], io)).toBe(2);
    expect(io.err).toBe("ompir: cannot read 'a.oir': boom\n");
    const io2 = fakeIo({ "a.oir": GOOD });
    io2.stdout = () => {
      throw new RangeError("stdout exploded\n    at x");
    };
    expect(await main(["fmt", "a.oir"], io2)).toBe(70);
    expect(io2.err).toBe("ompir: internal error: stdout exploded\n");
    // A first line that announces what follows keeps the line it announces (the C front
    // end's "produced invalid IR:" said nothing else before the twelfth session).
    const io3 = fakeIo({ "a.oir": GOOD });
    io3.stdout = () => {
      throw new Error("internal error: the C front end produced invalid IR:\nprog.c: error: a bad global\nprog.c: error: another");
    };
    expect(await main(["fmt", "a.oir"], io3)).toBe(70);
    expect(io3.err).toBe("ompir: internal error: the C front end produced invalid IR: prog.c: error: a bad global\n");
  });
});

describe("check passes report the program's errors, not an internal error", () => {
  test("verify-uniform-barriers on a partial barrier: located errors with the source line, exit 2", async () => {
    const text = `kernel @k(%a: ptr) spmd {
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
  omp.target @k(%a) teams(1) threads(64)
  ret 0
}
`;
    for (const cmd of ["opt", "run"]) {
      const io = fakeIo({ "a.oir": text });
      expect(await main([cmd, "a.oir", "--passes=verify-uniform-barriers"], io)).toBe(2);
      expect(io.err).toBe("a.oir:7:3: error: omp.barrier in SPMD kernel @k is in divergent control flow: threads that do not reach it leave the team waiting\n  omp.barrier\n  ^\n");
    }
  });
});

describe("the real binary", () => {
  const bin = path.join(root, "bin", "ompir.js");
  // Built from today's sources (test/dist.ts: once per change, shared by the suites that need
  // it): a stale dist/ would test an old CLI, and a failed build fails these tests, never
  // skips them.
  beforeAll(() => void ensureDist(), 300_000);
  const ompir = (args: string[], opts: { cwd?: string; input?: string } = {}) =>
    spawnSync(process.execPath, [bin, ...args], { cwd: opts.cwd ?? root, input: opts.input, encoding: "utf8" });
  let dir = "";
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-cli-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("Ctrl-C stops a run that never ends: exit 130, output, stats and trace up to there", async () => {
    const prog = path.join(dir, "spin.oir");
    fs.writeFileSync(prog, `kernel @spin() spmd {
^entry:
  br ^loop
^loop:
  br ^loop
}

host @main() -> i32 {
^entry:
  br ^loop(0)
^loop(%i: i32):
  %more = icmp slt i32 %i, 400
  cond_br %more, ^body, ^spin
^body:
  print "line %d of the output before the kernel\\n", %i
  %next = add i32 %i, 1
  br ^loop(%next)
^spin:
  omp.target @spin() teams(2) threads(64)
  ret 0
}
`);
    // Output reaches standard output in chunks of about 8 KB: 400 lines fill one, so the
    // first chunk says the simulation runs.
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i} of the output before the kernel\n`).join("");
    const stats = path.join(dir, "s.json");
    const trace = path.join(dir, "t.json");
    const child = spawn(process.execPath, [bin, "run", prog, "--max-steps", "1000000000000", "--stats-json", stats, "--trace", trace], { cwd: dir });
    let out = "";
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await new Promise<void>((resolve) => child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      resolve();
    }));
    const sent = Date.now();
    child.kill("SIGINT");
    const code = await exited;
    const took = Date.now() - sent;
    expect(code).toBe(130);
    expect(out).toBe(lines);
    expect(err).toMatch(/^ompir: run: interrupted at cycle \d+\n$/);
    // Within a second on an idle machine; the bound leaves room for a loaded one.
    expect(took).toBeLessThan(5000);
    const s = JSON.parse(fs.readFileSync(stats, "utf8")) as { kernels: { kernel: string; incomplete?: boolean; warpInstructions: number }[] };
    expect(s.kernels.map((k) => [k.kernel, k.incomplete])).toEqual([["spin", true]]);
    expect(s.kernels[0]!.warpInstructions).toBeGreaterThan(0);
    const t = JSON.parse(fs.readFileSync(trace, "utf8")) as { traceEvents: { name: string; ph: string }[] };
    expect(t.traceEvents.some((e) => e.name === "@spin" && e.ph === "X")).toBe(true);
    expect(t.traceEvents.some((e) => e.name === "interrupted" && e.ph === "i")).toBe(true);
  }, 60_000);

  test("check and fmt an example; exit status is set", () => {
    const ok = ompir(["check", "examples/saxpy.oir"]);
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    const fmt = ompir(["fmt", "examples/saxpy.oir"]);
    expect(fmt.status).toBe(0);
    expect(fmt.stdout).toMatch(/^device @saxpy_body/);
  });

  test("bad input through stdin exits 2 with a diagnostic", () => {
    const r = ompir(["check", "-"], { cwd: dir, input: "host @main() -> i32 {\n^entry:\n  ret %nope\n}\n" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^<stdin>:3:7: error: .*nope/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test("a binary file is one line, not its bytes", () => {
    const r = ompir(["check", process.execPath]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`ompir: '${process.execPath}' is a binary file, not ompir IR text\n`);
  });

  test("-o naming the input through a symlink is refused; the input is untouched", () => {
    fs.writeFileSync(path.join(dir, "a.oir"), GOOD);
    fs.symlinkSync("a.oir", path.join(dir, "link.oir"));
    for (const [cmd, flag] of [["opt", "-o"], ["opt", "--stats-json"], ["run", "--trace"]] as const) {
      const r = ompir([cmd, "a.oir", "-O", flag, "link.oir"], { cwd: dir });
      expect(r.stderr).toBe(`ompir: ${cmd}: ${flag} 'link.oir' is the input file; refusing to overwrite it (write to another file)\n`);
      expect(r.status).toBe(2);
    }
    expect(fs.readFileSync(path.join(dir, "a.oir"), "utf8")).toBe(GOOD);
    expect(fs.lstatSync(path.join(dir, "link.oir")).isSymbolicLink()).toBe(true);
  });

  test("writes are atomic, keep a file's mode and write through a symlink", () => {
    fs.writeFileSync(path.join(dir, "a.oir"), "; comment\n" + GOOD);
    fs.writeFileSync(path.join(dir, "out.oir"), "old\n", { mode: 0o600 });
    fs.chmodSync(path.join(dir, "out.oir"), 0o600);
    fs.writeFileSync(path.join(dir, "target.oir"), "old\n");
    fs.chmodSync(path.join(dir, "target.oir"), 0o640);
    fs.symlinkSync("target.oir", path.join(dir, "outlink.oir"));
    expect(ompir(["opt", "a.oir", "-O", "-o", "out.oir"], { cwd: dir }).status).toBe(0);
    expect(ompir(["fmt", "a.oir", "-o", "outlink.oir"], { cwd: dir }).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, "out.oir"), "utf8")).toBe(GOOD);
    expect(fs.statSync(path.join(dir, "out.oir")).mode & 0o777).toBe(0o600);
    expect(fs.lstatSync(path.join(dir, "outlink.oir")).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dir, "target.oir"), "utf8")).toBe(GOOD);
    expect(fs.statSync(path.join(dir, "target.oir")).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(dir).sort()).toEqual(["a.oir", "out.oir", "outlink.oir", "target.oir"]); // no temp files left
  });

  test("a pipe as output is written in place, not replaced by a file", async () => {
    // As `-o /dev/null`: renaming a temp file over a device or pipe would replace it.
    fs.writeFileSync(path.join(dir, "a.oir"), GOOD);
    const fifo = path.join(dir, "out.fifo");
    if (spawnSync("mkfifo", [fifo]).status !== 0) throw new Error("mkfifo failed");
    const reader = spawn("cat", [fifo]);
    let got = "";
    reader.stdout.on("data", (d: Buffer) => (got += d.toString("utf8")));
    const done = new Promise<void>((resolve) => reader.on("close", () => resolve()));
    try {
      expect(ompir(["fmt", "a.oir", "-o", "out.fifo"], { cwd: dir }).status).toBe(0);
      expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
      await done;
      expect(got).toBe(GOOD);
    } finally {
      reader.kill(); // a reader left waiting if the pipe was replaced
    }
  });

  test("an unwritable output is reported before any work", () => {
    fs.writeFileSync(path.join(dir, "a.oir"), GOOD);
    const r = ompir(["opt", "a.oir", "-O", "--print-after-all", "-o", "nodir/x.oir"], { cwd: dir });
    expect(r.stderr).toBe("ompir: opt: cannot write -o 'nodir/x.oir': no such directory\n");
    expect(r.status).toBe(2);
    const d = ompir(["run", "a.oir", "--stats-json", "."], { cwd: dir });
    expect(d.stderr).toBe("ompir: run: cannot write --stats-json '.': is a directory\n");
    expect(d.status).toBe(2);
  });

  test("a reader that goes away (ompir ... | head) ends the run quietly", () => {
    const big = Array.from({ length: 5000 }, (_, i) => `host @f${i}() -> i32 {\n^entry:\n  ret ${i}\n}\n`).join("\n");
    fs.writeFileSync(path.join(dir, "big.oir"), big);
    const piped = (args: string) => spawnSync("bash", ["-c", `"${process.execPath}" "${bin}" ${args} | head -c 10 >/dev/null; echo "\${PIPESTATUS[0]}"`], { cwd: dir, encoding: "utf8" }).stdout;
    // Standard output closed early: no message, exit 0.
    expect(piped("fmt big.oir 2>err.txt")).toBe("0\n");
    expect(fs.readFileSync(path.join(dir, "err.txt"), "utf8")).toBe("");
    // Standard error (the dumps) closed early: exit 0 too.
    expect(piped("opt big.oir --passes=simplify --print-after-all 2>&1 >/dev/null")).toBe("0\n");
  });
});
