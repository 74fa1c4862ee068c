// Generated names never collide with the user's: the fresh-name service,
// and -O on programs whose symbols, blocks and values look generated, under every guard
// scheme: the printed module parses back, verifies, prints the same and runs the same.

import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { addFunction, addGlobal, newModule } from "../../src/ir/ir.js";
import { freshSymbol } from "../../src/ir/names.js";
import { parseModule } from "../../src/ir/parse.js";
import { printModule } from "../../src/ir/printer.js";
import { verifyModule } from "../../src/ir/verifier.js";
import { runPipeline } from "../../src/passes/pipeline.js";
import { execute } from "../../src/runtime/execute.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const regress = path.join(root, "test", "filetests", "regress");

describe("freshSymbol", () => {
  test("functions and globals share one namespace; reserved names are never handed out twice", () => {
    const m = newModule();
    addGlobal(m, "k.bcast.2", "global", "i32");
    addFunction(m, "k.bcast.2.1", "device", [], "void");
    expect(freshSymbol(m, "k.bcast.2")).toBe("k.bcast.2.2");
    expect(freshSymbol(m, "k.bcast.2")).toBe("k.bcast.2.3"); // reserved by the call before
    expect(freshSymbol(m, "get.seq")).toBe("get.seq");
    addFunction(m, "f.spmd", "device", [], "void");
    expect(freshSymbol(m, "f.spmd")).toBe("f.spmd.1");
  });
});

const files = fs.existsSync(regress) ? fs.readdirSync(regress).filter((f) => f.startsWith("names-") && f.endsWith(".oir")).sort() : [];

describe("-O with user names that look generated", () => {
  test("the regression files exist", () => expect(files.length).toBeGreaterThan(0));
  for (const file of files) {
    for (const scheme of ["branch", "mask", "naive", "auto"]) {
      test(`${file} --guard-scheme=${scheme}`, () => {
        const text = fs.readFileSync(path.join(regress, file), "utf8");
        const before = execute(parseModule(text, file), {});
        const m = runPipeline(parseModule(text, file), "-O", { passOptions: { "guard-scheme": scheme } }).module;
        const names = [...m.globals.map((g) => g.name), ...m.functions.map((f) => f.name)];
        expect(new Set(names).size).toBe(names.length);
        const printed = printModule(m);
        const again = parseModule(printed, `${file} (printed)`);
        expect(verifyModule(again).filter((d) => d.severity === "error")).toEqual([]);
        expect(printModule(again)).toBe(printed);
        const after = execute(again, {});
        expect(after.stdout).toBe(before.stdout);
        expect(after.exitCode).toBe(before.exitCode);
      });
    }
  }
});
