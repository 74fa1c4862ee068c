// The reverse-offload host side's schedule keeps every simulated result: programs whose
// requests wait for mailbox slots, print, or take different times (so workers finish out of
// order) run under option sets (serial; async with 1-64 workers; small mailboxes;
// keep-alives; trace; the call listing), and a hash of each run's output, exit code, fault,
// stats, trace, host memory and call listing must equal the recorded one:
// revoffload-order/expected.json. Recorded with the ninth session's start code (d5cb4fe),
// and again in the fifteenth, whose model changed 24 of the 42 runs, none of them in its
// output: the device sees a released slot `toDevice` later (it had seen slots freed since
// an earlier one became visible at once), a request is queued when the poller's copy is
// done and goes to the worker free last, and keep-alives and a launch's pool start count
// at their own cycle (docs/REVERSE_OFFLOAD.md, "The fifteenth session"). The seventeenth
// session added alternating.oir and six option sets of other timings, recorded with its
// start code (e71d2d7) before its pipeline (engine.ts): each of them tells a mutant of the
// pipeline's conditions from the real code (a keep-alive ignored, a worker returning out of
// order, a second free worker ignored, a warp that goes on ignored).
// scripts/revoffload-cmp.mjs compares two builds on many more programs.
import { describe, expect, test } from "@jest/globals";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseModule } from "../../src/ir/parse.js";
import type { RunOptions } from "../../src/runtime/execute.js";
import { execute } from "../../src/runtime/execute.js";

const dir = join(import.meta.dirname, "revoffload-order");
const options = JSON.parse(readFileSync(join(dir, "options.json"), "utf8")) as [string, RunOptions][];
const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Record<string, string>;
const files = readdirSync(dir).filter((f) => f.endsWith(".oir")).sort();

describe("reverse offload: results as the start code gave them", () => {
  test("every program and option set is recorded", () => {
    expect(Object.keys(expected).sort()).toEqual(files.flatMap((f) => options.map(([o]) => `${f} ${o}`)).sort());
  });

  test.each(files)("%s", (f) => {
    const m = parseModule(readFileSync(join(dir, f), "utf8"), f);
    for (const [name, o] of options) {
      const r = execute(m, o);
      expect(r.fault).toBeNull();
      const h = createHash("sha256").update(JSON.stringify([r.exitCode, r.stdout, r.fault, r.stats, r.trace, r.revOffloadCalls, r.hostMemory, r.interrupted, r.races])).digest("hex").slice(0, 16);
      expect(`${f} ${name} ${h}`).toBe(`${f} ${name} ${expected[`${f} ${name}`]}`);
    }
  });
});
