// A person at a terminal: colour only on a terminal (NO_COLOR off,
// FORCE_COLOR on), a progress line for long runs only on a terminal, erased at the end; a
// warning when a launch clause overrides --teams/--threads; every "Try:" line of the
// examples works as written after the README quick start (`npx ompir …`).

import { describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { Io } from "../../src/cli/io.js";
import { nodeIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { ensureDist } from "../dist.js";
import { fakeIo } from "./fake-io.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BAD = "host @main() -> i32 {\n^entry:\n  ret %x\n}\n";
const PLAIN = "bad.oir:3:7: error: undefined value %x\n  ret %x\n      ^~\n";
const COLOURED = "\x1b[1mbad.oir:3:7: \x1b[22m\x1b[1m\x1b[31merror\x1b[39m\x1b[22m: undefined value %x\n  ret %x\n      \x1b[1m\x1b[32m^~\x1b[39m\x1b[22m\n";

async function check(opts: { tty: boolean; env?: Record<string, string> }) {
  const io = Object.assign(fakeIo({ "bad.oir": BAD }), { stderrIsTTY: opts.tty, env: opts.env ?? {} });
  const code = await main(["check", "bad.oir"], io);
  return { code, err: io.err };
}

describe("colour", () => {
  test("on a terminal: severity, location and caret coloured (util.styleText)", async () => {
    expect(await check({ tty: true })).toEqual({ code: 2, err: COLOURED });
  });
  test.each([
    ["piped", { tty: false }],
    ["NO_COLOR on a terminal", { tty: true, env: { NO_COLOR: "1" } }],
    ["FORCE_COLOR=0 on a terminal", { tty: true, env: { FORCE_COLOR: "0" } }],
    ["TERM=dumb", { tty: true, env: { TERM: "dumb" } }],
  ])("none when %s", async (_, opts) => {
    expect(await check(opts)).toEqual({ code: 2, err: PLAIN });
  });
  test("FORCE_COLOR=1 colours a pipe; NO_COLOR beats it", async () => {
    expect(await check({ tty: false, env: { FORCE_COLOR: "1" } })).toEqual({ code: 2, err: COLOURED });
    expect(await check({ tty: false, env: { FORCE_COLOR: "1", NO_COLOR: "1" } })).toEqual({ code: 2, err: PLAIN });
  });
  test("warnings and remarks too; program output never", async () => {
    const io = Object.assign(fakeIo({ "s.oir": fs.readFileSync(path.join(root, "examples/saxpy.oir"), "utf8") }), { stderrIsTTY: true, now: () => 0 });
    expect(await main(["run", "s.oir", "--teams", "2"], io)).toBe(0);
    expect(io.err).toBe("\x1b[1mompir: \x1b[22m\x1b[1m\x1b[35mwarning\x1b[39m\x1b[22m: --teams 2 ignored: omp.target at s.oir:63:3 has teams(4)\n");
    expect(io.out).not.toContain("\x1b");
  });
});

/** A loop long enough for many simulation events. */
const LONG = `kernel @spin(%p: ptr, %n: i32) spmd {
^entry:
  br ^loop(0, 0)
^loop(%i: i32, %acc: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %a2 = add i32 %acc, %i
  %i2 = add i32 %i, 1
  br ^loop(%i2, %a2)
^done:
  store i32 %acc, global %p
  ret
}

host @main() -> i32 {
^entry:
  %a = alloca i32, 1
  omp.target @spin(%a, 20000) teams(2) threads(32) map(from: i32 %a[0:1])
  %r = load i32, host %a
  print "%d\\n", %r
  ret 0
}
`;

describe("progress line", () => {
  /** A clock that advances 1 s per reading: every update is past the delay and the throttle. */
  const slowClock = () => {
    let t = 0;
    return () => (t += 1000);
  };
  const LINE = /\rompir run: cycle [\d,]+; kernels \d+\/\d+ done; 0 reverse-offload requests\x1b\[K/g;

  test("on a terminal: redrawn in place on stderr during the run, erased at the end", async () => {
    const io = Object.assign(fakeIo({ "l.oir": LONG }), { stderrIsTTY: true, env: { NO_COLOR: "1" }, now: slowClock() });
    expect(await main(["run", "l.oir"], io)).toBe(0);
    expect(io.out).toBe("199990000\n");
    const lines = io.err.match(LINE) ?? [];
    expect(lines.length).toBeGreaterThan(1);
    expect(io.err).toBe(lines.join("") + "\r\x1b[K");
    expect(lines[0]).toBe("\rompir run: cycle 0; kernels 0/0 done; 0 reverse-offload requests\x1b[K");
  });

  test("not for short runs (under half a second), nor when stderr is not a terminal", async () => {
    const fast = Object.assign(fakeIo({ "l.oir": LONG }), { stderrIsTTY: true, now: () => 0 });
    expect(await main(["run", "l.oir"], fast)).toBe(0);
    expect(fast.err).toBe("");
    const piped = Object.assign(fakeIo({ "l.oir": LONG }), { stderrIsTTY: false, now: slowClock() });
    expect(await main(["run", "l.oir"], piped)).toBe(0);
    expect(piped).toMatchObject({ out: "199990000\n", err: "" });
  });
});

describe("--teams/--threads and launch clauses", () => {
  const saxpy = fs.readFileSync(path.join(root, "examples/saxpy.oir"), "utf8");
  test("a clause that overrides a flag warns, once per site; the output is the clause's", async () => {
    const plain = fakeIo({ "examples/saxpy.oir": saxpy });
    expect(await main(["run", "examples/saxpy.oir"], plain)).toBe(0);
    const io = fakeIo({ "examples/saxpy.oir": saxpy });
    expect(await main(["run", "examples/saxpy.oir", "--teams", "1", "--threads", "32"], io)).toBe(0);
    expect(io.err).toBe(
      "ompir: warning: --teams 1 ignored: omp.target at examples/saxpy.oir:63:3 has teams(4)\n" +
        "ompir: warning: --threads 32 ignored: omp.target at examples/saxpy.oir:63:3 has threads(64)\n",
    );
    expect(io.out).toBe(plain.out);
  });
  test("each launch site with a clause warns once; only for the flags given", async () => {
    const two = fs.readFileSync(path.join(root, "examples/nowait_revoffload.oir"), "utf8");
    const io = fakeIo({ "n.oir": two });
    expect(await main(["run", "n.oir", "--threads=16"], io)).toBe(0);
    expect(io.err).toBe("ompir: warning: --threads 16 ignored: omp.target at n.oir:60:3 has threads(32)\nompir: warning: --threads 16 ignored: omp.target at n.oir:61:3 has threads(32)\n");
  });
  test("without clauses the flags apply, silently", async () => {
    const noClause = saxpy.replace(/(omp\.target[^\n]*) teams\(4\) threads\(64\)/, "$1");
    const io = fakeIo({ "s.oir": noClause });
    expect(await main(["run", "s.oir", "--teams", "1", "--threads", "32", "--stats"], io)).toBe(0);
    expect(io.err).toMatch(/^#  kernel .*\n0  @saxpy  spmd  none +1x32 /);
  });
});

describe("the examples' Try lines work as written after the quick start", () => {
  /** Every `npx ompir …` command of every `; Try:` block, without its `(comment)`. */
  function tryLines(): { file: string; command: string }[] {
    const out: { file: string; command: string }[] = [];
    for (const name of fs.readdirSync(path.join(root, "examples")).filter((n) => n.endsWith(".oir")).sort()) {
      const lines = fs.readFileSync(path.join(root, "examples", name), "utf8").split("\n");
      const start = lines.findIndex((l) => l.startsWith("; Try:"));
      if (start < 0) continue;
      for (let i = start; i < lines.length && lines[i]!.startsWith(";"); i++) {
        const text = lines[i]!.replace(/^;( Try:)?\s*/, "");
        if (/\bompir\b/.test(text) && !text.startsWith("npx ompir ")) throw new Error(`examples/${name}:${i + 1}: a Try line must say 'npx ompir …' (the quick start does not put ompir on PATH): ${text}`);
        if (text.startsWith("npx ompir ")) out.push({ file: name, command: text.replace(/\s{2,}\(.*$/, "").trim() });
      }
    }
    return out;
  }
  const lines = tryLines();

  test("there are Try lines, in every example", () => {
    expect(new Set(lines.map((l) => l.file)).size).toBe(fs.readdirSync(path.join(root, "examples")).filter((n) => n.endsWith(".oir")).length);
  });

  // In-process (the same main as bin/ompir.js), from a scratch directory holding a copy of
  // examples/, so outputs like --trace trace.json land there.
  test.each(lines.map((l) => [l.command, l.file]))("%s exits 0", async (command) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-try-"));
    try {
      fs.cpSync(path.join(root, "examples"), path.join(dir, "examples"), { recursive: true });
      let err = "";
      const base = nodeIo();
      const io: Io = {
        ...base,
        stdout: () => {},
        stderr: (s) => void (err += s),
        readFile: (p) => base.readFile(path.resolve(dir, p)),
        writeFile: (p, t) => base.writeFile(path.resolve(dir, p), t),
        sameFile: (a, b) => base.sameFile(path.resolve(dir, a), path.resolve(dir, b)),
        outputProblem: (p) => base.outputProblem!(path.resolve(dir, p)),
        cwd: dir,
        stderrIsTTY: false,
      };
      const argv = command.split(/\s+/).slice(2);
      const code = await main(argv, io);
      expect({ code, errors: err.split("\n").filter((l) => / (error|internal error):/.test(l)) }).toEqual({ code: 0, errors: [] });
      if (argv.includes("--trace")) expect(JSON.parse(fs.readFileSync(path.join(dir, "trace.json"), "utf8")).traceEvents.length).toBeGreaterThan(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("`npx ompir` runs this package's command from the repository (as the quick start does)", () => {
    // npx installs the checkout into its cache as a link the first time, which runs `prepare`:
    // with dist/ built from today's sources (and stamped) that build does nothing, so it
    // cannot rewrite dist/ under the suites running the command meanwhile.
    ensureDist();
    const r = spawnSync("npx", ["--no-install", "ompir", "--version"], { cwd: root, encoding: "utf8" });
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 0, stdout: `ompir ${JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version}\n` });
  }, 60_000);
});
