// The machine-readable outputs match their JSON Schemas (schemas/*.schema.json, draft
// 2020-12, checked with ajv): `run --stats-json`, `opt --remarks-output FILE.json` and
// `opt --dump-pipeline-json`, produced by the CLI from every example. The schemas forbid
// unknown fields and require every documented one, so a field added, renamed or dropped in
// the code fails here until the schema (and docs/STATS.md, docs/REMARKS.md, docs/PASSES.md)
// says so too.
import { afterAll, describe, expect, test } from "@jest/globals";
import { Ajv2020 } from "ajv/dist/2020.js";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../src/cli/main.js";
import { nodeIo } from "../src/cli/io.js";
import { parseModule } from "../src/ir/parse.js";
import { runPipeline } from "../src/passes/pipeline.js";
import type { Io } from "../src/cli/io.js";

const root = path.resolve(import.meta.dirname, "..");
const examples = fs.readdirSync(path.join(root, "examples")).filter((n) => n.endsWith(".oir")).sort();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-schemas-"));

const ajv = new Ajv2020({ allErrors: true, strict: true });
const schema = (name: string): object => JSON.parse(fs.readFileSync(path.join(root, "schemas", `${name}.schema.json`), "utf8")) as object;
const validators = {
  stats: ajv.compile(schema("stats")),
  remarks: ajv.compile(schema("remarks")),
  pipeline: ajv.compile(schema("pipeline")),
  "pass-stats": ajv.compile(schema("pass-stats")),
};
type Doc = keyof typeof validators;

function check(kind: Doc, doc: unknown): string[] {
  const v = validators[kind];
  return v(doc) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
}

// The real Io (real files), with the terminal streams captured.
const base = nodeIo();
async function cli(argv: string[]): Promise<{ code: number; err: string }> {
  let err = "";
  const io: Io = { ...base, stdout: () => {}, stderr: (s) => void (err += s) };
  const code = await main(argv, io);
  return { code, err };
}

const read = (f: string): unknown => JSON.parse(fs.readFileSync(f, "utf8"));

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("schemas", () => {
  test("are valid draft 2020-12 schemas with a version field", () => {
    for (const name of Object.keys(validators)) {
      const s = schema(name) as { properties: { version: { const: number } }; required: string[] };
      expect(s.properties.version.const).toBe(1);
      expect(s.required).toContain("version");
    }
  });
});

describe.each(examples)("examples/%s", (name) => {
  const file = path.join(root, "examples", name);
  const stem = path.join(tmp, name.replace(/\.oir$/, ""));

  test("run --stats-json, before and after -O", async () => {
    for (const extra of [[], ["-O"]]) {
      const out = `${stem}${extra.join("")}.stats.json`;
      const r = await cli(["run", file, ...extra, "--stats-json", out]);
      expect(r.code).toBe(0);
      const doc = read(out) as { version: number; kernels: unknown[] };
      expect(check("stats", doc)).toEqual([]);
      expect(doc.version).toBe(1);
    }
  }, 60_000);

  test("opt -O --remarks-output and --dump-pipeline-json", async () => {
    const r = await cli(["opt", file, "-O", "--remarks-output", `${stem}.remarks.json`, "--dump-pipeline-json", `${stem}.pipeline.json`, "-o", `${stem}.opt.oir`]);
    expect(r.code).toBe(0);
    const remarks = read(`${stem}.remarks.json`) as { remarks: unknown[] };
    expect(check("remarks", remarks)).toEqual([]);
    const pipeline = read(`${stem}.pipeline.json`) as { results: Record<string, { name: string }[]> };
    expect(check("pipeline", pipeline)).toEqual([]);
    // one entry per pass run, for every function with a body
    for (const passes of Object.values(pipeline.results)) expect(passes.map((p) => p.name)).toEqual(["inline", "simplify", "mem2reg", "specialize-indirect", "deglobalize", "spmdize", "barrier-elim", "simplify"]);
  }, 60_000);

  test("-O pass statistics as JSON (PassStats.toJson, for opt --stats-json)", () => {
    const r = runPipeline(parseModule(fs.readFileSync(file, "utf8"), name), "-O");
    const doc = JSON.parse(r.stats.toJson()) as { stats: { pass: string; counter: string; value: number }[] };
    expect(check("pass-stats", doc)).toEqual([]);
    expect(doc.stats).toEqual(r.stats.entries());
  });
});

describe("the schemas reject what they should", () => {
  const stats = { version: 1, kernels: [], totals: { cycles: 1, hostInstructions: 1, kernels: 0, warpInstructions: 0, laneSlots: 0, activeLanes: 0, utilisation: 0, barriers: 0, dispatches: 0, parallelRegions: 0, sharedBytes: 0, revOffload: { requests: 0, maxOutstanding: 0, maxQueueDepth: 0, meanLatency: 0, maxLatency: 0, stallCycles: 0, mailboxWaits: 0, workerBusyCycles: 0, workersCreated: 0, prints: 0, meanPrintDelay: 0, maxPrintDelay: 0, mode: "async", threads: 8, slots: 1024 } } };
  const pass = { name: "inline", machine: false, irChanged: true, before: [{ text: "x" }], after: [{ text: "y" }] };

  test("a minimal valid document of each kind passes", () => {
    expect(check("stats", stats)).toEqual([]);
    expect(check("remarks", { version: 1, file: "a.oir", remarks: [] })).toEqual([]);
    expect(check("pipeline", { version: 1, results: { "@k": [pass] } })).toEqual([]);
    expect(check("pass-stats", { version: 1, stats: [{ pass: "inline", counter: "calls inlined", value: 2 }] })).toEqual([]);
  });

  test.each([
    ["stats", { ...stats, version: undefined }, "no version"],
    ["stats", { ...stats, extra: 1 }, "unknown field"],
    ["stats", { ...stats, totals: { ...stats.totals, revOffload: { ...stats.totals.revOffload, bogus: 1 } } }, "unknown revOffload counter"],
    ["stats", { ...stats, totals: { ...stats.totals, revOffload: { ...stats.totals.revOffload, mode: undefined } } }, "revOffload without mode"],
    ["remarks", { version: 2, file: "a.oir", remarks: [] }, "another version"],
    ["remarks", { version: 1, file: "a.oir", remarks: [{ id: "x", kind: "note", pass: "p", function: "@f", line: 1, col: 1, message: "", args: {} }] }, "bad kind"],
    ["pipeline", { version: 1, results: { "@k": [{ ...pass, irChanged: undefined, changed: true }] } }, "the old field name"],
    ["pipeline", { version: 1, results: { "@k": [{ ...pass, before: "x" }] } }, "text instead of lines"],
    ["pipeline", { version: 1, results: { k: [pass] } }, "function without @"],
    ["pass-stats", { version: 1, stats: [{ pass: "inline", counter: "calls inlined", value: 1.5 }] }, "fractional count"],
    ["pass-stats", { version: 1, stats: { inline: 1 } }, "object instead of list"],
  ] as [Doc, unknown, string][])("%s: %#: %s", (kind, doc) => {
    expect(check(kind, JSON.parse(JSON.stringify(doc)))).not.toEqual([]);
  });
});
