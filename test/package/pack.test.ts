// The published package, as a consumer gets it: `npm pack` of a fresh build, installed into
// a scratch project without the network, then used from ESM, CommonJS (require(esm), Node
// >= 20.19), TypeScript (ESM and CommonJS files) and the `ompir` command.
//
// The repository is copied to a scratch directory and built there, so the tarball holds the
// current sources whatever state dist/ is in (other suites read dist/ concurrently).
// The install is `npm ci --prefer-offline` with a lock made from this repository's lock: the
// dependencies come from the npm cache, which the repository's own `npm ci` filled, and from
// the registry only for what the cache lacks (npm caches tarballs by integrity but not
// always the registry's package documents, which a lock without `resolved` needs).
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-pack-"));
const stage = path.join(work, "stage");
const app = path.join(work, "app");
const tsc = path.join(root, "node_modules", ".bin", "tsc");

interface LockEntry {
  version: string;
  dependencies?: Record<string, string>;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  peer?: boolean;
  [k: string]: unknown;
}

function run(cmd: string, args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", npm_config_update_notifier: "false" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(r: { status: number | null; stdout: string; stderr: string }): string {
  if (r.status !== 0) throw new Error(`exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Lock entries of `names` and everything they depend on, from this repository's lock. */
function lockClosure(names: string[]): Record<string, LockEntry> {
  const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
  const out: Record<string, LockEntry> = {};
  const visit = (from: string, name: string): void => {
    const nested = `${from === "" ? "" : from + "/"}node_modules/${name}`;
    const key = lock.packages[nested] ? nested : `node_modules/${name}`;
    const entry = lock.packages[key];
    if (entry === undefined) throw new Error(`package-lock.json has no entry for ${name}`);
    if (key in out) return;
    const { dev: _d, devOptional: _o, optional: _p, peer: _q, ...rest } = entry;
    out[key] = rest as LockEntry;
    for (const d of Object.keys(entry.dependencies ?? {})) visit(key, d);
  };
  for (const n of names) visit("", n);
  return out;
}

let tarball = "";
let packedFiles: string[] = [];
let installLog = "";
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
  version: string; dependencies: Record<string, string>; devDependencies: Record<string, string>; scripts: Record<string, string>; bin: Record<string, string>; engines: Record<string, string>;
};

beforeAll(() => {
  fs.cpSync(root, stage, { recursive: true, filter: (src) => !/[\\/](node_modules|dist|\.git|coverage)$/.test(src) });
  fs.symlinkSync(path.join(root, "node_modules"), path.join(stage, "node_modules"), "dir");
  ok(run(tsc, ["-p", "tsconfig.build.json"], stage));
  ok(run(process.execPath, ["scripts/bundle-cli.mjs"], stage)); // as the prepare script does
  const packed = JSON.parse(ok(run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], stage))) as { filename: string; integrity: string; files: { path: string }[] }[];
  tarball = path.join(work, packed[0]!.filename);
  packedFiles = packed[0]!.files.map((f) => f.path);

  fs.mkdirSync(app);
  const deps = { ompir: `file:../${path.basename(tarball)}`, "@types/node": pkg.devDependencies["@types/node"]! };
  fs.writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "scratch", private: true, dependencies: deps }, null, 2));
  const lock = {
    name: "scratch", lockfileVersion: 3, requires: true,
    packages: {
      "": { name: "scratch", dependencies: deps },
      "node_modules/ompir": {
        version: pkg.version, resolved: deps.ompir, integrity: packed[0]!.integrity, license: "MIT",
        dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines,
      },
      ...lockClosure([...Object.keys(pkg.dependencies), "@types/node"]),
    },
  };
  fs.writeFileSync(path.join(app, "package-lock.json"), JSON.stringify(lock, null, 2));
  installLog = ok(run("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund", "--foreground-scripts"], app));
}, 180_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("the packed tarball", () => {
  test("holds the build, the license, the schemas and the sources its maps name; no tests", () => {
    for (const f of ["LICENSE", "README.md", "package.json", "bin/ompir.js", "dist/index.js", "dist/index.d.ts", "dist/cli/main.js", "bin/cli-loader.js", "dist/cli-bundle/main.cjs", "dist/cli-bundle/main.cjs.cache", "dist/cli-bundle/inputs.json"]) expect(packedFiles).toContain(f);
    expect(packedFiles.filter((f) => f.startsWith("schemas/") && f.endsWith(".schema.json")).length).toBeGreaterThanOrEqual(3);
    expect(packedFiles.filter((f) => /^(test|bench|scripts|\.ci)\//.test(f) || f.includes("node_modules/"))).toEqual([]);
    expect(fs.readFileSync(path.join(app, "node_modules/ompir/LICENSE"), "utf8")).toMatch(/^MIT License/);
  });

  test("every source map points at files in the package", () => {
    const maps = packedFiles.filter((f) => f.endsWith(".map"));
    const dangling: string[] = [];
    for (const m of maps) {
      const map = JSON.parse(fs.readFileSync(path.join(app, "node_modules/ompir", m), "utf8")) as { sources: string[]; sourceRoot?: string };
      for (const s of map.sources) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(m), map.sourceRoot ?? "", s));
        if (!packedFiles.includes(target)) dangling.push(`${m} -> ${s}`);
      }
    }
    expect(maps.length).toBeGreaterThan(0);
    expect(dangling).toEqual([]);
  });

  test("installing it runs no script of ours", () => {
    const installed = JSON.parse(fs.readFileSync(path.join(app, "node_modules/ompir/package.json"), "utf8")) as { scripts?: Record<string, string> };
    for (const hook of ["preinstall", "install", "postinstall"]) expect(installed.scripts?.[hook]).toBeUndefined();
    expect(packedFiles).not.toContain("binding.gyp");
    expect(installLog).not.toMatch(/> ompir@/); // npm echoes each script it runs (--foreground-scripts)
  });
});

describe("a consumer", () => {
  const example = "node_modules/ompir/examples/saxpy.oir";

  test("imports it from ESM", () => {
    fs.writeFileSync(path.join(app, "esm.mjs"), [
      `import { parseModule, verifyModule, runPipeline, execute, printModule, PipelineError } from "ompir";`,
      `import * as fs from "node:fs";`,
      `const m = parseModule(fs.readFileSync(${JSON.stringify(example)}, "utf8"), "saxpy.oir");`,
      `const r = runPipeline(m, "-O");`,
      `console.log(verifyModule(m).length, r.passes.length, execute(m).exitCode, printModule(m).length > 0, typeof PipelineError);`,
    ].join("\n"));
    const r = run("node", ["esm.mjs"], app);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("0 13 0 true function\n");
  });

  test("requires it from CommonJS", () => {
    fs.writeFileSync(path.join(app, "cjs.cjs"), [
      `const { parseModule, runPipeline, PipelineError } = require("ompir");`,
      `const m = parseModule("", "empty.oir");`,
      `try { runPipeline(m, "no-such-pass"); } catch (e) { console.log(e instanceof PipelineError); }`,
      `console.log(require("ompir/package.json").version);`,
      `console.log(require("ompir/core").parseModule === parseModule, "main" in require("ompir/core"));`,
    ].join("\n"));
    const r = run("node", ["cjs.cjs"], app);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`true\n${pkg.version}\ntrue false\n`);
  });

  test("type-checks it from TypeScript (ESM and CommonJS files)", () => {
    fs.writeFileSync(path.join(app, "tsconfig.json"), JSON.stringify({
      compilerOptions: { module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, noEmit: true, skipLibCheck: false, types: ["node"] },
      files: ["consumer.ts", "consumer.cts"],
    }));
    fs.writeFileSync(path.join(app, "consumer.ts"), [
      `import { parseModule, runPipeline, PipelineError, PassVerifyError, DiagnosticError } from "ompir";`,
      `import type { Module, PassInfo, Remark, PipelineResult, RunOptions, RunStats } from "ompir";`,
      `const m: Module = parseModule("", "x.oir");`,
      `const r: PipelineResult = runPipeline(m, "-O");`,
      `const rs: readonly Remark[] = r.remarks;`,
      `const custom: PassInfo = { name: "mine", description: "does nothing", run: () => ({ changed: false }) };`,
      `const o: RunOptions = { teams: 1 };`,
      `export const used = [rs, custom, o, PipelineError, PassVerifyError, DiagnosticError] as const;`,
      `export type S = RunStats["totals"]["cycles"];`,
    ].join("\n"));
    fs.writeFileSync(path.join(app, "consumer.cts"), [
      `import ompir = require("ompir");`,
      `const m: ompir.Module = ompir.parseModule("", "x.oir");`,
      `export const n: number = m.functions.length;`,
    ].join("\n"));
    const r = run(tsc, ["-p", "."], app);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  }, 60_000);

  test("imports every module path the docs use", async () => {
    const specs = new Set<string>();
    const docs = [path.join(root, "README.md"), ...fs.readdirSync(path.join(root, "docs")).map((f) => path.join(root, "docs", f))];
    for (const d of docs) {
      const text = fs.readFileSync(d, "utf8");
      for (const m of text.matchAll(/(?:from\s+|require\(|import\()["'](ompir(?:\/[^"']*)?)["']/g)) specs.add(m[1]!);
      for (const m of text.matchAll(/`(ompir\/[A-Za-z0-9_.\/-]+)`/g)) specs.add(m[1]!); // paths named in prose
    }
    expect(specs).toContain("ompir");
    expect(specs).toContain("ompir/core");
    expect(specs).toContain("ompir/schemas/stats.schema.json");
    const lines = [...specs].map((s) => `await import(${JSON.stringify(s)}${s.endsWith(".json") ? `, { with: { type: "json" } }` : ""});`);
    fs.writeFileSync(path.join(app, "docs.mjs"), lines.join("\n") + `\nconsole.log("ok");\n`);
    const r = run("node", ["docs.mjs"], app);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("ok\n");
  });

  test("runs the ompir command", () => {
    const r = run(path.join(app, "node_modules", ".bin", "ompir"), ["check", example], app);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const o = run(path.join(app, "node_modules", ".bin", "ompir"), ["opt", "-O", example], app);
    expect(o.stderr).toBe("");
    expect(o.stdout).toMatch(/^kernel @/m);
  });
});
