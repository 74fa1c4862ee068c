// The package's public surface: every type a public signature uses, and every error class
// the library throws to its callers, is exported from the entry (src/index.ts), so a
// consumer can name it. Reads the .d.ts files tsc emits into a scratch directory.
import { afterAll, describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DtsProgram } from "./dts-audit.js";

const root = path.resolve(import.meta.dirname, "../..");
const out = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-dts-"));
const tsc = path.join(root, "node_modules", ".bin", "tsc");

afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe("public types", () => {
  test("tsc emits the declarations", () => {
    const r = spawnSync(tsc, ["-p", "tsconfig.build.json", "--outDir", out, "--sourceMap", "false"], { cwd: root, encoding: "utf8" });
    expect(r.stderr + r.stdout).toBe("");
    expect(r.status).toBe(0);
  }, 120_000);

  test.each(["index", "core"])("every type in a public signature is exported from %s", (entry) => {
    const missing = new DtsProgram().missingTypes(path.join(out, `${entry}.d.ts`));
    expect(missing.map((m) => `${m.name} (${path.relative(out, m.file)}) used by ${m.usedBy}`)).toEqual([]);
  });

  test("ompir/core is ompir without the CLI", () => {
    const p = new DtsProgram();
    const all = [...p.exportsOf(path.join(out, "index.d.ts")).keys()].sort();
    const core = [...p.exportsOf(path.join(out, "core.d.ts")).keys()].sort();
    expect(all.filter((n) => !core.includes(n))).toEqual(["Command", "Io", "ProgressLine", "main"]);
  });
});

describe("thrown errors", () => {
  // Error classes the core declares but never lets out of a public entry point.
  const INTERNAL: Record<string, string> = {
    MapError: "execute turns it into a `map` fault (runtime/host.ts)",
    StalePayload: "caught by the reverse-offload host, which reports a fault (runtime/revoffload/engine.ts)",
  };

  test("every error class of the library core is exported (or documented as caught inside)", () => {
    const exported = new DtsProgram().exportsOf(path.join(out, "index.d.ts"));
    const errors: string[] = [];
    for (const dir of ["ir", "passes", "runtime"]) {
      // Recursive: the runtime has subdirectories (runtime/revoffload/).
      for (const f of fs.readdirSync(path.join(root, "src", dir), { recursive: true, encoding: "utf8" })) {
        if (!f.endsWith(".ts")) continue;
        const text = fs.readFileSync(path.join(root, "src", dir, f), "utf8");
        for (const m of text.matchAll(/class\s+(\w+)\s+extends\s+Error\b/g)) errors.push(m[1]!);
      }
    }
    expect(errors).toEqual(expect.arrayContaining(["DiagnosticError", "PipelineError", "PassVerifyError"]));
    expect(errors.filter((e) => !exported.has(e) && !(e in INTERNAL))).toEqual([]);
    for (const e of Object.keys(INTERNAL)) expect(errors).toContain(e); // the list stays current
  });
});
