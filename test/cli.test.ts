// The ompir command, run in-process with a fake Io (and twice for real through bin/ompir.js).

import { describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { Io } from "../src/cli/io.js";
import { main } from "../src/cli/main.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const GOOD = `host @main() -> i32 {
^entry:
  ret 0
}
`;

/** A fake file system and captured streams. */
function fakeIo(files: Record<string, string> = {}, stdin = "") {
  const fsys = new Map(Object.entries(files));
  const io = {
    out: "",
    err: "",
    files: fsys,
    stdout(s: string) {
      io.out += s;
    },
    stderr(s: string) {
      io.err += s;
    },
    readFile(p: string) {
      const t = fsys.get(p);
      if (t === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: p.endsWith("/") ? "EISDIR" : "ENOENT" });
      return t;
    },
    readStdin: async () => stdin,
    writeFile(p: string, text: string) {
      fsys.set(p, text);
    },
    sameFile: (a: string, b: string) => path.normalize(a) === path.normalize(b) && fsys.has(a),
    env: {},
  } satisfies Io & Record<string, unknown>;
  return io;
}

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

  test("refuses to overwrite its input when comments would be lost", async () => {
    const r = await run(["fmt", "a.oir", "-o", "a.oir"], { "a.oir": messy });
    expect(r.code).toBe(2);
    expect(r.err).toBe("ompir: fmt: refusing to overwrite 'a.oir': its comments would be lost (write to another file)\n");
    expect(r.files.get("a.oir")).toBe(messy);
  });

  test("formats in place when nothing is lost", async () => {
    const plain = messy.replace("; a comment\n", "");
    const r = await run(["fmt", "a.oir", "-o", "a.oir"], { "a.oir": plain });
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
  });
});

describe("the real binary", () => {
  // Build dist/ once if needed (npm ci does it through `prepare`).
  const bin = path.join(root, "bin", "ompir.js");
  const distMain = path.join(root, "dist", "cli", "main.js");
  const built = fs.existsSync(distMain) || spawnSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: root, encoding: "utf8" }).status === 0;
  const maybe = built && fs.existsSync(distMain) ? test : test.skip;

  maybe("check and fmt an example; exit status is set", () => {
    const ok = spawnSync(process.execPath, [bin, "check", "examples/saxpy.oir"], { cwd: root, encoding: "utf8" });
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    const fmt = spawnSync(process.execPath, [bin, "fmt", "examples/saxpy.oir"], { cwd: root, encoding: "utf8" });
    expect(fmt.status).toBe(0);
    expect(fmt.stdout).toMatch(/^device @saxpy_body/);
  });

  maybe("bad input through stdin exits 2 with a diagnostic", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-cli-"));
    try {
      const r = spawnSync(process.execPath, [bin, "check", "-"], { cwd: dir, input: "host @main() -> i32 {\n^entry:\n  ret %nope\n}\n", encoding: "utf8" });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^<stdin>:3:7: error: .*nope/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
