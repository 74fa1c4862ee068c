// A pass that names the functions it changed (PassResult.changedFunctions) has only those
// verified after it (the whole module is verified after the last pass). This holds the
// passes to their word: on every example, every filetest program that verifies and
// generated programs, under each guard scheme, each pass of -O is run with a hook comparing
// every other function's printed text, and every function's signature, before and after it.

import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { Function, Module } from "../../src/ir/ir.js";
import { parseModule } from "../../src/ir/parse.js";
import { printFunction, printGlobal } from "../../src/ir/printer.js";
import { verifyModule } from "../../src/ir/verifier.js";
import type { PassInstrumentation } from "../../src/passes/pipeline.js";
import { runPipeline } from "../../src/passes/pipeline.js";
import { GEN } from "../gen/campaign.js";
import { generateGenericProgram } from "../gen/kernels.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function programs(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (e.name.endsWith(".oir")) out.push(path.relative(root, path.join(d, e.name)));
    }
  };
  walk(path.join(root, dir));
  return out;
}

const signature = (f: Function) => `${f.name} ${f.kind} (${f.params.map((p) => f.values[p]!.type).join(", ")}) -> ${f.ret}`;

/** Fails the test when a pass changed a function it did not name, or any signature or global. */
function honesty(failures: string[]): PassInstrumentation {
  let texts: string[] = [];
  let sigs: string[] = [];
  let globals: string[] = [];
  return {
    beforePass(_p, m: Module) {
      texts = m.functions.map((f) => printFunction(m, f));
      sigs = m.functions.map(signature);
      globals = m.globals.map(printGlobal);
    },
    afterPass(p, m: Module, r) {
      if (!r.changed || r.changedFunctions === undefined) return;
      const named = new Set(r.changedFunctions);
      for (let i = 0; i < texts.length; i++) {
        const f = m.functions[i]!;
        if (signature(f) !== sigs[i]) failures.push(`${p.name} changed the signature of @${f.name}`);
        if (!named.has(f) && printFunction(m, f) !== texts[i]) failures.push(`${p.name} changed @${f.name} without naming it`);
      }
      for (let i = 0; i < globals.length; i++) if (printGlobal(m.globals[i]!) !== globals[i]) failures.push(`${p.name} changed global ${globals[i]}`);
    },
  };
}

function check(text: string, file: string, scheme: string): string[] {
  const m = parseModule(text, file);
  if (verifyModule(m).some((d) => d.severity === "error")) return [];
  const failures: string[] = [];
  runPipeline(m, "-O", { verifiedInput: true, passOptions: { "guard-scheme": scheme }, instrumentations: [honesty(failures)] });
  return failures;
}

const SCHEMES = ["auto", "branch", "mask", "naive"];
const files = [...programs("examples"), ...programs("test/filetests")];

describe("passes name every function they change", () => {
  test.each(SCHEMES)("examples and filetests, guard scheme %s", (scheme) => {
    const failures: string[] = [];
    let checked = 0;
    for (const file of files) {
      let text: string;
      try {
        text = fs.readFileSync(path.join(root, file), "utf8");
        parseModule(text, file);
      } catch {
        continue; // bad-input tests
      }
      checked++;
      failures.push(...check(text, file, scheme).map((f) => `${file}: ${f}`));
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(150);
  });
  test.each(SCHEMES)("generated programs 1-40, guard scheme %s", (scheme) => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 40; seed++) failures.push(...check(generateGenericProgram(seed, GEN), `gen-${seed}.oir`, scheme).map((f) => `seed ${seed}: ${f}`));
    expect(failures).toEqual([]);
  });
});
