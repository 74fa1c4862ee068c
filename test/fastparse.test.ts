// The fast reader (src/ir/fastparse.ts) against the chevrotain grammar: on well-formed text
// the same AST (so the same module and the same locations); on anything else it gives up,
// so every diagnostic is still chevrotain's. Corpus: every .oir of examples/ and test/, the
// fuzzer's programs, the C front end's output; adversarial snippets; random mutations.

import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import type { ModuleAst } from "../src/ir/ast.js";
import { DiagnosticError, formatDiagnostics } from "../src/ir/diagnostics.js";
import { fastParseHeader, fastParseItems } from "../src/ir/fastparse.js";
import type { Module } from "../src/ir/ir.js";
import { srcCol, srcFile, srcLine } from "../src/ir/loc.js";
import { parseAst, parseModuleWith } from "../src/ir/parse.js";
import { printModule } from "../src/ir/printer.js";
import { LineMap } from "../src/ir/text.js";
import { Rng } from "../src/tools/rng.js";
import { generateGenericProgram } from "../src/tools/genkernels.js";
import { compileC } from "../src/frontend/c/index.js";
import { generate } from "../bench/shapes.js";
import { ALL_CONSTRUCTS } from "./parser-samples.js";

function oirFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...oirFiles(p));
    else if (e.name.endsWith(".oir")) out.push(p);
  }
  return out.sort();
}

/** Every location of a module, in a fixed order (files included). */
function locs(m: Module): string {
  const at = (l: Parameters<typeof srcLine>[0]) => `${srcFile(l) ?? ""}:${srcLine(l)}:${srcCol(l)}`;
  const out: string[] = [];
  for (const g of m.globals) out.push(`@${g.name} ${at(g.loc)}`);
  for (const f of m.functions) {
    out.push(`@${f.name} ${at(f.loc)}`);
    for (const b of f.blocks) out.push(`^${b.name} ${at(b.loc)}`);
    for (const i of f.insts) out.push(`${i.kind} ${at(i.loc)}`);
  }
  return out.join("\n");
}

/** What parseModule makes of `text` with the given reader: the printed module and every
 *  location, or the formatted diagnostics (file:line:col, message, underline). */
function outcome(text: string, reader: "fast" | "chevrotain"): string {
  try {
    const m = parseModuleWith(text, "t.oir", reader);
    return `module\n${printModule(m, { locs: true })}\n${locs(m)}`;
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    return `error\n${formatDiagnostics(e.diagnostics, text)}`;
  }
}

/** The one-piece AST from chevrotain, or null if it does not lex or parse. */
function chevrotainAst(text: string): ModuleAst | null {
  try {
    return parseAst(text, "t.oir");
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    return null;
  }
}

/** Both readers agree on `text`: the fast one gives chevrotain's AST or gives up (never
 *  accepts what chevrotain rejects), and parseModule's outcome is the same. Returns whether
 *  the fast reader accepted it. */
function agree(text: string): boolean {
  const slow = chevrotainAst(text);
  const fast = fastParseItems(text, new LineMap(text), 0, text.length);
  if (slow === null) expect(fast).toBeNull();
  else if (fast !== null) expect(fast).toEqual(slow);
  expect(outcome(text, "fast")).toBe(outcome(text, "chevrotain"));
  return fast !== null;
}

const files = [...oirFiles("examples"), ...oirFiles("test")];

describe("the fast reader gives chevrotain's AST", () => {
  test.each(files)("%s", (file) => {
    const text = fs.readFileSync(file, "utf8");
    const ok = agree(text);
    // Every well-formed file of the repository takes the fast path.
    if (chevrotainAst(text) !== null) expect(ok).toBe(true);
  });

  test("parser samples and the six kernel shapes", () => {
    expect(agree(ALL_CONSTRUCTS)).toBe(true);
    expect(agree(generate(60))).toBe(true);
  });

  test("the fuzzer's programs, 200 seeds", () => {
    for (let seed = 7_100_000; seed < 7_100_200; seed++) {
      expect(agree(generateGenericProgram(seed))).toBe(true);
    }
  }, 120_000);

  test("the C front end's output, with loc suffixes", async () => {
    const dir = "test/c";
    let n = 0;
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith(".c")).sort()) {
      let m: Module;
      try {
        m = await compileC(fs.readFileSync(path.join(dir, f), "utf8"), f);
      } catch {
        continue; // the C tests that expect a front-end error
      }
      for (const locsOn of [false, true]) {
        const text = printModule(m, { locs: locsOn });
        expect(agree(text)).toBe(true);
      }
      n++;
    }
    expect(n).toBeGreaterThan(50);
  }, 120_000);

  test("headers: what parse.ts declares before the bodies", () => {
    const text = "kernel @k(%a: ptr, %n: i32) spmd readnone cost(3) assume(\"x\") loc(\"k.c\":4:2) {\n^e:\n  ret\n}\n";
    const lines = new LineMap(text);
    const h = fastParseHeader(text, lines, 0, text.indexOf("{"))!;
    const whole = chevrotainAst(text)!.items[0]!;
    expect({ ...h, item: "function", blocks: (whole as { blocks: unknown }).blocks }).toEqual(whole);
    expect(fastParseHeader(text, lines, 0, text.indexOf("{") - 3)).toBeNull(); // inside the loc(…)
  });
});

// Small well-formed modules with something odd in them; each is checked whole, and with
// every prefix cut at each of its characters (so every token kind meets the end of input).
const BODY = "host @main() -> i32 {\n^entry:\n  %x = add i32 1, 2\n  ret %x\n}\n";
const ADVERSARIAL: [string, string][] = [
  ["CRLF line ends", BODY.replace(/\n/g, "\r\n")],
  ["lone CR line ends", BODY.replace(/\n/g, "\r")],
  ["tabs and no spaces", "host\t@main()->i32{^entry:%x=add\ti32\t1,2\tret\t%x}"],
  ["comments everywhere", "; a\nhost ;b\n @main ;c\n( ;d\n) ;e\n -> ;f\n i32 ;g\n { ;h\n ^entry ;i\n : ;j\n %x ;k\n = ;l\n add ;m\n i32 ;n\n 1 ;o\n , ;p\n 2 ;q\n ret ;r\n %x ;s\n } ;t"],
  ["comment with CR and unicode", "; é \r ünïcödé \u2028 \u{1F600}\r\n" + BODY],
  ["unicode in strings", "host @main() -> i32 {\n^entry:\n  print \"h\u00e9llo \u{1F600} \\x41\\n\\t\\0\\\\\\\"\"\n  ret 0\n}\n"],
  ["raw CR inside a string", "host @main() -> i32 {\n^entry:\n  print \"a\rb\"\n  ret 0\n}\n"],
  ["bad escape", "host @main() -> i32 {\n^entry:\n  print \"a\\qb\"\n  ret 0\n}\n"],
  ["bad hex escape", "host @main() -> i32 {\n^entry:\n  print \"a\\x4\"\n  ret 0\n}\n"],
  ["unterminated string", "host @main() -> i32 {\n^entry:\n  print \"abc\n  ret 0\n}\n"],
  ["backslash at end of line", "host @main() -> i32 {\n^entry:\n  print \"abc\\\n\"\n  ret 0\n}\n"],
  ["names that look like keywords", "host @add(%add: i32, %ret: i32) -> i32 {\n^br:\n  %i32 = add i32 %add, %ret\n  %global = add i32 %i32, 1\n  ret %global\n}\nhost @main() -> i32 {\n^entry:\n  %r = call @add(1, 2)\n  ret %r\n}\n"],
  ["keyword prefixes", "host @main() -> i32 readnonex addx {\n^entry:\n  ret 0\n}\n"],
  ["names with dollar, dash and dots", "host @m.a$-b() -> i32 {\n^e.1-x$:\n  %a-1 = add i32 1, 2\n  %.5 = add i32 %a-1, 3\n  ret %.5\n}\n"],
  ["huge integers", "global @g : global i64 = 99999999999999999999999999999\nglobal @h : global i64 x 3 = [-0x7fffffffffffffffffff, 0XAbC, 000123]\n" + BODY],
  ["float forms", "global @f : global f64 x 9 = [1.5, -2.25e10, 3e-2, 4E+7, 0.0e0, inf, -inf, nan, 1e400]\n" + BODY],
  ["number run into a word", "host @main() -> i64 {\n^entry:\n  %x = sext i32 5to i64\n  ret %x\n}\n"],
  ["hex run into a word", "global @g : global i32 = 0x1fg\n" + BODY],
  ["-inf run into a word", "global @g : global f64 = -infx\n" + BODY],
  ["trailing dot", "global @g : global f64 = 1.\n" + BODY],
  ["float with dangling exponent", "global @g : global f64 = 1.5e+\n" + BODY],
  ["minus alone", "global @g : global i32 = - 1\n" + BODY],
  ["empty names", "host @() -> i32 {\n^entry:\n  ret 0\n}\n"],
  ["stray characters", "host @main() -> i32 {\n^entry:\n  ret 0 #\n}\n\u00a0"],
  ["form feed", "host @main() -> i32 {\f\n^entry:\n  ret 0\n}\n"],
  ["ret before an assignment", "host @main() -> i32 {\n^entry:\n  ret\n  %x = add i32 1, 2\n^b:\n  ret %x\n}\n"],
  ["ret before a block", "host @main() {\n^entry:\n  ret\n^b:\n  ret\n}\n"],
  ["loc suffixes", "kernel @k(%a: ptr) generic loc(\"p.c\":3:1) {\n^e:\n  %t = omp.thread_num loc(\"p.c\":5:9)\n  ret loc(\"h.h\":0x10:-1)\n}\nhost @main() -> i32 {\n^e:\n  omp.target @k(null) teams(1) threads(4) device(0) map(always, tofrom: i32 null[0:4], f32 null[1:2]) map(to: i8 null[0:1]) nowait loc(\"p.c\":9:1)\n  ret 0\n}\n"],
  ["attribute named loc", "host @main() -> i32 loc cost(2) {\n^e:\n  ret 0\n}\n"],
  ["attribute lists", "declare device @d() readnone state_machine(@a, b, @c) assume(\"ompx\") cost(-3)\n" + BODY],
  ["all instruction forms", ALL_CONSTRUCTS],
  ["two items on a line", "global @a : global i32 global @b : shared i32 x 4\n" + BODY],
  ["only comments", "; nothing here\n"],
  ["empty", ""],
];

describe("adversarial text", () => {
  test.each(ADVERSARIAL)("%s", (_, text) => {
    agree(text);
    for (let i = 0; i < text.length; i += Math.max(1, Math.floor(text.length / 200))) agree(text.slice(0, i));
  });

  test("well-formed oddities take the fast path", () => {
    for (const name of ["CRLF line ends", "lone CR line ends", "tabs and no spaces", "comments everywhere", "comment with CR and unicode",
      "unicode in strings", "raw CR inside a string", "names that look like keywords", "keyword prefixes", "names with dollar, dash and dots",
      "huge integers", "float forms", "ret before an assignment", "ret before a block", "loc suffixes", "attribute named loc", "attribute lists",
      "two items on a line"]) {
      const text = ADVERSARIAL.find((c) => c[0] === name)![1];
      expect([name, fastParseItems(text, new LineMap(text), 0, text.length) !== null]).toEqual([name, true]);
    }
  });
});

describe("mutations", () => {
  // Single-character deletions and insertions into example files: the outcome (module or
  // diagnostics with positions) is the same as chevrotain's alone.
  test("500 random single-character edits of the examples", () => {
    const sources = oirFiles("examples").map((f) => fs.readFileSync(f, "utf8")).filter((t) => t.length < 20_000);
    const alphabet = ["\n", "\r", " ", "\t", ";", "\"", "\\", "%", "@", "^", "-", ">", "(", ")", "{", "}", "[", "]", ",", ":", "=", ".", "0", "1", "9", "x", "e", "a", "i", "_", "$", "é", "#"];
    const rng = new Rng(14_2);
    let accepted = 0;
    for (let n = 0; n < 500; n++) {
      const src = sources[rng.int(0, sources.length - 1)]!;
      const at = rng.int(0, src.length);
      const text = rng.int(0, 1) === 0 ? src.slice(0, at) + src.slice(at + 1) : src.slice(0, at) + alphabet[rng.int(0, alphabet.length - 1)] + src.slice(at);
      if (agree(text)) accepted++;
    }
    // Most edits land in comments, names or numbers and still parse.
    expect(accepted).toBeGreaterThan(100);
  }, 300_000);
});
