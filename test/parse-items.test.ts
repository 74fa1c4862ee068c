// The memory-saving front end: tokens carry offsets only, positions come from a
// LineMap, and parseModule reads a file item by item. These tests pin that it changes
// nothing observable: every position equals chevrotain's full position tracking, and the
// item-by-item module equals the one-piece parse (same printed text, same locations).

import { describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import { Lexer } from "../src/ir/chevrotain.js";
import type { Module } from "../src/ir/ir.js";
import { addGlobal, newModule } from "../src/ir/ir.js";
import { freshSymbol } from "../src/ir/names.js";
import { ALL_TOKENS, LineMap, lex } from "../src/ir/lexer.js";
import { parseAst, parseModule } from "../src/ir/parse.js";
import { checkGrammar } from "../src/ir/parser.js";
import { printModule } from "../src/ir/printer.js";
import { resolveModule } from "../src/ir/resolve.js";
import { DiagnosticError } from "../src/ir/diagnostics.js";
import { srcCol, srcLine } from "../src/ir/loc.js";
import { Rng } from "../src/tools/rng.js";
import { generate, writeBytes } from "../bench/shapes.js";
import { ALL_CONSTRUCTS } from "./parser-samples.js";
import { ensureDist } from "./dist.js";

const fullLexer = new Lexer(ALL_TOKENS, { positionTracking: "full" });

/** Random text over the characters that matter to line counting and tokenizing. */
function randomText(rng: Rng, n: number): string {
  const pieces = ["\n", "\r", "\r\n", " ", "\t", ";", "\"", "\\", "\\n", "a", "add", "%x", "{", "}", "@f", "1", "#", "\u2028", "é"];
  let s = "";
  for (let i = 0; i < n; i++) s += pieces[rng.int(0, pieces.length - 1)];
  return s;
}

/** The one-piece parse, as parseModule did before parsing item by item. */
function wholeParse(text: string, file: string): Module {
  const r = resolveModule(parseAst(text, file), file, text);
  if (r.diagnostics.length > 0) throw new DiagnosticError(r.diagnostics);
  return r.module;
}

/** Every location of a module, in a fixed order. */
function locs(m: Module): string[] {
  const out: string[] = [];
  for (const g of m.globals) out.push(`@${g.name} ${srcLine(g.loc)}:${srcCol(g.loc)}`);
  for (const f of m.functions) {
    out.push(`@${f.name} ${srcLine(f.loc)}:${srcCol(f.loc)}`);
    for (const b of f.blocks) out.push(`^${b.name} ${srcLine(b.loc)}:${srcCol(b.loc)}`);
    for (const i of f.insts) out.push(`${i.kind} ${srcLine(i.loc)}:${srcCol(i.loc)}`);
  }
  return out;
}

function wholeMessages(text: string): string[] {
  try {
    wholeParse(text, "t.oir");
    return [];
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    return e.diagnostics.map((d) => `${d.loc.line}:${d.loc.col}: ${d.message}`);
  }
}

function messages(text: string): string[] {
  try {
    parseModule(text, "t.oir");
    return [];
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    return e.diagnostics.map((d) => `${d.loc.line}:${d.loc.col}: ${d.message}`);
  }
}

describe("LineMap", () => {
  test("gives every token and lexer error the position chevrotain's full tracking gives", () => {
    const rng = new Rng(14);
    for (let round = 0; round < 400; round++) {
      const text = randomText(rng, rng.int(1, 60));
      const lines = new LineMap(text);
      const full = fullLexer.tokenize(text);
      for (const t of full.tokens) {
        expect([text, lines.loc(t.startOffset)]).toEqual([text, { line: t.startLine, col: t.startColumn }]);
      }
      for (const e of full.errors) {
        expect([text, lines.loc(e.offset)]).toEqual([text, { line: e.line, col: e.column }]);
      }
    }
  });

  test("answers offsets in any order", () => {
    const text = "a\nbb\r\nccc\rdddd\n";
    const lines = new LineMap(text);
    const expected = [...text].map((_, o) => lines.loc(o));
    const shuffled = [...expected.keys()].reverse();
    for (const o of shuffled) expect(lines.loc(o)).toEqual(expected[o]);
    expect(lines.loc(0)).toEqual({ line: 1, col: 1 });
    expect(lines.loc(11)).toEqual({ line: 4, col: 2 });
  });

  test("lex reports errors at the same positions on a slice with a base offset", () => {
    const text = "host @f() {\n^e:\n  ret # \n}\n";
    const lines = new LineMap(text);
    const start = text.indexOf("^e");
    const r = lex(text.slice(start), lines, start);
    expect(r.errors.map((e) => [e.loc, e.message])).toEqual([[{ line: 3, col: 7 }, "unexpected character '#'"]]);
  });
});

describe("item by item", () => {
  const cases: [string, string][] = [
    ["parser-samples", ALL_CONSTRUCTS],
    ["six shapes", generate(12)],
    ...fs.readdirSync("examples").filter((f) => f.endsWith(".oir")).map((f): [string, string] => [f, fs.readFileSync(`examples/${f}`, "utf8")]),
  ];
  test.each(cases)("%s: same module as the one-piece parse", (name, text) => {
    const a = parseModule(text, name);
    const b = wholeParse(text, name);
    expect(printModule(a)).toBe(printModule(b));
    expect(locs(a)).toEqual(locs(b));
  });

  test("forward references to functions and globals defined later", () => {
    const text = [
      "kernel @k(%p: ptr) generic {",
      "^entry:",
      "  %v = call @later(%p)",
      "  store i32 %v, global @g",
      "  omp.parallel @region()",
      "  ret",
      "}",
      "device @later(%p: ptr) -> i32 {",
      "^entry:",
      "  ret 7",
      "}",
      "device @region() {",
      "^entry:",
      "  ret",
      "}",
      "global @g : global i32",
      "",
    ].join("\n");
    expect(printModule(parseModule(text))).toBe(printModule(wholeParse(text, "<input>")));
  });

  test("an error in a late item is reported exactly as the one-piece parser reports it", () => {
    const good = generate(6);
    // A parse error early and a lexer error late: only the lexer's is reported.
    expect(messages(`device @a( {\n^e:\n ret\n}\n${good}kernel @z() generic {\n^e:\n  ret #\n}\n`)).toEqual([
      `${good.split("\n").length + 6}:7: unexpected character '#'`,
    ]);
    // A parse error in the last item.
    const bad = `${good}device @b() {\n^e:\n  %x = add i32 1\n}\n`;
    expect(messages(bad)).toEqual(wholeMessages(bad));
    expect(messages(bad)).toHaveLength(1);
  });

  test("resolver errors of every item, sorted, as before", () => {
    const text = "device @f() {\n^e:\n  %x = add i32 %nope, 1\n  ret\n}\ndevice @f() {\n^e:\n  call @missing()\n  ret\n}\n";
    expect(messages(text)).toEqual([
      "3:16: undefined value %nope",
      "6:8: redefinition of @f (first defined at 1:1)",
      "8:8: undefined function @missing",
    ]);
  });

  test("text before the first item, items sharing a line, split lines: still right", () => {
    const texts = [
      "; leading comment\n\n declare device @d()\ndevice @f() {\n^e:\n  call @d()\n  ret\n}\n",
      "declare device @d() declare device @e()\ndevice @f() { ^e: call @d() call @e() ret } device @g() {\n^e:\n  ret\n}\n",
      "global @g : global i32 x 2 = [1,\n 2]\nhost @f() -> i32 {\n^e:\n  %v = load i32,\nhost @g\n  ret %v\n}\n",
      "device @f() {\n^e:\n  print \"}\\\"{;\"\n  ret ; }\n}\n",
    ];
    for (const t of texts) {
      expect(printModule(parseModule(t))).toBe(printModule(wholeParse(t, "<input>")));
      expect(locs(parseModule(t))).toEqual(locs(wholeParse(t, "<input>")));
    }
  });
});

describe("too large for memory", () => {
  // Through the built CLI (as test/cli.test.ts does), in a Node with a small heap.
  const root = process.cwd();
  const bin = `${root}/bin/ompir.js`;
  test("a program too large for the heap: one line and exit 2, not a V8 abort", () => {
    // dist/ from today's sources (test/dist.ts); a failed build fails the test.
    ensureDist();
    const dir = fs.mkdtempSync(`${os.tmpdir()}/ompir-big-`);
    try {
      const file = `${dir}/big.oir`;
      const fd = fs.openSync(file, "w");
      writeBytes(fd, 5_000_000);
      fs.closeSync(fd);
      const r = spawnSync(process.execPath, ["--max-old-space-size=48", bin, "check", file], { encoding: "utf8" });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^ompir: the program is too large for the memory available \(.*\)\n$/);
      // A smaller file with an error in its first item: read item by item it would fit, but its
      // diagnostics need the one-piece parse, which would not.
      const badFile = `${dir}/bad.oir`;
      const bfd = fs.openSync(badFile, "w");
      fs.writeSync(bfd, "device @bad( {\n^e:\n  ret\n}\n");
      writeBytes(bfd, 2_000_000);
      fs.closeSync(bfd);
      const bad = spawnSync(process.execPath, ["--max-old-space-size=48", bin, "check", badFile], { encoding: "utf8" });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/^ompir: the program is too large for the memory available \(.*\)\n$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("linear naming", () => {
  test("freshSymbol continues past the last suffix it gave, skipping names in use", () => {
    const m = newModule();
    addGlobal(m, "a", "global", "i32");
    addGlobal(m, "a.2", "global", "i32");
    expect([freshSymbol(m, "a"), freshSymbol(m, "a"), freshSymbol(m, "a"), freshSymbol(m, "b"), freshSymbol(m, "b")]).toEqual(["a.1", "a.3", "a.4", "b", "b.1"]);
  });

  test("duplicate value names get the first free suffixes, in order", () => {
    const text = "device @f() {\n^e:\n  %x = add i32 1, 2\n  %y = add i32 %x, 1\n  %x.2 = add i32 %y, 1\n  ret\n}\n";
    const m = parseModule(text);
    const f = m.functions[0]!;
    for (const v of f.values) if (v.name === "y") v.name = "x";
    expect(printModule(m)).toContain("%x.1 = add i32 %x, 1\n  %x.2 = add i32 %x.1, 1");
    const names = ["x", "x", "x.2", "x", "x"];
    const g = parseModule(`device @g() {\n^e:\n${names.map((_, i) => `  %v${i} = add i32 ${i}, 0`).join("\n")}\n  ret\n}\n`).functions[0]!;
    g.values.filter((v) => v.name !== null).forEach((v, i) => (v.name = names[i]!));
    const printed = printModule({ ...m, functions: [g] });
    expect([...printed.matchAll(/%([\w.]+) = add/g)].map((x) => x[1])).toEqual(["x", "x.1", "x.2", "x.3", "x.4"]);
  });
});

describe("grammar", () => {
  test("token definitions and grammar pass chevrotain's validations (skipped at start-up)", () => {
    expect(() => checkGrammar()).not.toThrow();
  });
});
