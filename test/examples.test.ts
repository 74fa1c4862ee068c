// Every example parses, verifies and round-trips; it has golden tests under
// test/filetests/examples/ (which read it through `; input:`); and mutated or truncated examples end in
// diagnostics, never in another exception (parser fuzz).

import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { DiagnosticError, formatDiagnostic } from "../src/ir/diagnostics.js";
import { parseModule } from "../src/ir/parse.js";
import { printModule } from "../src/ir/printer.js";
import { verifyModule } from "../src/ir/verifier.js";
import { parseFiletest } from "../src/tools/filetest/format.js";
import { Rng } from "./gen/generate.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const names = fs.readdirSync(path.join(root, "examples")).filter((n) => n.endsWith(".oir")).sort();
const read = (rel: string) => fs.readFileSync(path.join(root, rel), "utf8");


test("there are at least twelve examples", () => {
  expect(names.length).toBeGreaterThanOrEqual(12);
});

test("README's ten-line tour parses and verifies", () => {
  const readme = read("README.md");
  const tour = /## The language in ten lines\n\n```\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(tour?.split("\n").filter((l) => l !== "")).toHaveLength(10);
  expect(verifyModule(parseModule(tour!, "README.md"))).toEqual([]);
});

describe.each(names)("examples/%s", (name) => {
  const text = read(`examples/${name}`);

  test("opens with a comment saying what it shows and what to try", () => {
    expect(text.startsWith(`; ${name} — `)).toBe(true);
    const head = text.slice(0, text.search(/^[^;\n]/m));
    expect(head).toMatch(/Shows:/);
    expect(head).toMatch(/Try:/);
  });

  test("parses, verifies and round-trips", () => {
    let m;
    try {
      m = parseModule(text, `examples/${name}`);
    } catch (e) {
      if (e instanceof DiagnosticError) throw new Error(e.diagnostics.map((d) => formatDiagnostic(d, text)).join("\n"));
      throw e;
    }
    expect(verifyModule(m).map((d) => formatDiagnostic(d, text))).toEqual([]);
    const printed = printModule(m);
    expect(printModule(parseModule(printed))).toBe(printed);
    const main = m.functions.find((f) => f.name === "main");
    expect(main?.kind).toBe("host");
    expect(main?.ret).toBe("i32");
  });

  test("has golden tests in test/filetests/examples that read it", () => {
    const rel = `test/filetests/examples/${name}`;
    expect(fs.existsSync(path.join(root, rel)) && parseFiletest(read(rel)).inputFile).toBe(`examples/${name}`);
  });
});

describe("parser fuzz: truncated and mutated examples", () => {
  const ALPHABET = "%@^:;,()[]{}=\"\\ \n\t0123456789abcxyz.-+ée\u0000";

  function mustNotCrash(input: string, what: string): void {
    try {
      const m = parseModule(input, "fuzz.oir");
      verifyModule(m); // the verifier must cope with anything the parser accepts
      printModule(m);
    } catch (e) {
      if (e instanceof DiagnosticError) {
        for (const d of e.diagnostics) {
          expect(d.loc.line).toBeGreaterThanOrEqual(1);
          expect(formatDiagnostic(d, input)).toMatch(/^fuzz\.oir:\d+:\d+: error: /);
        }
        return;
      }
      throw new Error(`${what}: ${e instanceof Error ? e.stack : String(e)}\n--- input ---\n${input}`);
    }
  }

  test.each(names)("%s", (name) => {
    const text = read(`examples/${name}`);
    const rng = new Rng(name.length * 7919 + text.length);
    for (let k = 0; k < 200; k++) {
      const cut = rng.int(0, text.length);
      mustNotCrash(text.slice(0, cut), `truncated at ${cut}`);
    }
    for (let k = 0; k < 200; k++) {
      const chars = [...text];
      const edits = rng.int(1, 3);
      for (let e = 0; e < edits; e++) {
        const at = rng.int(0, chars.length - 1);
        const op = rng.int(0, 2);
        if (op === 0) chars[at] = rng.pick([...ALPHABET]);
        else if (op === 1) chars.splice(at, 1);
        else chars.splice(at, 0, rng.pick([...ALPHABET]));
      }
      mustNotCrash(chars.join(""), `mutation ${k}`);
    }
  });
});
